// Parity of src/core/stats with the code benchstat runs (benchmath over go-moremath), asked
// through test/fixtures/statsoracle, bit for bit: binomial weights, median CI orders and
// coverage at any level, cell summaries with their footnotes, U-test p-values across all three
// regimes, geomean, erfc and %v formatting. (u-ties.test.ts and go-float-math.test.ts go
// deeper into the tie distribution and Go's Log/Exp.)

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareSamples, formatGoFloat, geomean, medianCiOrders, summarize, uTest } from '../../../src/core/stats/index.js';
import { exactChoose, goChoose } from '../../../src/core/stats/binomial.js';
import { erfc } from '../../../src/core/stats/go-float.js';
import { buildOracle, goFloat, type Oracle } from './oracle.js';
import { intIn, pair, prng, timings, type Shape } from './gen.js';

let oracle: Oracle;

beforeAll(async () => {
  oracle = await buildOracle();
});

afterAll(async () => {
  await oracle?.dispose();
});

const LEVELS = [0.8, 0.9, 0.95, 0.99, 0.999, 0.5, 0.66, 0.975];

describe('binomial weights', () => {
  it('goChoose reproduces mathx.Choose bit for bit for n <= 50', async () => {
    const cases = [];
    for (let n = 0; n <= 50; n++) for (let k = 0; k <= n; k++) cases.push({ op: 'choose', n, k });
    const answers = await oracle.ask<{ value: string }>(cases);
    const mismatches = cases.filter((c, i) => !Object.is(goChoose(c.n, c.k), goFloat(answers[i].value)));
    expect(mismatches).toEqual([]);
    // and the table really differs from exact arithmetic above n = 20 (or it would be pointless)
    expect(goChoose(21, 1)).not.toBe(exactChoose(21, 1));
  });

  it('the binomial PMF for n <= 30 is C(n,k)·2^-n with those weights', async () => {
    const cases = [];
    for (let n = 0; n <= 30; n++) for (let k = 0; k <= n; k++) cases.push({ op: 'pmf', n, k });
    const answers = await oracle.ask<{ value: string }>(cases);
    cases.forEach((c, i) => expect(goChoose(c.n, c.k) * 2 ** -c.n, `n=${c.n} k=${c.k}`).toBe(goFloat(answers[i].value)));
  });
});

describe('median confidence interval orders', () => {
  it('matches benchstat for every n in 1..60 at the usual and odd levels, 0 and 1', async () => {
    const cases = [];
    for (const confidence of [...LEVELS, 0, 1, 0.0001, 0.9999]) for (let n = 1; n <= 60; n++) cases.push({ op: 'ci', n, confidence });
    const answers = await oracle.ask<{ lo: number; hi: number; confidence: string }>(cases);
    const bad = cases.flatMap((c, i) => {
      const mine = medianCiOrders(c.n, c.confidence);
      const theirs = answers[i];
      return mine.loOrder === theirs.lo && mine.hiOrder === theirs.hi
        ? []
        : [`n=${c.n} c=${c.confidence}: ${mine.loOrder},${mine.hiOrder} vs ${theirs.lo},${theirs.hi}`];
    });
    expect(bad).toEqual([]);
    // achieved coverage: bit-exact, the normal approximation above n = 30 included
    cases.forEach((c, i) => {
      const mine = medianCiOrders(c.n, c.confidence).confidence;
      expect(mine, `n=${c.n} c=${c.confidence}`).toBe(goFloat(answers[i].confidence));
    });
  });

  it('matches benchstat at 4000 random levels (n in 1..120), including the lgamma tie cases', async () => {
    const rand = prng(7);
    const cases: { op: string; n: number; confidence: number }[] = [];
    for (let i = 0; i < 4000; i++) cases.push({ op: 'ci', n: intIn(rand, 1, 120), confidence: rand() });
    // levels just around the decisive cumulative masses of the tie cases
    for (const [n, c] of [
      [24, 0.95],
      [22, 0.9],
      [29, 0.9],
      [28, 0.99],
    ] as const) {
      for (const d of [-1e-3, -1e-9, 0, 1e-9, 1e-3]) cases.push({ op: 'ci', n, confidence: c + d });
    }
    const answers = await oracle.ask<{ lo: number; hi: number }>(cases);
    const bad = cases.flatMap((c, i) => {
      const mine = medianCiOrders(c.n, c.confidence);
      return mine.loOrder === answers[i].lo && mine.hiOrder === answers[i].hi ? [] : [`n=${c.n} c=${c.confidence}`];
    });
    expect(bad).toEqual([]);
  });

  it('gives the orders benchstat.md lists at 95% (lgamma rounding included)', () => {
    const table: Record<number, [number, number]> = {
      6: [1, 6],
      7: [1, 7],
      8: [1, 7],
      9: [2, 8],
      10: [2, 9],
      11: [2, 9],
      12: [3, 10],
      13: [3, 11],
      14: [3, 11],
      15: [4, 12],
      16: [4, 12],
      17: [5, 13],
      18: [5, 14],
      19: [5, 14],
      20: [6, 15],
      21: [6, 16],
      22: [6, 16],
      23: [7, 17],
      24: [8, 18],
      25: [8, 18],
      26: [8, 19],
      27: [8, 19],
      28: [9, 20],
      29: [9, 20],
      30: [10, 21],
      31: [10, 22],
      40: [14, 27],
      50: [18, 32],
      60: [22, 38],
    };
    for (const [n, [lo, hi]] of Object.entries(table)) {
      const ci = medianCiOrders(Number(n), 0.95);
      expect([ci.loOrder, ci.hiOrder], `n=${n}`).toEqual([lo, hi]);
    }
  });
});

