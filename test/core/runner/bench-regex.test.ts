import { describe, expect, it } from 'vitest';
import { LabFailure } from '../../../src/shared/errors.js';
import {
  exactBenchRegex,
  quoteMeta,
  restrictBenchRegex,
  selectTopLevel,
  splitBenchRegex,
  validateBenchRegex,
  reportsWhenRun,
} from '../../../src/core/runner/bench-regex.js';

describe('bench regexp (Go semantics)', () => {
  it('splits on slashes outside brackets and parentheses, and on top-level |', () => {
    expect(splitBenchRegex('BenchmarkA/size=1')).toEqual([['BenchmarkA', 'size=1']]);
    expect(splitBenchRegex('A/(x/y)/[/]')).toEqual([['A', '(x/y)', '[/]']]);
    expect(splitBenchRegex('A/x|B/y')).toEqual([
      ['A', 'x'],
      ['B', 'y'],
    ]);
    expect(splitBenchRegex('(A|B)/x')).toEqual([['(A|B)', 'x']]);
    expect(splitBenchRegex('A\\/B')).toEqual([['A\\/B']]);
  });

  it('rejects invalid regexps with RE2/Go messages naming the value', () => {
    for (const bad of ['a(b', 'x/[z', '\\C', 'a{1001}']) {
      let err: unknown;
      try {
        validateBenchRegex(bad);
      } catch (e) {
        err = e;
      }
      expect((err as LabFailure).error.code).toBe('InvalidRegex');
      expect((err as LabFailure).error.message).toContain(JSON.stringify(bad));
    }
    expect(() => validateBenchRegex('Fields/size=(4|64)$')).not.toThrow();
  });

  it('selects top-level names unanchored, per alternative', () => {
    const names = ['BenchmarkFields', 'BenchmarkSum', 'BenchmarkCustom'];
    expect(selectTopLevel(names, '.')).toEqual(names);
    expect(selectTopLevel(names, 'Sum|Fields/size=4')).toEqual(['BenchmarkFields', 'BenchmarkSum']);
    expect(selectTopLevel(names, '^BenchmarkS')).toEqual(['BenchmarkSum']);
  });

  it('restricts to given names while keeping deeper levels', () => {
    expect(restrictBenchRegex('.', ['BenchmarkB', 'BenchmarkC'])).toBe('^(?:BenchmarkB|BenchmarkC)$');
    expect(restrictBenchRegex('Fields/size=4|Sum', ['BenchmarkFields'])).toBe('^(?:BenchmarkFields)$/size=4');
    expect(restrictBenchRegex('Sum', ['BenchmarkFields'])).toBeNull();
  });

  it('quotes like regexp.QuoteMeta and builds exact per-level names', () => {
    expect(quoteMeta('a.b*c[d]')).toBe('a\\.b\\*c\\[d\\]');
    expect(exactBenchRegex('BenchmarkX/size=1.5')).toBe('^BenchmarkX$/^size=1\\.5$');
  });
});

describe('which started benchmarks Go must report', () => {
  it('every benchmark under a one-level pattern; not one an alternative gives a sub-benchmark level', () => {
    expect(reportsWhenRun('BenchmarkAdd', 'Add')).toBe(true);
    expect(reportsWhenRun('BenchmarkAdd', '.')).toBe(true);
    // '/small' runs every top level to look for sub-benchmarks named like small
    expect(reportsWhenRun('BenchmarkLogged', '/small')).toBe(false);
    expect(reportsWhenRun('BenchmarkSub', 'Sub/small|Add')).toBe(false);
    expect(reportsWhenRun('BenchmarkAdd', 'Sub/small|Add')).toBe(true);
    // a '/' inside brackets is not a level
    expect(reportsWhenRun('BenchmarkAdd', 'Add[/]?')).toBe(true);
  });
});
