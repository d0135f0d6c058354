// Rows whose tie pattern makes benchstat's exact p depart from the textbook null (a constant
// side, two distinct values): compare() prints benchstat's p through src/core/stats alone, and
// the delta interval, inverting that same test, agrees with the verdict.
import { describe, expect, it } from 'vitest';
import { compare, prepareTexts, renderText, toComparisonJson } from '../../../src/core/compare/index.js';

const rep = (v: number, n: number): number[] => Array.from({ length: n }, () => v);

function file(rows: readonly (readonly number[])[]): string {
  const lines = ['goos: linux', 'pkg: example.com/t'];
  rows.forEach((xs, k) => xs.forEach((x) => lines.push(`BenchmarkT/case=${k} 1000 ${x} ns/op`)));
  return lines.join('\n') + '\n';
}

describe('tied rows', () => {
  const olds = [[8, 7, 8], [512, 513, 512], [512], [7], rep(201, 10), [1201, 1199, 1203, 1201, 1198, 1200, 1202, 1201, 1199, 1200]];
  const news = [rep(7, 7), rep(512, 11), rep(1, 5), rep(6, 12), rep(181, 12), [1180, 1178, 1181, 1180, 1179, 1182, 1180, 1177, 1181, 1180]];
  const r = compare(
    prepareTexts([
      { name: 'old', text: file(olds) },
      { name: 'new', text: file(news) },
    ]),
    { alpha: 0.05, confidence: 0.95 },
  );

  it("print benchstat's p (0.933, 1.571, 1.667, 1.846; p=0.000 for two constant sides)", () => {
    const out = renderText(r).stdout;
    expect(out).toContain('~ (p=0.933 n=3+7)');
    expect(out).toContain('~ (p=1.571 n=3+11)');
    expect(out).toMatch(/ ~ \(p=1\.667 n=1\+5\)/);
    expect(out).toContain('~ (p=1.846 n=1+12)');
    expect(out).toContain('-9.95% (p=0.000 n=10+12)');
    expect(out).toContain('-1.71% (p=0.000 n=10)');
  });

  it('delta intervals exclude 0% exactly on the significant rows', () => {
    const rows = toComparisonJson(r).tables[0].rows;
    expect(rows).toHaveLength(6);
    for (const row of rows) {
      const d = row.deltas[1]!;
      if (d.ciLo === null || d.ciHi === null) continue;
      expect(d.ciLo > 1 || d.ciHi < 1, `${row.name}: ${d.ciText} ${d.text}`).toBe(d.significant);
    }
    expect(rows.filter((row) => row.deltas[1]!.significant)).toHaveLength(2);
  });
});
