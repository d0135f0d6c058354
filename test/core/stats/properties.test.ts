// Properties of the statistics that hold for any data: p-values are non-negative and do not
// depend on which side is which or on the scale; the median lies in its interval; the
// Hodges-Lehmann interval holds its estimate and excludes ratio 1 exactly when the U test is
// significant (ties and the normal regime included), and for tie-free data it is exactly the
// set of ratios the test does not reject; Holm's adjustment is monotone and capped.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareSamples, holm, hodgesLehmannRatio, mannWhitney, summarize, uTest } from '../../../src/core/stats/index.js';

/** Samples of positive integers: small ranges give heavy ties, large ranges almost none. */
const intSample = (maxLen: number) =>
  fc.integer({ min: 1, max: 5000 }).chain((range) => fc.array(fc.integer({ min: 1, max: range }), { minLength: 1, maxLength: maxLen }));

const intPair = (maxLen: number) => fc.tuple(intSample(maxLen), intSample(maxLen));

/** Positive doubles spanning benchmark magnitudes (no ties in practice). */
const doubleSample = (maxLen: number) =>
  fc.array(fc.double({ min: 1e-9, max: 1e9, noNaN: true, noDefaultInfinity: true }), { minLength: 1, maxLength: maxLen });

const confidence = fc.constantFrom(0.5, 0.8, 0.9, 0.95, 0.99, 0.999, 0.66);

describe('U test', () => {
  it('p >= 0, and swapping the sides leaves p unchanged unless ties make the exact null lopsided', () => {
    fc.assert(
      fc.property(intPair(60), ([a, b]) => {
        const ab = uTest(a, b);
        const ba = uTest(b, a);
        expect(ab.p).toBeGreaterThanOrEqual(0);
        if (ab.null.regime === 'exact') expect(ba.p).toBe(ab.p);
        // the normal tail is taken on the observed side: equal up to the last bits
        if (ab.null.regime === 'normal') expect(Math.abs(ab.p - ba.p)).toBeLessThanOrEqual(1e-12 * Math.max(ab.p, ba.p));
      }),
      { numRuns: 300 },
    );
    // With ties the exact conditional null of U is not symmetric, and benchstat's p depends on
    // which side is the baseline (the oracle test checks these two against benchstat).
    expect(mannWhitney([1], [2, 1]).p).toBeCloseTo(4 / 3, 15);
    expect(mannWhitney([2, 1], [1]).p).toBeCloseTo(2 / 3, 15);
  });

  it('scaling both samples by a positive constant leaves p unchanged', () => {
    fc.assert(
      fc.property(intPair(60), fc.integer({ min: 2, max: 1000 }), ([a, b], c) => {
        expect(
          mannWhitney(
            a.map((x) => x * c),
            b.map((x) => x * c),
          ).p,
        ).toBe(mannWhitney(a, b).p);
      }),
      { numRuns: 200 },
    );
  });

  it('U1 + U2 = n1·n2', () => {
    fc.assert(
      fc.property(intPair(40), ([a, b]) => {
        expect(mannWhitney(a, b).u + mannWhitney(b, a).u).toBe(a.length * b.length);
      }),
    );
  });
});

describe('summary', () => {
  it('the interval contains the median at any level', () => {
    fc.assert(
      fc.property(doubleSample(80), fc.double({ min: 0, max: 1, noNaN: true }), (xs, level) => {
        const s = summarize(xs, { confidence: level });
        expect(s.lo).toBeLessThanOrEqual(s.center);
        expect(s.center).toBeLessThanOrEqual(s.hi);
        expect(s.confidence).toBeGreaterThanOrEqual(Math.min(level, 1) - 1e-9);
      }),
      { numRuns: 300 },
    );
  });
});

