// Re-projecting one prepared input (the lab's comparison cache keeps it, with every statistic,
// every cell's JSON and the shapes' shared sample arrays) must answer exactly what a fresh input
// answers, in any order of projections: cells fed by one benchmark and by several, filters that
// keep some of a result's values, --holm, other rows, columns and tables.
import { describe, expect, it } from 'vitest';
import { compare, prepareTexts, renderText, TextPreparer, toComparisonJson, type CompareOptions } from '../../../src/core/compare/index.js';

/** `go test -bench` output of a codec package, run 12 times (6 in each of two packages); `slow` scales one case's ns/op,
 * `decodeNs` is the small decode's time (around 100 ns, where the printed precision changes). */
function goTestOutput(seed: number, slow: number, decodeNs: number): string {
  let s = seed;
  const noise = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return 1 + (s / 2147483648 - 0.5) * 0.06;
  };
  const lines = ['goos: linux', 'goarch: amd64', 'pkg: example.com/codec', 'cpu: AMD EPYC 7B13'];
  for (let run = 0; run < 12; run++) {
    if (run === 6) lines.push('pkg: example.com/codec/v2');
    for (const format of ['json', 'gob', 'xml']) {
      for (const size of [64, 4096]) {
        const base = (format === 'xml' ? 3 : 1) * size * 2.5 * (format === 'gob' && size === 4096 ? slow : 1);
        const ns = Math.round(base * noise());
        lines.push(`BenchmarkEncode/format=${format}/size=${size}-8 \t  100000\t ${ns} ns/op\t ${size * 2} B/op\t ${run % 2} allocs/op`);
      }
    }
    lines.push(`BenchmarkDecode/format=json/size=64-8 \t 12000000\t ${(decodeNs * noise()).toFixed(1)} ns/op\t 0 B/op\t 0 allocs/op`);
  }
  return lines.join('\n') + '\nPASS\nok  \texample.com/codec\t3.1s\n';
}

const PROJECTIONS: CompareOptions[] = [
  { alpha: 0.05, confidence: 0.95 },
  { alpha: 0.05, confidence: 0.95, filter: '/format:(json OR gob)' },
  // Several results (both sizes, both packages) in one cell: its values gathered in read order.
  { alpha: 0.05, confidence: 0.95, row: '/format', table: '' },
  { alpha: 0.05, confidence: 0.95, filter: '.unit:ns/op' },
  { alpha: 0.05, confidence: 0.95, holm: true },
  { alpha: 0.05, confidence: 0.95, row: '/size,/format', col: '.file', table: 'pkg' },
  { alpha: 0.05, confidence: 0.95, col: '.file@(new old)' },
  { alpha: 0.01, confidence: 0.9 },
  { alpha: 0.05, confidence: 0.95, row: '.name', ignore: 'pkg' },
  // One column alone: a row's scale follows from its own cell (Decode's 105 ns prints 105.0n
  // here and 105.00n beside the old 95 ns).
  { alpha: 0.05, confidence: 0.95, filter: '.file:new' },
  { alpha: 0.05, confidence: 0.95 },
];

const TEXTS = [
  { name: 'old', text: goTestOutput(7, 1, 95) },
  { name: 'new', text: goTestOutput(11, 1.3, 105) },
];

/** The input as the CLI prepares files: nothing kept across projections, samples copied per cell. */
function oneShot() {
  const t = new TextPreparer(false);
  for (const src of TEXTS) {
    t.begin(src);
    t.push(src.text);
    t.end();
  }
  return t.finish();
}

const both = (r: ReturnType<typeof compare>) => JSON.stringify(toComparisonJson(r)) + renderText(r, { deltaCi: true }).stdout;

describe('re-projection of a prepared input', () => {
  it('answers every projection as a fresh input does, in either order', () => {
    const fresh = PROJECTIONS.map((o) => both(compare(oneShot(), o)));
    // As the lab's comparison cache keeps it: statistics, cell JSON and shared samples reused.
    const shared = prepareTexts(TEXTS);
    const forward = PROJECTIONS.map((o) => both(compare(shared, o)));
    const backward = [...PROJECTIONS].reverse().map((o) => both(compare(shared, o)));
    expect(forward).toEqual(fresh);
    expect(backward.reverse()).toEqual(fresh);
    // The inputs differ where they should: pooled across both packages (12 runs a side, with
    // benchstat's footnote that they vary in pkg), the slowed case is significantly slower.
    const j = toComparisonJson(compare(shared, { alpha: 0.05, confidence: 0.95, table: '', filter: '.unit:ns/op' }));
    const gob = j.tables[0].rows.find((r) => r.name === 'Encode/format=gob/size=4096-8')!;
    expect(gob.deltas[1]?.significant).toBe(true);
    expect(gob.deltas[1]?.ratio).toBeGreaterThan(1.2);
    expect(j.tables[0].footnotes.map((f) => f.text)).toContain('benchmarks vary in pkg');
  });

  it('never changes a sample a previous answer holds', () => {
    const shared = prepareTexts(TEXTS);
    const first = toComparisonJson(compare(shared, PROJECTIONS[0]));
    const text = JSON.stringify(first);
    for (const o of PROJECTIONS) compare(shared, o);
    expect(JSON.stringify(first)).toBe(text);
    expect(first.tables[0].rows[0].cells[0]!.samples.length).toBe(6);
  });
});