describe('cell summaries', () => {
  it('center, bounds, coverage and footnotes match benchstat on 1500 random samples', async () => {
    const rand = prng(11);
    const cases = [];
    for (let i = 0; i < 1500; i++) {
      const n = intIn(rand, 1, 60);
      const confidence = i % 3 === 0 ? rand() : LEVELS[intIn(rand, 0, LEVELS.length - 1)];
      const exact = i % 10 === 0;
      const values = i % 4 === 0 ? timings(rand, n, 100, 0.001).map((v) => Math.round(v)) : timings(rand, n, 1.7e-6, 0.02);
      cases.push({ op: 'summary', values, confidence, exact });
    }
    // footnote shapes: tiny samples at several levels, a level needing > 50, exact units
    cases.push({ op: 'summary', values: [1, 2, 3], confidence: 0.95, exact: false });
    cases.push({ op: 'summary', values: [1, 2, 3], confidence: 0.999999999999, exact: false });
    cases.push({ op: 'summary', values: [5], confidence: 0.5, exact: false });
    cases.push({ op: 'summary', values: [1e-7, 2e21, 3], confidence: 0.95, exact: true });
    cases.push({ op: 'summary', values: [4, 4, 4, 4], confidence: 0.95, exact: true });
    cases.push({ op: 'summary', values: [9, 1, 9, 1, 5], confidence: 0.95, exact: true });
    const answers = await oracle.ask<{ center: string; lo: string; hi: string; confidence: string; warnings: string[] }>(cases);
    cases.forEach((c, i) => {
      const s = summarize(c.values, { confidence: c.confidence, assumeExact: c.exact });
      const o = answers[i];
      const label = JSON.stringify(c).slice(0, 200);
      expect(s.center, label).toBe(goFloat(o.center));
      expect(s.lo, label).toBe(goFloat(o.lo));
      expect(s.hi, label).toBe(goFloat(o.hi));
      expect(s.warnings, label).toEqual(o.warnings);
      expect(s.confidence, label).toBe(goFloat(o.confidence));
    });
  });
});

interface CompareAnswer {
  p: string;
  warnings: string[];
}

