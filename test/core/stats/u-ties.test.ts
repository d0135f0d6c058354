// benchstat's exact U test with ties (src/core/stats/u-ties.ts) against the code benchstat runs
// (test/fixtures/statsoracle): the whole CDF table of UDist for every two-group pattern up to
// N = 16 and for random patterns, the cases where it departs from the textbook conditional
// distribution (a constant side, two groups), and thousands of random tied pairs, all bit for
// bit. The textbook counts are recomputed here by brute force to show where the two part.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareSamples, uTest } from '../../../src/core/stats/index.js';
import { tieNull } from '../../../src/core/stats/u-ties.js';
import { buildOracle, goFloat, type Oracle } from './oracle.js';
import { intIn, prng } from './gen.js';

let oracle: Oracle;

beforeAll(async () => {
  oracle = await buildOracle();
});

afterAll(async () => {
  await oracle?.dispose();
});

const rep = (v: number, n: number): number[] => Array.from({ length: n }, () => v);

/** Our CDF (as benchstat defines it) at U = w/2 for w = 0..n1·n2. */
function ourCdf(n1: number, ties: readonly number[]): number[] {
  const t = tieNull(n1, ties);
  return Array.from({ length: t.n1 * t.n2 + 1 }, (_, w) => t.count(w) / t.total);
}

/** Textbook P(U1 <= w/2 | ties), by enumerating every placement (small N only). */
function textbookCdf(n1: number, ties: readonly number[], w: number): number {
  const d: number[] = [];
  let before = 0;
  for (const t of ties) {
    d.push(2 * before + t + 1);
    before += t;
  }
  const choose = (n: number, k: number): number => (k < 0 || k > n ? 0 : k === 0 ? 1 : (choose(n, k - 1) * (n - k + 1)) / k);
  let hits = 0;
  let all = 0;
  const walk = (k: number, left: number, sum: number, ways: number): void => {
    if (k === ties.length) {
      if (left !== 0) return;
      all += ways;
      if (sum - n1 * (n1 + 1) <= w) hits += ways;
      return;
    }
    for (let r = 0; r <= Math.min(left, ties[k]); r++) walk(k + 1, left - r, sum + r * d[k], ways * choose(ties[k], r));
  };
  walk(0, n1, 0, 1);
  return hits / all;
}

/** UDist.CDF at U = w/2 for each w in ws (default: the whole lower half, w = 0..n1·n2). */
async function askCdf(
  patterns: readonly { n1: number; ties: readonly number[]; ws?: readonly number[] }[],
): Promise<Map<number, string>[]> {
  const cases = patterns.map(({ n1, ties, ws }) => {
    const n2 = ties.reduce((s, x) => s + x, 0) - n1;
    return { op: 'udist', n: n1, m: n2, t: ties, us: (ws ?? Array.from({ length: n1 * n2 + 1 }, (_, w) => w)).map((w) => w / 2) };
  });
  const answers = await oracle.ask<{ values: string[] }>(cases);
  return answers.map((a, i) => new Map(cases[i].us.map((u, k) => [2 * u, a.values[k]])));
}

describe('benchstat p where a side is constant or there are two groups', () => {
  it('reproduces the values benchstat prints (and the textbook null would give 0)', async () => {
    const pairs: [number[], number[], string][] = [
      [[8, 7, 8], rep(7, 7), '0.9333333333333333'],
      [[512, 513, 512], rep(512, 11), ''],
      [[512], rep(0, 5), ''],
      [[7], rep(6, 12), ''],
      [rep(201e-9, 10), rep(1.8100000000000002e-7, 12), ''],
      [rep(100, 9), rep(99, 13), ''],
      [[1, 2, 2], [2, 2, 2, 2], ''],
    ];
    const answers = await oracle.ask<{ p: string; u: string }>(pairs.map(([a, b]) => ({ op: 'utest', a, b })));
    const mine = pairs.map(([a, b]) => uTest(a, b));
    pairs.forEach(([, , want], i) => {
      expect(mine[i].p, `case ${i}`).toBe(goFloat(answers[i].p));
      expect(mine[i].u, `case ${i}`).toBe(goFloat(answers[i].u));
      if (want) expect(String(mine[i].p)).toBe(want);
    });
    // The printed figures of stats-requests.md: 0.933, 1.571, 1.667, 1.846, and 0 < p < 0.0005.
    expect(mine.slice(0, 4).map((r) => r.p.toFixed(3))).toEqual(['0.933', '1.571', '1.667', '1.846']);
    // C(12,10) placements of 10 among 22, doubled (Go's C(22,10) is a few ulps off 646646)
    expect(Math.abs(mine[4].p / ((2 * 66) / 646646) - 1)).toBeLessThan(1e-14);
    expect(mine[4].p > 0 && mine[4].p < 0.0005).toBe(true);
    // Textbook P(U1 <= Usmall | ties) is 0 for the first four: the statistic lies below the
    // smallest one the tie pattern allows.
    expect(textbookCdf(3, [8, 2], 7)).toBe(0);
    expect(textbookCdf(1, [5, 1], 0)).toBe(0);
    // and the verdicts follow benchstat's p
    expect(compareSamples([8, 7, 8], rep(7, 7), { alpha: 0.05 }).significant).toBe(false);
    expect(compareSamples(rep(201e-9, 10), rep(181e-9, 12), { alpha: 0.05 }).significant).toBe(true);
  });

  it('the whole CDF equals UDist.CDF for every two-group pattern with N <= 16', async () => {
    const patterns: { n1: number; ties: number[] }[] = [];
    for (let N = 2; N <= 16; N++) for (let t1 = 1; t1 < N; t1++) for (let n1 = 1; n1 < N; n1++) patterns.push({ n1, ties: [t1, N - t1] });
    const theirs = await askCdf(patterns);
    let departures = 0;
    const bad: string[] = [];
    patterns.forEach(({ n1, ties }, i) => {
      const mine = ourCdf(n1, ties);
      mine.forEach((p, w) => {
        if (!Object.is(p, goFloat(theirs[i].get(w)))) bad.push(`n1=${n1} t=${ties} w=${w}: ${p} vs ${theirs[i].get(w)}`);
        if (p !== textbookCdf(n1, ties, w)) departures++;
      });
    });
    expect(bad.slice(0, 10)).toEqual([]);
    expect(departures).toBe(5276); // of 38,572 entries: the two-group rule shows up often
  });
});

