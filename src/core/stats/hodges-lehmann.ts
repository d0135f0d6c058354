// The delta interval benchstat lacks: a Hodges-Lehmann estimate of the ratio new/old with the
// distribution-free interval obtained by inverting the same U test that decides `~`.
//
// For a candidate ratio ρ, divide the new sample by ρ and ask the test whether it still
// differs from the old one. The baseline's statistic is U1(ρ) = #{r < ρ} + ½·#{r = ρ} over the
// n1·n2 pairwise ratios r = new_j / old_i, so the ratios where the verdict can change are the
// order statistics of r. The interval is the set of ρ the test does not reject, judged with
// the null distribution and p-value function the test used for the observed data (u-test.ts):
// reject iff U1(ρ) <= cLo or U1(ρ) >= cHi, where cLo (cHi) is the largest (smallest) value
// below (above) the center that the null can produce with p <= alpha. For tie-free data this
// is the textbook exact interval [r(k), r(n1·n2+1-k)]; at ρ = 1, U1 is the observed statistic,
// so the interval excludes 1 exactly when the test is significant. Ratios avoid logs so that
// new > old maps to r > 1 with no rounding in between. The estimate is the median ratio.

import { nextDown, nextUp } from './go-float.js';
import { checkLevel, checkSample } from './summary.js';
import { checkTestFor, uTest, type UNull, type UTestResult } from './u-test.js';

export interface RatioInterval {
  /** Median of the pairwise ratios new/old (0.9 = -10%). */
  readonly estimate: number;
  /** Bounds as ratios; 0 / Infinity when the samples are too small to bound that side. */
  readonly lo: number;
  readonly hi: number;
}

/** Rejection thresholds in doubled units (2·U1): reject iff 2U1 <= lo or 2U1 >= hi. */
interface Thresholds {
  readonly lo: number;
  readonly hi: number;
}

/** The largest doubled statistic in [from, to] (stepping by `step`) that the null supports and
 * rejects, assuming p rises toward the center; scans exact nulls and bisects the normal one. */
function lastRejected(nullDist: UNull, from: number, to: number, alpha: number): number | null {
  const rejects = (t: number): boolean => nullDist.supports(t) && nullDist.pValue(t / 2) <= alpha;
  const step = Math.sign(to - from) || 1;
  if (nullDist.regime !== 'normal') {
    let last: number | null = null;
    for (let t = from; step > 0 ? t <= to : t >= to; t += step) {
      if (!nullDist.supports(t)) continue;
      if (nullDist.pValue(t / 2) > alpha) break;
      last = t;
    }
    return last;
  }
  if (!rejects(from)) return null;
  // Invariant: rejects(good) and the answer lies between good and bad.
  let good = from;
  let bad = to + step;
  while (Math.abs(bad - good) > 1) {
    const mid = good + step * Math.floor(Math.abs(bad - good) / 2);
    if (rejects(mid)) good = mid;
    else bad = mid;
  }
  return good;
}

function thresholds(nullDist: UNull, observedTwoU: number, observedP: number, alpha: number): Thresholds {
  const mn = nullDist.n1 * nullDist.n2;
  const low = lastRejected(nullDist, 0, mn, alpha);
  const high = lastRejected(nullDist, 2 * mn, mn, alpha);
  let lo = low ?? -1;
  let hi = high ?? 2 * mn + 1;
  // The observed point decides exactly as the test did (a no-op when p is monotone, which it is
  // for the exact nulls; this guards the normal one against float wobble).
  const significant = observedP <= alpha;
  if (observedTwoU <= mn) {
    if (significant && observedTwoU > lo) lo = observedTwoU;
    if (!significant && observedTwoU <= lo) lo = observedTwoU - 1;
  } else {
    if (significant && observedTwoU < hi) hi = observedTwoU;
    if (!significant && observedTwoU >= hi) hi = observedTwoU + 1;
  }
  return { lo, hi };
}

/** Sorted pairwise ratios new_j / old_i. */
function pairwiseRatios(olds: readonly number[], news: readonly number[]): Float64Array {
  const out = new Float64Array(olds.length * news.length);
  let k = 0;
  for (let i = 0; i < olds.length; i++) {
    const o = olds[i];
    for (let j = 0; j < news.length; j++) out[k++] = news[j] / o;
  }
  return out.sort();
}

