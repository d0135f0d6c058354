import { describe, expect, it } from 'vitest';
import { readBenchfmtAll } from '../../../src/core/benchfmt/index.js';
import { compare, labelInputs } from '../../../src/core/compare/index.js';
import { goUnquote, parseFilterQuery, parseProjectionQuery, QuerySyntaxError } from '../../../src/core/compare/query-syntax.js';
import { LabFailure } from '../../../src/shared/errors.js';

const A = `goos: linux
pkg: p
BenchmarkEncode/format=json-8 10 100 ns/op 5 B/op
BenchmarkEncode/format=gob-8 10 200 ns/op 6 B/op
BenchmarkDecode/format=json-8 10 300 ns/op 7 B/op
BenchmarkDecode/format=json-2 10 310 ns/op 7 B/op
`;

function rowsOf(filter: string, extra: Record<string, string> = {}): string[] {
  const r = compare([{ name: 'a', records: readBenchfmtAll(A) }], { alpha: 0.05, confidence: 0.95, filter, ...extra });
  return r.tables.flatMap((t) => t.rows.map((row) => `${t.unit} ${row}`));
}

describe('filter and projection syntax', () => {
  it('parses filters into trees', () => {
    expect(parseFilterQuery('*')).toEqual({ kind: 'and', exprs: [] });
    const q = parseFilterQuery('.name:Encode AND -/format:(gob OR xml) .unit:/^sec/');
    expect(q.kind).toBe('and');
    expect(q.kind === 'and' && q.exprs.map((e) => e.kind)).toEqual(['match', 'not', 'match']);
    expect(parseProjectionQuery('.name, /size@num ,goos@(linux darwin)')).toMatchObject([
      { key: '.name', order: 'first' },
      { key: '/size', order: 'num' },
      { key: 'goos', order: 'fixed', fixed: ['linux', 'darwin'] },
    ]);
  });

  it('reports syntax errors with benchproc messages and a caret', () => {
    const msg = (q: string): string => {
      try {
        parseFilterQuery(q);
      } catch (e) {
        return (e as QuerySyntaxError).message;
      }
      return 'no error';
    };
    expect(msg('.name:')).toBe('syntax error: expected key:value\n\t.name:\n\t^');
    expect(msg('a:b )')).toBe('syntax error: unexpected ")"\n\ta:b )\n\t    ^');
    expect(msg('(a:b')).toBe('syntax error: missing ")"\n\t(a:b\n\t    ^');
    expect(msg('a:/x**/')).toBe('syntax error: error parsing regexp: invalid nested repetition operator: `**`\n\ta:/x**/\n\t  ^');
    expect(msg('a:"x')).toBe('syntax error: missing end quote\n\ta:"x\n\t  ^');
    expect(msg('a:(b c)')).toBe('syntax error: value list must be separated by OR\n\ta:(b c)\n\t     ^');
    const pmsg = (q: string): string => {
      try {
        parseProjectionQuery(q);
      } catch (e) {
        return (e as QuerySyntaxError).message;
      }
      return 'no error';
    };
    expect(pmsg('a@')).toBe('syntax error: expected named sort order or parenthesized list\n\ta@\n\t  ^');
    expect(pmsg('a@()')).toBe('syntax error: nothing to match\n\ta@()\n\t   ^');
  });

  it('unquotes Go string literals', () => {
    expect(goUnquote('"a\\tb\\u00e9\\x41\\101"')).toBe('a\tbéAA');
    expect(goUnquote('"bad\\q"')).toBeNull();
  });

  it('filters results and values as benchstat does', () => {
    expect(rowsOf('.name:Encode')).toEqual([
      'sec/op Encode/format=json-8',
      'sec/op Encode/format=gob-8',
      'B/op Encode/format=json-8',
      'B/op Encode/format=gob-8',
    ]);
    expect(rowsOf('/format:json .unit:B/op')).toEqual([
      'B/op Encode/format=json-8',
      'B/op Decode/format=json-8',
      'B/op Decode/format=json-2',
    ]);
    expect(rowsOf('-.unit:ns/op /gomaxprocs:2')).toEqual(['B/op Decode/format=json-2']);
    expect(rowsOf('.fullname:/gob/ OR /format:(xml OR gob)')).toHaveLength(2);
    expect(rowsOf('*', { row: '/format@(json)' })).toEqual(['sec/op json', 'B/op json']);
    expect(rowsOf('*', { row: '.fullname@alpha' })[0]).toBe('sec/op Decode/format=json-2');
  });

  it('refuses bad options with InvalidInput naming the option', () => {
    const bad: [string, Record<string, string>][] = [
      ['-filter', { filter: '.config:x' }],
      ['-table', { table: '.unit' }],
      ['-col', { col: 'x@nope' }],
      ['-row', { row: '.unit' }],
      ['-filter', { filter: 'a:' }],
      ['-col', { col: '.config@(a)' }],
    ];
    for (const [field, o] of bad) {
      try {
        compare([{ name: 'a', records: [] }], { alpha: 0.05, confidence: 0.95, ...o });
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(LabFailure);
        expect((e as LabFailure).error).toMatchObject({ code: 'InvalidInput', detail: { field } });
      }
    }
    expect(() => compare([], { alpha: 1.5, confidence: 0.95 })).toThrow(LabFailure);
  });

  it('labels repeated inputs like benchstat', () => {
    expect(labelInputs(['a.txt', 'b.txt', 'a.txt', 'new=c.txt'])).toEqual([
      { path: 'a.txt', label: 'a.txt#0' },
      { path: 'b.txt', label: 'b.txt' },
      { path: 'a.txt', label: 'a.txt#1' },
      { path: 'c.txt', label: 'new' },
    ]);
  });
});