describe('the exact null with ties, whole tables', () => {
  it('equals UDist.CDF bit for bit on 200 random tie patterns (N up to 50, 2..49 groups)', async () => {
    const rand = prng(101);
    const patterns: { n1: number; ties: number[]; ws: number[] }[] = [];
    for (let i = 0; i < 200; i++) {
      const n1 = intIn(rand, 1, 25);
      const n2 = intIn(rand, 1, 25);
      const N = n1 + n2;
      // group sizes: mostly small, sometimes one big group (a near-constant sample)
      const ties: number[] = [];
      let left = N;
      while (left > 0) {
        const big = rand() < 0.1;
        const t = Math.min(left, big ? intIn(rand, 5, 25) : intIn(rand, 1, i % 3 === 0 ? 2 : 5));
        ties.push(t);
        left -= t;
      }
      if (ties.length < 2) ties.splice(0, 1, N - 1, 1);
      // every w of small tables; 40 random ones plus both ends of big ones (benchstat rebuilds
      // its table for each question, which takes the oracle up to ~10 ms at 25 + 25)
      const mn = n1 * n2;
      const ws =
        mn <= 120
          ? Array.from({ length: mn + 1 }, (_, w) => w)
          : [0, 1, mn - 1, mn, ...Array.from({ length: 40 }, () => intIn(rand, 0, mn))];
      patterns.push({ n1, ties, ws });
    }
    const theirs = await askCdf(patterns);
    const bad: string[] = [];
    let compared = 0;
    patterns.forEach(({ n1, ties, ws }, i) => {
      const mine = ourCdf(n1, ties);
      for (const w of ws) {
        compared++;
        if (!Object.is(mine[w], goFloat(theirs[i].get(w)))) bad.push(`n1=${n1} t=[${ties}] w=${w}: ${mine[w]} vs ${theirs[i].get(w)}`);
      }
    });
    expect(compared).toBeGreaterThan(8000);
    expect(bad.slice(0, 10)).toEqual([]);
  });

  it('agrees with brute-force enumeration except in the two-group rule, and supports() is the exact support', () => {
    const rand = prng(3);
    for (let i = 0; i < 200; i++) {
      const n1 = intIn(rand, 1, 7);
      const n2 = intIn(rand, 1, 7);
      const ties: number[] = [];
      let left = n1 + n2;
      while (left > 0) {
        const t = Math.min(left, intIn(rand, 1, 4));
        ties.push(t);
        left -= t;
      }
      if (ties.length < 2) continue;
      const t = tieNull(n1, ties);
      for (let w = 0; w <= 2 * n1 * n2; w++) {
        const mass = textbookCdf(n1, ties, w) - (w > 0 ? textbookCdf(n1, ties, w - 1) : 0);
        expect(t.supports(w), `n1=${n1} t=${ties} w=${w}`).toBe(mass > 1e-12);
        if (w <= n1 * n2 && ties.length > 2) expect(Math.abs(t.count(w) / t.total - textbookCdf(n1, ties, w))).toBeLessThan(1e-12);
      }
    }
  });
});