function medianRatio(sorted: Float64Array): number {
  const m = sorted.length;
  if (m % 2 === 1) return sorted[(m - 1) / 2];
  const x = sorted[m / 2 - 1];
  const y = sorted[m / 2];
  return x === y ? x : Math.sqrt(x) * Math.sqrt(y);
}

interface Bound {
  readonly value: number;
  readonly closed: boolean;
}

/** inf{ρ : 2U1(ρ) > t.lo} and sup{ρ : 2U1(ρ) < t.hi}, each with whether it is attained. */
function acceptedRange(sorted: Float64Array, t: Thresholds): { readonly lo: Bound; readonly hi: Bound } {
  const m = sorted.length;
  // Distinct values with the count below each and their multiplicity.
  const values: number[] = [];
  const below: number[] = [];
  const mult: number[] = [];
  for (let i = 0; i < m; ) {
    let j = i;
    while (j < m && sorted[j] === sorted[i]) j++;
    values.push(sorted[i]);
    below.push(i);
    mult.push(j - i);
    i = j;
  }
  let lo: Bound = { value: 0, closed: false };
  if (!(0 > t.lo)) {
    for (let k = 0; k < values.length; k++) {
      if (2 * below[k] + mult[k] > t.lo) {
        lo = { value: values[k], closed: true };
        break;
      }
      if (2 * (below[k] + mult[k]) > t.lo) {
        lo = { value: values[k], closed: false };
        break;
      }
    }
  }
  let hi: Bound = { value: Infinity, closed: false };
  if (!(2 * m < t.hi)) {
    hi = { value: values[0], closed: false };
    for (let k = values.length - 1; k >= 0; k--) {
      if (2 * (below[k] + mult[k]) < t.hi) {
        hi = { value: values[k + 1], closed: false };
        break;
      }
      if (2 * below[k] + mult[k] < t.hi) {
        hi = { value: values[k], closed: true };
        break;
      }
    }
  }
  return { lo, hi };
}

/**
 * Hodges-Lehmann ratio new/old (b over a) with the interval from inverting benchstat's U test
 * at alpha = 1 - confidence (pass `alpha` to use the exact float the comparison used). The
 * interval excludes 1 exactly when compareSamples(a, b, { alpha }) is significant, and holds
 * the estimate (the median pairwise ratio, pulled into the interval in the rare heavily tied
 * cases where they part). null when undefined: a value <= 0 or infinite, or confidence 0
 * (alpha 1: every shift is significant). Throws InvalidInput on an empty sample, NaN, or a
 * level outside [0, 1]. `test`: the uTest(a, b) result when the caller already has it.
 */
export function hodgesLehmannRatio(
  a: readonly number[],
  b: readonly number[],
  confidence: number,
  alpha: number = 1 - confidence,
  test?: UTestResult,
): RatioInterval | null {
  checkSample(a, 'a');
  checkSample(b, 'b');
  checkLevel(confidence, 'confidence');
  checkLevel(alpha, 'alpha');
  if (alpha >= 1) return null;
  for (const v of a) if (!(v > 0 && v < Infinity)) return null;
  for (const v of b) if (!(v > 0 && v < Infinity)) return null;
  if (test) checkTestFor(test, a, b);
  const r = test ?? uTest(a, b);
  if (r.allEqual) return { estimate: 1, lo: 1, hi: 1 };
  const ratios = pairwiseRatios(a, b);
  const t = thresholds(r.null, 2 * r.u, r.p, alpha);
  const { lo, hi } = acceptedRange(ratios, t);
  const median = medianRatio(ratios);
  if (lo.value > hi.value || (lo.value === hi.value && !(lo.closed && hi.closed))) {
    // Heavily tied data: U1 jumps over both thresholds at one ratio v, so the test rejects
    // every shift. Collapse the interval onto v, where its verdict flips; if v is 1 (the test
    // rejected ρ = 1), step off it toward the side that was rejected there.
    const v = lo.value;
    const point = v !== 1 ? v : lo.closed ? nextDown(1) : nextUp(1);
    return { estimate: point, lo: point, hi: point };
  }
  // An open end exactly at 1 means ρ = 1 is rejected: step off it so lo > 1 (hi < 1) holds.
  const loValue = lo.value === 1 && !lo.closed ? nextUp(1) : lo.value;
  const hiValue = hi.value === 1 && !hi.closed ? nextDown(1) : hi.value;
  return { estimate: Math.min(Math.max(median, loValue), hiValue), lo: loValue, hi: hiValue };
}
