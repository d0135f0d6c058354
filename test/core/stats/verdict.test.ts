// Verdict states: what a row's samples can and cannot decide. n=3 per side can never reach
// alpha 0.05 with the U test (undecided, with the reason and a count that would decide it);
// deterministic integer metrics decide by themselves (0 -> 1 allocs/op is certain); no change
// is claimed only when the delta interval lies inside the tolerance.

import { describe, expect, it } from 'vitest';
import { compareSamples, hodgesLehmannRatio, reachableMinP, uTest, verdictOf, type VerdictInput } from '../../../src/core/stats/index.js';
import { goMedian } from '../../../src/core/stats/summary.js';
import { prng, timings } from './gen.js';

const median = (xs: readonly number[]) => goMedian(Float64Array.from(xs).sort());

/** The verdict input the comparison engine would build for these samples. */
function input(a: number[], b: number[], o: Partial<VerdictInput> = {}): VerdictInput {
  const alpha = o.alpha ?? 0.05;
  const iv = a.every((x) => x > 0) && b.every((x) => x > 0) ? hodgesLehmannRatio(a, b, 1 - alpha, alpha) : null;
  const ca = median(a);
  const cb = median(b);
  const fin = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? null : x);
  return {
    a,
    b,
    unit: 'sec/op',
    better: 'lower',
    assumeExact: false,
    p: compareSamples(a, b, { alpha }).p,
    alpha,
    ciLo: fin(iv?.lo),
    ciHi: fin(iv?.hi),
    estimate: fin(iv?.estimate),
    ratio: ca === 0 ? null : cb / ca,
    centers: [ca, cb],
    tolerancePct: 2,
    ...o,
  };
}