describe('Hodges-Lehmann ratio interval', () => {
  it('excludes 1 exactly when the test is significant, and holds its estimate', () => {
    fc.assert(
      fc.property(intPair(60), confidence, ([a, b], level) => {
        const hl = hodgesLehmannRatio(a, b, level);
        const cmp = compareSamples(a, b, { alpha: 1 - level });
        expect(hl).not.toBeNull();
        if (!hl) return;
        const excludesOne = hl.lo > 1 || hl.hi < 1;
        expect(excludesOne).toBe(cmp.significant);
        expect(hl.lo).toBeLessThanOrEqual(hl.estimate);
        expect(hl.estimate).toBeLessThanOrEqual(hl.hi);
      }),
      { numRuns: 1500 },
    );
  });

  it('agrees with the test in every regime when given the alpha the comparison used', () => {
    // sizes straddling the regime limits (25 with ties, 50 without)
    const sized = fc.tuple(
      fc.integer({ min: 20, max: 70 }),
      fc.integer({ min: 20, max: 70 }),
      fc.integer({ min: 2, max: 100000 }),
      fc.integer({ min: 0, max: 40 }),
    );
    fc.assert(
      fc.property(sized, fc.integer(), ([n1, n2, range, shift], seed) => {
        let s = seed >>> 0;
        const next = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0), s / 2 ** 32);
        const a = Array.from({ length: n1 }, () => 1 + Math.floor(next() * range));
        const b = Array.from({ length: n2 }, () => 1 + shift * Math.floor(range / 100) + Math.floor(next() * range));
        for (const alpha of [0.05, 0.01, 0.2]) {
          const hl = hodgesLehmannRatio(a, b, 0.95, alpha);
          const cmp = compareSamples(a, b, { alpha });
          expect(hl).not.toBeNull();
          expect(hl!.lo > 1 || hl!.hi < 1).toBe(cmp.significant);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('agrees with the test where benchstat departs from the textbook null (two values, constant sides)', () => {
    // two distinct values overall, or a constant side: the two-group rule and U2 below U1's support
    const twoValued = fc.tuple(
      fc.integer({ min: 1, max: 25 }),
      fc.integer({ min: 1, max: 25 }),
      fc.integer({ min: 0, max: 1000 }),
      fc.integer({ min: 0, max: 1000 }),
      fc.integer({ min: 0, max: 3 }),
    );
    let departures = 0;
    fc.assert(
      fc.property(twoValued, ([n1, n2, pa, pb, kind]) => {
        const high = (p: number, i: number): boolean => (i * 7919 + p) % 1000 < p;
        let a = Array.from({ length: n1 }, (_, i) => (high(pa, i) ? 8 : 7));
        let b = Array.from({ length: n2 }, (_, i) => (high(pb, i) ? 8 : 7));
        if (kind === 1) a = a.map(() => a[0]);
        if (kind === 2) b = b.map(() => b[0]);
        const test = uTest(a, b);
        if (test.allEqual) return;
        if (test.p > 1 || (test.p > 0 && !test.null.supports(2 * Math.min(test.u, n1 * n2 - test.u)))) departures++;
        for (const alpha of [0.05, 0.01, 0.2]) {
          const hl = hodgesLehmannRatio(a, b, 1 - alpha, alpha, test)!;
          const cmp = compareSamples(a, b, { alpha, test });
          expect(hl.lo > 1 || hl.hi < 1, `[${a}] vs [${b}] alpha=${alpha}`).toBe(cmp.significant);
          expect(hl.lo).toBeLessThanOrEqual(hl.estimate);
          expect(hl.estimate).toBeLessThanOrEqual(hl.hi);
          // and the shared test changes nothing
          expect(hodgesLehmannRatio(a, b, 1 - alpha, alpha)).toEqual(hl);
        }
      }),
      { numRuns: 400 },
    );
    expect(departures).toBeGreaterThan(20);
  });

  it('scaling both samples leaves the ratio and its interval unchanged', () => {
    fc.assert(
      fc.property(intPair(40), fc.integer({ min: 2, max: 1000 }), confidence, ([a, b], c, level) => {
        const base = hodgesLehmannRatio(a, b, level);
        const scaled = hodgesLehmannRatio(
          a.map((x) => x * c),
          b.map((x) => x * c),
          level,
        );
        expect(scaled).toEqual(base);
      }),
      { numRuns: 200 },
    );
  });

  it('for tie-free data it is exactly the set of ratios the test does not reject', () => {
    fc.assert(
      // Values on a 1e-4 grid: the property is about the order of the samples, and doubles a few
      // ulps apart made mathematically equal ratios (1.5/1.2 and 1.25/1.0) differ by rounding,
      // so a probe "between" them was a tie in disguise (fast-check found such a case).
      fc.property(
        fc.array(
          fc.integer({ min: 10_000, max: 20_000 }).map((x) => x / 1e4),
          { minLength: 1, maxLength: 14 },
        ),
        fc.array(
          fc.integer({ min: 10_000, max: 22_000 }).map((x) => x / 1e4),
          { minLength: 1, maxLength: 14 },
        ),
        confidence,
        (a, b, level) => {
          fc.pre(new Set([...a, ...b]).size === a.length + b.length);
          const alpha = 1 - level;
          const hl = hodgesLehmannRatio(a, b, level, alpha)!;
          const ratios = [...new Set(a.flatMap((x) => b.map((y) => y / x)))].sort((p, q) => p - q);
          // probe the middle of every gap between consecutive pairwise ratios, and beyond both ends
          // (gaps narrower than rounding error are the same ratio twice: no probe there)
          const probes = [
            ratios[0] / 1.01,
            ...ratios.slice(1).flatMap((r, i) => (r / ratios[i] - 1 > 1e-9 ? [Math.sqrt(r * ratios[i])] : [])),
            ratios[ratios.length - 1] * 1.01,
          ];
          for (const rho of probes) {
            const shifted = b.map((y) => y / rho);
            if (new Set([...a, ...shifted]).size !== a.length + b.length) continue; // a probe that lands on a tie
            const rejected = compareSamples(a, shifted, { alpha }).significant;
            const inside = hl.lo <= rho && rho <= hl.hi;
            expect(inside, `rho=${rho} [${hl.lo}, ${hl.hi}]`).toBe(!rejected);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('gives textbook intervals and honest edge cases', () => {
    // 10 vs 10 completely separated, 95%: the critical U is 23, so orders 24 and 77
    const a = Array.from({ length: 10 }, (_, i) => 100 + i);
    const b = Array.from({ length: 10 }, (_, i) => 200 + 3 * i);
    const ratios = a.flatMap((x) => b.map((y) => y / x)).sort((p, q) => p - q);
    const hl = hodgesLehmannRatio(a, b, 0.95)!;
    expect(hl.lo).toBe(ratios[23]);
    expect(hl.hi).toBe(ratios[76]);
    expect(hl.estimate).toBeCloseTo(Math.sqrt(ratios[49] * ratios[50]), 12);
    // too few samples to bound anything at 95%
    expect(hodgesLehmannRatio([1, 2], [3, 4], 0.95)).toEqual({ estimate: expect.any(Number), lo: 0, hi: Infinity });
    // identical samples
    expect(hodgesLehmannRatio([5, 5, 5], [5, 5], 0.95)).toEqual({ estimate: 1, lo: 1, hi: 1 });
    // a constant shift with full ties: 100 -> 96 everywhere is -4% and certain
    const shifted = hodgesLehmannRatio(Array(10).fill(100), Array(10).fill(96), 0.95)!;
    expect(shifted).toEqual({ estimate: 0.96, lo: 0.96, hi: 0.96 });
    // undefined for non-positive values and confidence 0
    expect(hodgesLehmannRatio([0, 1], [1, 2], 0.95)).toBeNull();
    expect(hodgesLehmannRatio([1, 2], [1, 2], 0)).toBeNull();
    expect(() => hodgesLehmannRatio([], [1], 0.95)).toThrow(/invalid value for a/);
  });
});

describe('Holm', () => {
  it('is monotone in the raw order, never below the raw p, capped at 1', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1.6, noNaN: true }), { maxLength: 30 }), (ps) => {
        const adj = holm(ps);
        expect(adj).toHaveLength(ps.length);
        ps.forEach((p, i) => {
          expect(adj[i]).toBeGreaterThanOrEqual(Math.min(p, 1));
          expect(adj[i]).toBeLessThanOrEqual(1);
          ps.forEach((q, j) => {
            if (p < q) expect(adj[i]).toBeLessThanOrEqual(adj[j]);
          });
        });
        if (ps.length > 0) expect(Math.min(...adj)).toBe(Math.min(1, ps.length * Math.min(...ps)));
      }),
    );
  });

  it('adjusts a worked example and leaves raw p untouched', () => {
    const raw = [0.01, 0.04, 0.03, 0.005, 1.333];
    // sorted: 0.005·5, 0.01·4, 0.03·3, 0.04·2 (raised to the running max 0.09), 1.333 capped
    expect(holm(raw).map((x) => +x.toFixed(6))).toEqual([0.04, 0.09, 0.09, 0.025, 1]);
    expect(raw).toEqual([0.01, 0.04, 0.03, 0.005, 1.333]);
    expect(holm([])).toEqual([]);
    expect(() => holm([NaN])).toThrow(/invalid value for p/);
  });
});

describe('input validation', () => {
  it('names the offending value', () => {
    expect(() => summarize([], { confidence: 0.95 })).toThrow(/invalid value for values "\[\]"/);
    expect(() => summarize([1, NaN], { confidence: 0.95 })).toThrow(/NaN/);
    expect(() => summarize([1], { confidence: 1.5 })).toThrow(/invalid value for confidence "1.5"/);
    expect(() => compareSamples([1], [2], { alpha: -1 })).toThrow(/invalid value for alpha "-1"/);
    expect(compareSamples([], [2], { alpha: 0.05 })).toEqual({ p: 1, alpha: 0.05, significant: false, warnings: ['sample is too small'] });
    expect(compareSamples([1], [2], { alpha: 0.05, assumeExact: true })).toEqual({ p: 0, alpha: 0.05, significant: true, warnings: [] });
    expect(uTest([1, 2], [3]).null.regime).toBe('exact');
  });
});