/** Exact counts of 2·U1 = w for w = 0..2·n1·n2 by a plain dynamic program over (n, S). */
function exactPmf(n1: number, ties: readonly number[]): number[] {
  const choose = (n: number, k: number): number => (k < 0 || k > n ? 0 : k === 0 ? 1 : (choose(n, k - 1) * (n - k + 1)) / k);
  let rows: Map<number, number>[] = [new Map([[0, 1]])];
  let before = 0;
  for (const t of ties) {
    const d = 2 * before + t + 1;
    const next: Map<number, number>[] = [];
    rows.forEach((row, n) => {
      for (let r = 0; r <= t && n + r <= n1; r++) {
        const into = (next[n + r] ??= new Map());
        for (const [sum, ways] of row) into.set(sum + r * d, (into.get(sum + r * d) ?? 0) + ways * choose(t, r));
      }
    });
    rows = next;
    before += t;
  }
  const n2 = before - n1;
  const out = new Array<number>(2 * n1 * n2 + 1).fill(0);
  for (const [sum, ways] of rows[n1]) out[sum - n1 * (n1 + 1)] = ways;
  return out;
}

describe('support', () => {
  it('supports() is exactly where the count of 2·U1 is positive, 150 random patterns up to 25 + 25', () => {
    const rand = prng(9);
    let checked = 0;
    for (let i = 0; i < 150; i++) {
      const n1 = intIn(rand, 1, 25);
      const n2 = intIn(rand, 1, 25);
      const ties: number[] = [];
      let left = n1 + n2;
      while (left > 0) {
        const t = Math.min(left, intIn(rand, 1, i % 2 ? 3 : 8));
        ties.push(t);
        left -= t;
      }
      if (ties.length < 2) continue;
      const pmf = exactPmf(n1, ties);
      const t = tieNull(n1, ties);
      const bad = pmf.flatMap((ways, w) => (t.supports(w) === ways > 0 ? [] : [w]));
      expect(bad, `n1=${n1} t=[${ties}]`).toEqual([]);
      checked += pmf.length;
    }
    expect(checked).toBeGreaterThan(30000);
  });
});

describe('random tied pairs', () => {
  it('uTest p and U equal MannWhitneyUTest bit for bit on 3000 pairs, verdicts and footnotes too', async () => {
    const rand = prng(77);
    const cases: { a: number[]; b: number[]; alpha: number }[] = [];
    for (let i = 0; i < 3000; i++) {
      const n1 = intIn(rand, 1, i % 10 === 0 ? 25 : 12);
      const n2 = intIn(rand, 1, i % 10 === 0 ? 25 : 12);
      const levels = intIn(rand, 1, 6);
      const base = 1000;
      const shiftB = intIn(rand, -2, 2);
      let a = Array.from({ length: n1 }, () => base + intIn(rand, 0, levels - 1));
      let b = Array.from({ length: n2 }, () => base + shiftB + intIn(rand, 0, levels - 1));
      // constant sides, one or both
      if (i % 5 === 1) a = rep(a[0], n1);
      if (i % 5 === 2) b = rep(b[0], n2);
      if (i % 7 === 3) [a, b] = [rep(base, n1), rep(base + shiftB || base + 1, n2)];
      cases.push({ a, b, alpha: [0.05, 0.01, 0.1][i % 3] });
    }
    const [tests, comparisons] = await Promise.all([
      oracle.ask<{ p?: string; u?: string; error?: string }>(cases.map(({ a, b }) => ({ op: 'utest', a, b }))),
      oracle.ask<{ p: string; warnings: string[] }>(cases.map((c) => ({ op: 'compare', ...c }))),
    ]);
    const bad: string[] = [];
    let twoGroups = 0;
    cases.forEach((c, i) => {
      const r = uTest(c.a, c.b);
      const cmp = compareSamples(c.a, c.b, { alpha: c.alpha, test: r });
      const label = `[${c.a}] vs [${c.b}]`;
      if (tests[i].error !== undefined) {
        // benchstat's test refuses all-equal samples; compareSamples reports p = 1
        expect(r.allEqual, label).toBe(true);
      } else {
        if (!Object.is(r.p, goFloat(tests[i].p)) || r.u !== goFloat(tests[i].u)) bad.push(`${label}: p ${r.p} vs ${tests[i].p}`);
        if (r.null.ties.length === 2) twoGroups++;
      }
      if (!Object.is(cmp.p, goFloat(comparisons[i].p))) bad.push(`${label}: compare p ${cmp.p} vs ${comparisons[i].p}`);
      expect(cmp.warnings, label).toEqual(comparisons[i].warnings);
      expect(cmp.significant, label).toBe(!(goFloat(comparisons[i].p) > c.alpha));
    });
    expect(bad.slice(0, 10)).toEqual([]);
    expect(twoGroups).toBeGreaterThan(300);
  });
});