describe('verdictOf', () => {
  it('n=3 vs n=3 is never decided by the U test: a 5x slowdown is undecided with the reason and a count', () => {
    const a = [1.0e-6, 1.01e-6, 0.99e-6];
    const b = [5.0e-6, 5.2e-6, 4.9e-6];
    const v = verdictOf(input(a, b));
    expect(v.state).toBe('undecided');
    expect(v.reason).toBe('n too small for alpha');
    expect(v.minP).toBeCloseTo(0.1, 10);
    expect(v.detectablePct).toBeNull();
    expect(v.countNeeded).toBe(6);
    expect(v.text).toMatch(/^undecided: n too small for alpha \(the smallest reachable p is 0\.1 > 0\.05\); measure with --count 6$/);
    // at --count 6 the same separation is decided
    const a6 = [...a, 1.0e-6, 1.02e-6, 0.98e-6];
    const b6 = [...b, 5.1e-6, 5.3e-6, 4.8e-6];
    expect(verdictOf(input(a6, b6)).state).toBe('slower');
    expect(verdictOf(input(b6, a6)).state).toBe('faster');
  });

  it('the smallest reachable p depends on the tie pattern', () => {
    expect(reachableMinP(uTest([1, 2, 3, 4], [5, 6, 7, 8]))).toBeCloseTo(2 / 70, 12);
    // ties across the samples: separation is impossible, so the minimum is larger
    const tied = reachableMinP(uTest([1, 2, 3, 5], [5, 6, 7, 8]));
    expect(tied).toBeGreaterThan(2 / 70);
    expect(reachableMinP(uTest([5, 5], [5, 5]))).toBe(1);
  });

  it('an added allocation per op (0 -> 1 in every sample) is decided slower, exactly, at n=3', () => {
    const v = verdictOf(input([0, 0, 0], [1, 1, 1], { unit: 'allocs/op', p: null, ratio: null, ciLo: null, ciHi: null, estimate: null }));
    expect(v).toMatchObject({ state: 'slower', exact: true, reason: null, countNeeded: null });
    expect(verdictOf(input([2, 2], [2, 2], { unit: 'B/op' }))).toMatchObject({ state: 'no change', exact: true });
    expect(verdictOf(input([48, 48], [32, 32], { unit: 'B/op' }))).toMatchObject({ state: 'faster', exact: true });
  });

  it('never calls time or rates exact, nor a side with one sample or varying values', () => {
    expect(verdictOf(input([1, 1, 1], [2, 2, 2])).exact).toBe(false);
    expect(verdictOf(input([1, 1, 1], [2, 2, 2], { unit: 'B/s', better: 'higher' })).exact).toBe(false);
    expect(verdictOf(input([0], [1], { unit: 'allocs/op' }))).toMatchObject({ exact: false, state: 'undecided' });
    expect(verdictOf(input([1, 2, 1], [3, 3, 3], { unit: 'allocs/op' })).exact).toBe(false);
    expect(verdictOf(input([0.5, 0.5], [1.5, 1.5], { unit: 'allocs/op' })).exact).toBe(false);
  });

  it('a certain change in a unit with no direction is `changed`', () => {
    expect(verdictOf(input([3, 3, 3], [4, 4, 4], { unit: 'items/op', better: 'unknown' })).state).toBe('changed');
  });

  it('no change only when the delta interval lies inside the tolerance', () => {
    const rand = prng(11);
    const a = timings(rand, 20, 1e-6, 0.005);
    const b = timings(rand, 20, 1e-6, 0.005);
    const v = verdictOf(input(a, b));
    expect(v.state).toBe('no change');
    // the same data at a 0.1% tolerance: the interval is wider than that
    const tight = verdictOf(input(a, b, { tolerancePct: 0.1 }));
    expect(tight).toMatchObject({ state: 'undecided', reason: 'interval too wide for the tolerance' });
    expect(tight.countNeeded === null || tight.countNeeded > 20).toBe(true);
    // noisy samples with no real shift: undecided, and the spread is quantified
    const na = timings(rand, 10, 1e-6, 0.3);
    const nb = timings(rand, 10, 1e-6, 0.3);
    const noisy = verdictOf(input(na, nb));
    expect(noisy).toMatchObject({ state: 'undecided', reason: 'interval too wide for the tolerance' });
    expect(noisy.detectablePct).toBeGreaterThan(10);
    expect(noisy.text).toMatch(
      /^undecided: interval too wide for the tolerance; the spread hides changes below \d+(\.\d)?%; (measure with --count \d+|more than 1000 samples per side would be needed)$/,
    );
  });

  it('samples tied at one value: the ties, not n, keep the test from alpha, and a base of 0 has no percentage', () => {
    // x/crypto's ChaCha20/65536: 0 B/op but for one sample where the runtime allocated 5 B/op
    const v = verdictOf(input([0, 0, 0, 5, 0, 0], [0, 0, 0, 0, 0, 0], { unit: 'B/op' }));
    expect(v).toMatchObject({ state: 'undecided', reason: 'samples tied', minP: 1, countNeeded: null, detectablePct: null });
    expect(v.tie).toEqual({ value: 0, count: 11, total: 12, zeroBase: true });
    expect(v.text).toBe(
      'undecided: 11 of 12 samples are tied at 0, so the U test cannot separate the sides (the smallest reachable p is 1 > 0.05); the base is 0, so no --count can show "no change" in percent',
    );
    // from a base of 1 a count can bound the change
    const one = verdictOf(input([1, 1, 1, 2, 1, 1], [1, 1, 1, 1, 1, 1], { unit: 'allocs/op' }));
    expect(one).toMatchObject({ state: 'undecided', reason: 'samples tied' });
    expect(one.tie).toEqual({ value: 1, count: 11, total: 12, zeroBase: false });
    expect(one.text).toMatch(
      /^undecided: 11 of 12 samples are tied at 1, so .*; (measure with --count \d+|more than 1000 samples per side would be needed)$/,
    );
    // at 3 vs 3 the sizes alone cannot reach alpha: that stays the reason
    expect(verdictOf(input([0, 0, 5], [0, 0, 0], { unit: 'B/op' })).reason).toBe('n too small for alpha');
    // ties that still allow alpha are tested as usual
    expect(verdictOf(input([0, 0, 0, 0, 0, 0], [5, 5, 5, 5, 5, 6], { unit: 'B/op' })).state).toBe('slower');
  });

  it('judges by the p it is given (Holm-adjusted under --holm)', () => {
    const a = [1, 1.01, 0.99, 1.02, 0.98, 1.0];
    const b = [1.2, 1.21, 1.19, 1.22, 1.18, 1.2];
    expect(verdictOf(input(a, b)).state).toBe('slower');
    expect(verdictOf(input(a, b, { p: 0.2 })).state).toBe('undecided');
  });
});