describe('U test p-values', () => {
  it('match benchstat on 3000 random pairs (sizes 1..60, with and without ties)', async () => {
    const rand = prng(23);
    const shapes: Shape[] = ['continuous', 'tied', 'mixed'];
    const cases = [];
    for (let i = 0; i < 3000; i++) {
      const [a, b] = pair(rand, intIn(rand, 1, 60), intIn(rand, 1, 60), shapes[i % 3]);
      cases.push({ op: 'compare', a, b, alpha: [0.05, 0.01, 0.1, rand()][i % 4] });
    }
    const answers = await oracle.ask<CompareAnswer>(cases);
    const regimes = { exact: 0, 'exact-ties': 0, normal: 0, allEqual: 0 };
    let bitExact = 0;
    cases.forEach((c, i) => {
      const mine = compareSamples(c.a, c.b, { alpha: c.alpha });
      const theirs = goFloat(answers[i].p);
      const label = `case ${i}: n=${c.a.length}+${c.b.length}`;
      const test = uTest(c.a, c.b);
      if (test.allEqual) regimes.allEqual++;
      else regimes[test.null.regime]++;
      expect(mine.p, label).toBe(theirs);
      if (Object.is(mine.p, theirs)) bitExact++;
      expect(mine.significant, label).toBe(!(theirs > c.alpha));
      expect(mine.warnings, label).toEqual(answers[i].warnings);
    });
    // every regime was exercised
    expect(regimes.exact).toBeGreaterThan(300);
    expect(regimes['exact-ties']).toBeGreaterThan(250);
    expect(regimes.normal).toBeGreaterThan(300);
    expect(regimes.allEqual).toBeGreaterThan(5);
    expect(bitExact).toBe(cases.length);
  });

  it('matches benchstat on the documented corner cases', async () => {
    const cases = [
      { a: [1], b: [1, 2] },
      { a: [1], b: [1, 1, 2] },
      { a: [2, 1], b: [1] },
      { a: [5, 5, 5], b: [5, 5] },
      { a: [1, 2, 3, 4], b: [5, 6, 7, 8] },
      { a: [1, 2, 3], b: [4, 5, 6] },
      { a: Array.from({ length: 60 }, (_, i) => i), b: Array.from({ length: 60 }, (_, i) => i + 1000) },
    ].map((c) => ({ op: 'compare', alpha: 0.05, ...c }));
    const answers = await oracle.ask<CompareAnswer>(cases);
    const mine = cases.map((c) => compareSamples(c.a, c.b, { alpha: c.alpha }));
    expect(mine[0].p.toFixed(3)).toBe('1.333');
    expect(mine[1].p).toBe(1.5);
    expect(mine[2].p.toFixed(3)).toBe('0.667');
    expect(mine[3]).toEqual({ p: 1, alpha: 0.05, significant: false, warnings: ['all samples are equal'] });
    expect(mine[5].warnings).toEqual(['need >= 4 samples to detect a difference at alpha level 0.05']);
    expect(mine[6].p).toBeLessThan(1e-20);
    mine.forEach((m, i) => {
      expect(m.p).toBe(goFloat(answers[i].p));
      expect(m.warnings).toEqual(answers[i].warnings);
    });
  });

  it('the "need >= N samples" footnote follows alpha as benchstat words it', async () => {
    const alphas = [0.5, 0.2, 0.1, 0.05, 0.03, 0.01, 0.001, 1e-4, 1e-5, 0];
    const cases = alphas.map((alpha) => ({ op: 'compare', a: [1, 2], b: [1.5, 3], alpha }));
    const answers = await oracle.ask<CompareAnswer>(cases);
    cases.forEach((c, i) => expect(compareSamples(c.a, c.b, { alpha: c.alpha }).warnings, `alpha=${c.alpha}`).toEqual(answers[i].warnings));
    expect(compareSamples([1, 2], [1.5, 3], { alpha: 1e-5 }).warnings).toEqual([
      'need > 10 samples to detect a difference at alpha level 1e-05',
    ]);
  });
});

describe('float helpers', () => {
  it('geomean, erfc and %v agree with Go', async () => {
    const rand = prng(5);
    const xsCases = Array.from({ length: 200 }, () => timings(rand, intIn(rand, 1, 20), 1e-3, 1));
    const erfcArgs = [0, 1e-20, 0.1, 0.3, 0.8, 0.84375, 1, 1.2, 1.25, 2, 2.857142857142857, 3, 5, 6.5, 10, 27.9, 28, 40];
    const erfcCases = [...erfcArgs, ...erfcArgs.map((x) => -x), ...Array.from({ length: 500 }, () => (rand() - 0.5) * 20)];
    const fmtCases = [
      0.95,
      0.05,
      1e-5,
      1e6,
      123456,
      1234567,
      1e21,
      1e20,
      0.0001,
      1.5e-7,
      -2.5,
      100000,
      1 / 3,
      5e-324,
      1.7976931348623157e308,
    ];
    const answers = await oracle.ask<{ value: string }>([
      ...xsCases.map((values) => ({ op: 'geomean', values })),
      ...erfcCases.map((x) => ({ op: 'erfc', x })),
      ...fmtCases.map((x) => ({ op: 'format', x })),
    ]);
    xsCases.forEach((xs, i) => expect(geomean(xs)).toBe(goFloat(answers[i].value)));
    const off = xsCases.length;
    erfcCases.forEach((x, i) => expect(erfc(x), `erfc(${x})`).toBe(goFloat(answers[off + i].value)));
    const off2 = off + erfcCases.length;
    fmtCases.forEach((x, i) => expect(formatGoFloat(x)).toBe(answers[off2 + i].value));
    expect(geomean([1, 0, 2])).toBeNaN();
    expect(geomean([])).toBeNaN();
  });
});
