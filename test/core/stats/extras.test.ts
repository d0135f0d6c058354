// Perflab's extras around benchstat: the sample-size hint (checked by simulation: at the
// hinted size the U test really detects the shift about 80% of the time), the coefficient of
// variation, and the minimum-p figures the hint builds on.

import { describe, expect, it } from 'vitest';
import {
  coefficientOfVariation,
  compareSamples,
  minimumRunsForAlpha,
  runsForEffect,
  samplesHint,
  uTestMinP,
} from '../../../src/core/stats/index.js';
import { stdNormalCdf } from '../../../src/core/stats/normal.js';
import { gauss, prng, timings } from './gen.js';

describe('samplesHint', () => {
  it('asks for more runs when a clear shift is not yet significant', () => {
    // 3 vs 3 completely separated: p = 0.1, so `~` at 0.05
    expect(compareSamples([1, 2, 3], [4, 5, 6], { alpha: 0.05 }).significant).toBe(false);
    expect(samplesHint([1, 2, 3], [4, 5, 6], 0.05)).toEqual({ kind: 'enough-power-at', n: 6 });
    // at alpha 0.01 the exact test needs 5 per side at the very least; Noether asks for 8
    expect(samplesHint([1, 2, 3], [4, 5, 6], 0.01)).toEqual({ kind: 'enough-power-at', n: 8 });
  });

  it('calls a shift far below the spread noise, and refuses to guess from one run', () => {
    const rand = prng(3);
    const a = timings(rand, 20, 1e-6, 0.05);
    const b = timings(rand, 20, 1e-6, 0.05);
    expect(samplesHint(a, b, 0.05)).toEqual({ kind: 'within-noise' });
    expect(samplesHint([5, 5, 5], [5, 5, 5], 0.05)).toEqual({ kind: 'within-noise' });
    expect(samplesHint([1], [2, 3, 4], 0.05)).toEqual({ kind: 'cannot-tell' });
    expect(samplesHint([], [2, 3, 4], 0.05)).toEqual({ kind: 'cannot-tell' });
    expect(() => samplesHint([1, NaN], [2, 3], 0.05)).toThrow(/NaN/);
    expect(samplesHint([1, 2], [2, 3], 1)).toEqual({ kind: 'cannot-tell' });
  });

  it('never suggests fewer runs than the samples already have', () => {
    const rand = prng(9);
    for (let i = 0; i < 50; i++) {
      const a = timings(rand, 12, 1, 0.05);
      const b = timings(rand, 15, 1.02, 0.05);
      const hint = samplesHint(a, b, 0.05);
      if (hint.kind === 'enough-power-at') expect(hint.n).toBeGreaterThan(15);
    }
  });

  it('Noether sizes give about 80% power for normal shifts (simulated)', () => {
    const rand = prng(42);
    for (const shift of [0.7, 1.0, 1.5]) {
      const theta = stdNormalCdf(shift / Math.SQRT2); // P(new > old) for N(0,1) vs N(shift,1)
      const n = runsForEffect(theta, 0.05);
      let hits = 0;
      const trials = 300;
      for (let t = 0; t < trials; t++) {
        const a = Array.from({ length: n }, () => gauss(rand));
        const b = Array.from({ length: n }, () => shift + gauss(rand));
        if (compareSamples(a, b, { alpha: 0.05 }).significant) hits++;
      }
      const power = hits / trials;
      expect(power, `shift ${shift}σ at n=${n}`).toBeGreaterThan(0.7);
      expect(power, `shift ${shift}σ at n=${n}`).toBeLessThan(0.95);
    }
  });

  it('minimum runs follow the exact minimum p', () => {
    expect(uTestMinP(4)).toBeCloseTo(2 / 70, 15);
    expect(minimumRunsForAlpha(0.05)).toBe(4);
    expect(minimumRunsForAlpha(0.01)).toBe(5);
    expect(minimumRunsForAlpha(0.001)).toBe(7);
  });
});

describe('coefficientOfVariation', () => {
  it('is the sample standard deviation over |mean|', () => {
    expect(coefficientOfVariation([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(Math.sqrt(32 / 7) / 5, 14);
    expect(coefficientOfVariation([-2, -4])).toBeCloseTo(Math.SQRT2 / 3, 14);
    expect(coefficientOfVariation([3])).toBe(0);
    expect(coefficientOfVariation([0, 0])).toBe(0);
    expect(coefficientOfVariation([-1, 1])).toBeNaN();
    expect(() => coefficientOfVariation([])).toThrow(/invalid value for values/);
  });
});
