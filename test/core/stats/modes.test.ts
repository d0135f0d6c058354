// Two speeds in one cell (src/core/stats/modes.ts): the error rates the thresholds were chosen
// by, on seeded draws, and samples of BenchmarkSum measured on this 2-vCPU machine whose
// processes ran either at ~11.7µs or at ~22.6µs per op.
import { describe, expect, it } from 'vitest';
import { twoModes } from '../../../src/core/stats/modes.js';

function generator(seed: number) {
  let s = seed;
  const rnd = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return (s + 0.5) / 2147483648;
  };
  const gauss = () => Math.sqrt(-2 * Math.log(rnd())) * Math.cos(2 * Math.PI * rnd());
  return { rnd, gauss };
}

/** The share of `draws` samples of size n that twoModes flags. */
function flagged(n: number, draw: (g: ReturnType<typeof generator>) => number, draws = 2000, seed = 7): number {
  const g = generator(seed);
  let hit = 0;
  for (let t = 0; t < draws; t++) if (twoModes(Array.from({ length: n }, () => draw(g)))) hit++;
  return hit / draws;
}

describe('twoModes', () => {
  it('finds the two speeds of samples measured on a shared VM', () => {
    const ns = [
      22190, 23443, 22345, 24108, 24027, 11815, 11532, 12338, 12993, 22282, 23513, 22247, 21441, 22577, 13372, 11448, 22623, 12236, 11187,
      11304, 23291, 11428, 11649, 14708,
    ].map((x) => x * 1e-9);
    const m = twoModes(ns)!;
    expect(m).not.toBeNull();
    expect([m.lower.count, m.upper.count]).toEqual([12, 12]);
    expect(m.lower.max).toBeCloseTo(14708e-9, 15);
    expect(m.upper.min).toBeCloseTo(21441e-9, 15);
    expect(m.ratio).toBeGreaterThan(1.9);
    expect(m.ratio).toBeLessThan(1.95);
  });

  it('flags unimodal samples rarely: at most 1% of draws at n = 10, none from n = 24', () => {
    const unimodal: Record<string, (g: ReturnType<typeof generator>) => number> = {
      'normal, CV 30%': (g) => Math.max(1, 100 * (1 + 0.3 * g.gauss())),
      'lognormal, sigma 0.6': (g) => 100 * Math.exp(0.6 * g.gauss()),
      't(3), CV 5%': (g) => {
        const c = g.gauss() ** 2 + g.gauss() ** 2 + g.gauss() ** 2;
        return Math.max(1, 100 * (1 + (0.05 * g.gauss()) / Math.sqrt(c / 3)));
      },
    };
    for (const [name, draw] of Object.entries(unimodal)) {
      expect(flagged(10, draw), name).toBeLessThanOrEqual(0.01);
      expect(flagged(24, draw), name).toBe(0);
    }
    // A long exponential tail is the worst unimodal shape tried: still about 1% at n = 10.
    expect(flagged(10, (g) => 100 * (1 + 0.2 * -Math.log(g.rnd())))).toBeLessThanOrEqual(0.015);
  });

  it('finds an even mix of two speeds 2x apart in most samples of 10 and nearly all of 24', () => {
    const mix = (g: ReturnType<typeof generator>) => (g.rnd() < 0.5 ? 200 : 100) * (1 + 0.05 * g.gauss());
    expect(flagged(10, mix)).toBeGreaterThanOrEqual(0.85);
    expect(flagged(24, mix)).toBeGreaterThanOrEqual(0.995);
  });

  it('says nothing under 10 samples, for groups 20% apart or less, or when one group is a few outliers', () => {
    expect(twoModes([1, 1, 1, 1, 2, 2, 2, 2, 2])).toBeNull();
    expect(twoModes([...Array(10).fill(100), ...Array(10).fill(118)])).toBeNull();
    expect(twoModes([...Array(10).fill(100), ...Array(10).fill(125)])?.ratio).toBe(1.25);
    expect(twoModes([...Array(18).fill(100), 200, 210])).toBeNull();
    expect(twoModes([100, 100, 100, NaN, 0, -1])).toBeNull();
  });
});
