import { describe, expect, it } from 'vitest';
import { readBenchfmtAll } from '../../../src/core/benchfmt/index.js';
import { compare, prepareSources, renderCsv, renderMarkdown, renderText, toComparisonJson } from '../../../src/core/compare/index.js';

function file(ns: readonly number[], mbs: readonly number[], extra = ''): string {
  const lines = ['goos: linux', 'goarch: amd64', 'pkg: example.com/enc', extra];
  ns.forEach((v, i) => lines.push(`BenchmarkEncode/format=json-8 1000 ${v} ns/op ${mbs[i]} MB/s 24 B/op`));
  ns.forEach((v) => lines.push(`BenchmarkDecode-8 1000 ${v * 3} ns/op 0 MB/s 48 B/op`));
  return lines.join('\n') + '\n';
}

const OLD = file([1718, 1720, 1711, 1730, 1716, 1719, 1722, 1709, 1725, 1714], [300, 301, 299, 302, 300, 300, 301, 298, 303, 300]);
const NEW = file(
  [1423, 1420, 1431, 1418, 1425, 1427, 1419, 1430, 1422, 1424],
  [360, 361, 359, 362, 360, 360, 361, 358, 363, 360],
  'Unit B/op better=lower',
);

function result(holm = false) {
  return compare(
    [
      { name: 'old.txt', records: readBenchfmtAll(OLD) },
      { name: 'new.txt', records: readBenchfmtAll(NEW) },
    ],
    { alpha: 0.05, confidence: 0.95, holm },
  );
}

