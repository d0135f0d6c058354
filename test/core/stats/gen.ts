// Reproducible random samples for the statistics tests: a seeded PRNG and generators for the
// shapes benchmark data takes (continuous timings, heavily tied counts, shifted pairs).

/** The runner's seeded PRNG (mulberry32), floats in [0, 1). */
export { mulberry32 as prng } from '../../../src/core/runner/plan.js';

export function intIn(rand: () => number, lo: number, hi: number): number {
  return lo + Math.floor(rand() * (hi - lo + 1));
}

/** Standard normal by Box-Muller. */
export function gauss(rand: () => number): number {
  const u = 1 - rand();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

/** Continuous, positive, timing-like values around `center` with relative spread `cv`. */
export function timings(rand: () => number, n: number, center: number, cv: number): number[] {
  return Array.from({ length: n }, () => center * Math.exp(cv * gauss(rand)));
}

/** Values from a few levels, so ties are frequent (like allocs/op or B/op). */
export function tied(rand: () => number, n: number, levels: number, base: number): number[] {
  return Array.from({ length: n }, () => base + intIn(rand, 0, levels - 1));
}

export type Shape = 'continuous' | 'tied' | 'mixed';

/** A pair (old, new) of the given sizes and shape, with a random shift between them. */
export function pair(rand: () => number, n1: number, n2: number, shape: Shape): [number[], number[]] {
  const shift = [1, 1, 1.02, 0.97, 1.1, 0.8][intIn(rand, 0, 5)];
  switch (shape) {
    case 'continuous': {
      const cv = [0.001, 0.01, 0.05][intIn(rand, 0, 2)];
      return [timings(rand, n1, 1.5e-6, cv), timings(rand, n2, 1.5e-6 * shift, cv)];
    }
    case 'tied': {
      const levels = intIn(rand, 1, 6);
      return [tied(rand, n1, levels, 100), tied(rand, n2, levels, shift > 1 ? 101 : shift < 1 ? 99 : 100)];
    }
    case 'mixed': {
      const a = timings(rand, n1, 1000, 0.01).map(Math.round);
      const b = timings(rand, n2, 1000 * shift, 0.01).map(Math.round);
      return [a, b];
    }
  }
}
