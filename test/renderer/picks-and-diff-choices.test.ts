// Two selections the views make from lists: benchmarks picked in the Repositories tree keep
// their packages, and the Profile view's "Diff against" offers only profiles that exist for
// the benchmark and kind on show.
import { describe, expect, it } from 'vitest';
import type { ProfileRecord } from '../../src/shared/models.js';
import { pickFromKey, pickKey, selectionOf, shortPackageNames, sourceLabel } from '../../src/renderer/src/model/bench-tree.js';
import { diffBase, diffChoices, diffValue } from '../../src/renderer/src/model/diff-options.js';

describe('benchmark picks', () => {
  it('keep their package: a name picked in one package runs there only', () => {
    const key = pickKey({ pkg: 'example.com/shields/badge', name: 'BenchmarkGenerate' });
    expect(pickFromKey(key)).toEqual({ pkg: 'example.com/shields/badge', name: 'BenchmarkGenerate' });
    expect(selectionOf([pickFromKey(key)])).toEqual({ packages: ['example.com/shields/badge'], bench: '^BenchmarkGenerate$' });
  });
  it('picks in two packages select both packages and both names', () => {
    expect(
      selectionOf([
        { pkg: 'x/b', name: 'BenchmarkB' },
        { pkg: 'x/a', name: 'BenchmarkA' },
        { pkg: 'x/a', name: 'BenchmarkC' },
      ]),
    ).toEqual({ packages: ['x/a', 'x/b'], bench: '^(?:BenchmarkA|BenchmarkB|BenchmarkC)$' });
  });
  it('say where the names came from', () => {
    expect(sourceLabel({ source: 'binary' })).toBe('go test -list');
    expect(sourceLabel({ source: 'static' })).toBe('static scan');
    expect(sourceLabel({ source: 'static', listError: 'go test -c failed: x' })).toBe('static scan (go test -c failed: x)');
  });
});

let nextId = 1;
const prof = (runId: number, refLabel: string, benchmark: string, kind: ProfileRecord['kind']): ProfileRecord => ({
  id: nextId++,
  runId,
  refLabel,
  pkg: 'p',
  benchmark,
  kind,
  sha256: '',
  size: 1,
  iterations: 101,
  path: '',
});

describe('diff choices', () => {
  const mine = [
    prof(5, 'base', 'BenchmarkSum', 'cpu'),
    prof(5, 'head', 'BenchmarkSum', 'cpu'),
    prof(5, 'other', 'BenchmarkSum', 'mem'),
    prof(5, 'third', 'BenchmarkJoin', 'cpu'),
  ];
  const others = [
    { runId: 4, title: 'old', profiles: [prof(4, 'main', 'BenchmarkSum', 'cpu'), prof(4, 'main', 'BenchmarkSum', 'mem')] },
    { runId: 3, title: 'no sum', profiles: [prof(3, 'main', 'BenchmarkJoin', 'cpu')] },
  ];
  it('lists only refs and runs that hold a profile of this benchmark and kind', () => {
    const c = diffChoices({ run: 5, bench: 'BenchmarkSum', kind: 'cpu', ref: 'head' }, mine, others);
    expect(c.map((x) => x.value)).toEqual(['ref:base', 'run:4:main']);
    expect(c[1]).toMatchObject({ baseRun: 4, baseRef: 'main' });
  });
  it('offers nothing when no other profile of the kind exists', () => {
    expect(diffChoices({ run: 5, bench: 'BenchmarkJoin', kind: 'cpu', ref: 'third' }, mine, [others[0]])).toEqual([]);
  });
  it('maps a route back to its choice', () => {
    expect(diffValue(undefined, undefined, 'head')).toBe('');
    expect(diffValue(undefined, 'base', 'head')).toBe('ref:base');
    expect(diffValue(4, undefined, 'main')).toBe('run:4:main');
    expect(diffValue(5, 'base', 'head', 5)).toBe('ref:base');
  });
  it('diffs against the ref chosen in another run, not the ref on show there', () => {
    const refIn = (other: number) => `head-as-known-in-${other}`;
    // the choice "run #4 old · main" while head of run 5 is on show
    const c = diffChoices({ run: 5, bench: 'BenchmarkSum', kind: 'cpu', ref: 'head' }, mine, others)[1];
    expect(diffBase(c.baseRun, c.baseRef, 5, refIn)).toEqual({ run: 4, ref: 'main' });
    // a link naming only the other run: the same ref there
    expect(diffBase(4, undefined, 5, refIn)).toEqual({ run: 4, ref: 'head-as-known-in-4' });
    // a link naming the run on show: its ref baseRef, never the profile on show itself
    expect(diffBase(5, 'base', 5, refIn)).toEqual({ run: 5, ref: 'base' });
    expect(diffBase(5, undefined, 5, refIn)).toBeUndefined();
    expect(diffBase(undefined, undefined, 5, refIn)).toBeUndefined();
  });
});

describe('short package names', () => {
  it('the last element where it is unique, more elements where names collide', () => {
    const m = shortPackageNames([
      'golang.org/x/text/language',
      'golang.org/x/text/internal/language',
      'golang.org/x/text/unicode/norm',
      'golang.org/x/text/cases',
      'example.com/a/lang',
      'example.com/b/x/lang',
      'lang',
    ]);
    expect(Object.fromEntries(m)).toEqual({
      'golang.org/x/text/language': 'text/language',
      'golang.org/x/text/internal/language': 'internal/language',
      'golang.org/x/text/unicode/norm': 'norm',
      'golang.org/x/text/cases': 'cases',
      'example.com/a/lang': 'a/lang',
      'example.com/b/x/lang': 'x/lang',
      lang: 'lang',
    });
    expect(new Set(m.values()).size).toBe(m.size);
  });
  it('keeps a major version suffix with its name', () => {
    const m = shortPackageNames(['github.com/pierrec/lz4/v4', 'github.com/pierrec/lz4/v4/internal/lz4block', 'example.com/v2']);
    expect(Object.fromEntries(m)).toEqual({
      'github.com/pierrec/lz4/v4': 'lz4/v4',
      'github.com/pierrec/lz4/v4/internal/lz4block': 'lz4block',
      'example.com/v2': 'example.com/v2',
    });
  });
  it('tells apart a path that is a suffix of another', () => {
    const m = shortPackageNames(['a/b', 'x/a/b', 'b']);
    expect(new Set(m.values()).size).toBe(3);
    expect(m.get('b')).toBe('b');
    expect(m.get('a/b')).toBe('a/b');
    expect(m.get('x/a/b')).toBe('x/a/b');
  });
});
