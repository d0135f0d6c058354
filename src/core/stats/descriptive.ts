// Small statistics around the benchstat core: the geometric mean of benchstat's geomean row
// (same running mean of logs through Go's amd64 Log and Exp, go-float-math.ts, so CSV prints
// the same digits; NaN when any value is <= 0, as benchstat then blanks the cell),
// the coefficient of variation shown as a noise figure, and Holm's step-down adjustment of a
// family of p-values (one per table row) that benchstat lacks.

import { fail } from '../../shared/errors.js';
import { goExp, goLog } from './go-float-math.js';

/** Geometric mean as benchstat computes it, to the bit (linux/amd64); NaN for an empty list
 * or any value <= 0. */
export function geomean(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  let m = 0;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    if (!(x > 0)) return NaN;
    m += (goLog(x) - m) / (i + 1);
  }
  return goExp(m);
}

/** Sample standard deviation (n - 1) over |mean|. 0 for a single value or identical values;
 * NaN when the mean is 0 but the values differ (no scale to compare the spread with). Throws
 * InvalidInput on an empty list or NaN. */
export function coefficientOfVariation(xs: readonly number[]): number {
  if (xs.length === 0) fail('InvalidInput', { field: 'values', value: '[]' }, 'a sample needs at least one value');
  let mean = 0;
  for (let i = 0; i < xs.length; i++) {
    if (Number.isNaN(xs[i])) fail('InvalidInput', { field: 'values', value: 'NaN' }, 'sample values must be numbers');
    mean += (xs[i] - mean) / (i + 1);
  }
  if (xs.every((x) => x === xs[0])) return 0;
  let ss = 0;
  for (const x of xs) ss += (x - mean) * (x - mean);
  const sd = Math.sqrt(ss / (xs.length - 1));
  return mean === 0 ? NaN : sd / Math.abs(mean);
}

/** Holm-Bonferroni adjusted p-values, in the input order: sort ascending, multiply the i-th
 * smallest (0-based) by (m - i), carry the running maximum so the adjustment is monotone, cap
 * at 1. Raw p above 1 (benchstat's ties) simply cap. Throws InvalidInput on NaN or p < 0. */
export function holm(ps: readonly number[]): number[] {
  for (const p of ps) {
    if (!(p >= 0)) fail('InvalidInput', { field: 'p', value: String(p) }, 'p-values must be >= 0');
  }
  const m = ps.length;
  const order = ps.map((_, i) => i).sort((x, y) => ps[x] - ps[y] || x - y);
  const out = new Array<number>(m);
  let running = 0;
  order.forEach((idx, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * ps[idx]));
    out[idx] = running;
  });
  return out;
}