describe('renderers', () => {
  it('text: benchstat layout, and the delta interval only when asked', () => {
    const r = result();
    const plain = renderText(r).stdout;
    expect(plain).toContain('Encode/format=json-8   1.719µ ± 0%   1.423µ ± 0%  -17.17% (p=0.000 n=10)');
    // 0 MB/s stays in an MB/s table: golang/perf keeps the printed unit when tidying leaves the value unchanged.
    expect(plain).toContain('Decode-8   0.000 ± 0%   0.000 ± 0%  ~ (p=1.000 n=10) ¹');
    expect(plain).not.toContain('[');
    const ci = renderText(r, { deltaCi: true }).stdout;
    expect(ci).toContain('Encode/format=json-8   1.719µ ± 0%   1.423µ ± 0%  -17.17% [-17.4%, -16.8%] (p=0.000 n=10)');
    expect(ci).toContain('286.1Mi ± 1%   343.3Mi ± 1%  +20.00% [+19.5%, +20.4%] (p=0.000 n=10)');
    expect(renderText(r).stderr).toBe('');
  });

  it('csv: raw numbers in Go %v form', () => {
    const csv = renderCsv(result()).stdout;
    expect(csv).toContain(',old.txt,,new.txt,,,\n,sec/op,CI,sec/op,CI,vs base,P\n');
    expect(csv).toContain('Encode/format=json-8,1.7185000000000001e-06,0%,1.4235e-06,0%,-17.17%,p=0.000 n=10\n');
  });

  it('markdown: one GitHub table per unit with direction marks and intervals', () => {
    const md = renderMarkdown(result());
    expect(md).toContain('```\ngoos: linux\ngoarch: amd64\npkg: example.com/enc\n```');
    expect(md).toContain('| sec/op | old.txt | new.txt | vs base |\n|---|---:|---:|---|');
    expect(md).toContain('| Encode/format=json-8 | 1.719µ ± 0% | 1.423µ ± 0% | **-17.17%** [-17.4%, -16.8%] (better) (p=0.000 n=10) |');
    expect(md).toContain('| Encode/format=json-8 | 286.1Mi ± 1% | 343.3Mi ± 1% | **+20.00%** [+19.5%, +20.4%] (better) (p=0.000 n=10) |');
    expect(md).toContain('| Decode-8 | 48.00 ± 0% | 48.00 ± 0% | ~ (p=1.000 n=10) ¹ |');
    expect(md).toContain('| geomean |');
  });

  it('json: every number, intervals, direction, hints and footnotes', () => {
    const j = toComparisonJson(result());
    expect(j.by).toBe('.file');
    const sec = j.tables.find((t) => t.unit === 'sec/op')!;
    expect(sec.config).toEqual([
      ['goos', 'linux'],
      ['goarch', 'amd64'],
      ['pkg', 'example.com/enc'],
    ]);
    expect(sec.columns).toEqual(['old.txt', 'new.txt']);
    expect(sec.better).toBe('lower');
    const row = sec.rows[0];
    expect(row.cells[0]).toMatchObject({
      n: 10,
      center: 1.7185000000000001e-6,
      samples: expect.any(Array),
      text: '1.719µ ± 0%',
      range: '0%',
      noisy: false,
    });
    expect(row.cells[0]!.samples).toHaveLength(10);
    const d = row.deltas[1]!;
    expect(d).toMatchObject({ text: '-17.17%', significant: true, direction: 'better', hint: null, ciText: '[-17.4%, -16.8%]' });
    expect(d.ciLo! < d.estimate! && d.estimate! < d.ciHi! && d.ciHi! < 1).toBe(true);

    expect(d.holmP).toBeGreaterThanOrEqual(d.p!);
    expect(sec.geomean?.deltaTexts[1]).toBe('-17.17%');
    expect(sec.geomean?.texts).toEqual(['2.977µ', '2.466µ']);
    // B/s: higher is better; Decode has 0 MB/s on both sides -> all samples equal.
    const bs = j.tables.find((t) => t.unit === 'B/s')!;
    expect(bs.better).toBe('higher');
    expect(bs.rows[0].deltas[1]?.direction).toBe('better');
    const mbs = j.tables.find((t) => t.unit === 'MB/s')!;
    expect(mbs.footnotes.map((f) => f.text)).toEqual(['all samples are equal']);
    expect(mbs.rows[0].cells[0]?.footnotes).toEqual([]);
    expect(mbs.rows[0].deltas[1]).toMatchObject({ text: '~', direction: 'same', footnotes: [1], p: 1 });
  });

  it('hints how many runs a ~ row needs', () => {
    const a = 'BenchmarkX 1 100 ns/op\nBenchmarkX 1 104 ns/op\nBenchmarkX 1 99 ns/op\nBenchmarkX 1 103 ns/op\nBenchmarkX 1 101 ns/op\n';
    const b = 'BenchmarkX 1 102 ns/op\nBenchmarkX 1 105 ns/op\nBenchmarkX 1 100 ns/op\nBenchmarkX 1 104 ns/op\nBenchmarkX 1 103 ns/op\n';
    const j = toComparisonJson(
      compare(
        [
          { name: 'a', records: readBenchfmtAll(a) },
          { name: 'b', records: readBenchfmtAll(b) },
        ],
        { alpha: 0.05, confidence: 0.95 },
      ),
    );
    const d = j.tables[0].rows[0].deltas[1]!;
    expect(d.text).toBe('~');
    expect(d.direction).toBe('same');
    expect(d.hint?.kind).toBe('enough-power-at');
    expect(d.hint?.kind === 'enough-power-at' && d.hint.runs).toBeGreaterThan(5);
    expect(d.ciLo! <= 1 && d.ciHi! >= 1).toBe(true);
  });

  it('re-projects a prepared input without re-reading', () => {
    const prepared = prepareSources([
      { name: 'old.txt', records: readBenchfmtAll(OLD) },
      { name: 'new.txt', records: readBenchfmtAll(NEW) },
    ]);
    const byFile = compare(prepared, { alpha: 0.05, confidence: 0.95 });
    const byName = compare(prepared, { alpha: 0.05, confidence: 0.95, col: '.name', row: '.file', filter: '.unit:sec/op' });
    expect(byFile.tables).toHaveLength(4);
    expect(byName.tables).toHaveLength(1);
    expect(byName.tables[0].cols).toEqual([['Encode'], ['Decode']]);
    expect(byName.tables[0].rows).toEqual(['old.txt', 'new.txt']);
  });

  it('re-projections reuse the verdicts kept with each pair and still answer as a fresh input', () => {
    const sources = () => [
      { name: 'old.txt', records: readBenchfmtAll(OLD) },
      { name: 'new.txt', records: readBenchfmtAll(NEW) },
    ];
    const prepared = prepareSources(sources());
    const json = (p: ReturnType<typeof prepareSources>, holm: boolean, tolerancePct: number) =>
      toComparisonJson(compare(p, { alpha: 0.05, confidence: 0.95, holm }), { tolerancePct });
    // Warm the pairs with one option set, then ask for others: each must equal a fresh input's answer.
    json(prepared, false, 2);
    for (const [holm, tol] of [
      [true, 2],
      [false, 30],
      [true, 0.5],
      [false, 2],
    ] as const) {
      const fresh = json(prepareSources(sources()), holm, tol);
      expect(json(prepared, holm, tol)).toEqual(fresh);
    }
    const tolerances = (j: ReturnType<typeof json>) =>
      new Set(j.tables.flatMap((t) => t.rows.flatMap((r) => r.deltas.map((d) => d?.verdict.tolerancePct))));
    expect(tolerances(json(prepared, false, 30))).toEqual(new Set([undefined, 30]));
    expect(tolerances(json(prepared, false, 0.5))).toEqual(new Set([undefined, 0.5]));
  });
});

describe('delta interval text', () => {
  it('never prints a non-zero bound as -0.0% or +0.0%: more decimals, or ±0.0% when it hugs zero', async () => {
    const { formatInterval } = await import('../../../src/core/compare/cell-text.js');
    const iv = (lo: number, hi: number) => formatInterval({ estimate: (lo + hi) / 2, lo, hi } as never);
    expect(iv(0.9, 0.95)).toBe('[-10.0%, -5.0%]');
    expect(iv(0.9996, 1.0003)).toBe('[-0.04%, +0.03%]');
    expect(iv(0.99996, 1.00003)).toBe('[-0.004%, +0.003%]');
    expect(iv(0.9999996, 1.0000003)).toBe('±0.0%');
    expect(iv(0.5, Infinity)).toBe('[-50.0%, +∞]');
    expect(iv(0.9996, 1.05)).toBe('[-0.04%, +5.00%]');
  });
});
