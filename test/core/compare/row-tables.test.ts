// The text renderer's row-by-row tables (compareStream's rowTables, table-builder.ts) against
// whole tables: the same text for every projection and option the CLI passes, on inputs with
// missing cells, a missing baseline, NaN values, zeros, several tables and pooled cells.
import { describe, expect, it } from 'vitest';
import { compare, compareStream, prepareTexts, renderText, writeText, type CompareOptions } from '../../../src/core/compare/index.js';

function runs(name: string, values: readonly number[], unit = 'ns/op', extra = ''): string[] {
  return values.map((v, i) => `Benchmark${name} ${1000 + i} ${v} ${unit}${extra}`);
}

// Two machines' runs of a small codec package: sub-benchmarks, MB/s, B/op, a benchmark only in
// the new file, one only in the old one, a NaN sample, zero allocations, a second package.
const OLD = [
  'goos: linux',
  'goarch: amd64',
  'pkg: example.com/codec',
  'cpu: AMD EPYC 7B13',
  ...runs('Encode/json/size=64-8', [812, 805, 820, 811, 809, 815], 'ns/op', ' 78.8 MB/s 64 B/op 1 allocs/op'),
  ...runs('Encode/gob/size=64-8', [1210, 1190, 1250, 1205, 1199, 1230], 'ns/op', ' 52.9 MB/s 0 B/op 0 allocs/op'),
  ...runs('Decode/json/size=64-8', [2010, 1990, 2050, 2005, 2001, 2030]),
  ...runs('Legacy-8', [91, 92, 90, 93, 91, 92]),
  ...runs('Flaky-8', [5, 6, NaN, 5, 5, 6]),
  'pkg: example.com/codec/stream',
  ...runs('Stream-8', [40100, 40500, 39900, 40200, 40300, 40000], 'ns/op', ' 0 B/op'),
].join('\n');
const NEW = [
  'goos: linux',
  'goarch: amd64',
  'pkg: example.com/codec',
  'cpu: AMD EPYC 7B13',
  ...runs('Encode/json/size=64-8', [701, 699, 712, 705, 700, 698], 'ns/op', ' 91.3 MB/s 48 B/op 1 allocs/op'),
  ...runs('Encode/gob/size=64-8', [1208, 1195, 1240, 1201, 1203, 1228], 'ns/op', ' 53.0 MB/s 0 B/op 0 allocs/op'),
  ...runs('Decode/json/size=64-8', [2110, 2090, 2150, 2105, 2101, 2130]),
  ...runs('Fresh-8', [10, 11, 10, 12, 10, 11]),
  ...runs('Flaky-8', [5, 5, 6, 5, 6, 5]),
  'pkg: example.com/codec/stream',
  ...runs('Stream-8', [0, 0, 0, 0, 0, 0], 'ns/op', ' 0 B/op'),
].join('\n');

function rowByRow(opts: CompareOptions, deltaCi: boolean): string {
  const input = prepareTexts([
    { name: 'old.txt', text: OLD },
    { name: 'new.txt', text: NEW },
  ]);
  const s = compareStream(input, opts);
  expect(s.rowTables).not.toBeNull();
  const parts: string[] = [];
  writeText({ tableFields: s.tableFields, tables: s.rowTables! }, (x) => parts.push(x), { deltaCi });
  return parts.join('');
}

function whole(opts: CompareOptions, deltaCi: boolean): string {
  const input = prepareTexts([
    { name: 'old.txt', text: OLD },
    { name: 'new.txt', text: NEW },
  ]);
  return renderText(compare(input, opts), { deltaCi }).stdout;
}

describe('compareStream rowTables', () => {
  const base = { alpha: 0.05, confidence: 0.95 };
  const cases: CompareOptions[] = [
    base,
    { ...base, alpha: 0.2, confidence: 0.8 },
    { ...base, col: '.file', row: '.name', table: '' },
    { ...base, col: 'pkg', row: '.name', table: '' },
    { ...base, col: '/size', row: '.name', table: 'goos' },
    { ...base, filter: '.name:/Encode.*/', table: 'pkg' },
    { ...base, col: '.file', row: '.fullname', ignore: 'pkg' },
  ];
  it('writes exactly the text of whole tables', () => {
    for (const opts of cases) {
      for (const deltaCi of [false, true]) {
        const want = whole(opts, deltaCi);
        expect(rowByRow(opts, deltaCi), JSON.stringify(opts)).toBe(want);
      }
    }
    // The cases reach geomean rows, footnotes, missing cells and `?` deltas.
    const text = whole(base, false);
    expect(text).toMatch(/geomean/);
    expect(text).toMatch(/NaN values left out/);
    expect(text).toMatch(/benchmark set differs from baseline/);
  });

  it('is not offered with Holm (the adjustment needs every row first)', () => {
    const input = prepareTexts([{ name: 'old.txt', text: OLD }]);
    expect(compareStream(input, { ...base, holm: true }).rowTables).toBeNull();
  });
});
