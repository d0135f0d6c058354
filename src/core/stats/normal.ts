// The normal distribution as benchstat's go-moremath evaluates it: the CDF through erfc, and the
// inverse CDF by Acklam's rational approximation followed by one Halley refinement step (with
// Go's amd64 Log and Exp, go-float-math.ts, so the results have Go's bits). Used by the median
// CI for n > 30 (quantile-ci.ts) and the large-sample U test (u-test.ts).

import { erfc } from './go-float.js';
import { goExp, goLog } from './go-float-math.js';

/** P(X <= x) for X ~ N(mu, sigma²). */
export function normalCdf(mu: number, sigma: number, x: number): number {
  return erfc(-(x - mu) / (sigma * Math.SQRT2)) / 2;
}

/** P(Z <= z) for the standard normal. */
export function stdNormalCdf(z: number): number {
  return normalCdf(0, 1, z);
}

// Acklam's coefficients (central region a/b, tails c/d), as published.
const A = [
  -3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239,
] as const;
const B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1] as const;
const C = [
  -7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783,
] as const;
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416] as const;
const P_LOW = 0.02425;
const P_HIGH = 1 - P_LOW;

/** ((((c0*q + c1)*q + c2)*q ...) + c_last, evaluated left to right like the published form. */
function leading(c: readonly number[], q: number): number {
  let acc = c[0];
  for (let i = 1; i < c.length; i++) acc = acc * q + c[i];
  return acc;
}

/** The x with P(X <= x) = p for X ~ N(mu, sigma²). */
export function normalInvCdf(mu: number, sigma: number, p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  let x: number;
  if (p < P_LOW) {
    const q = Math.sqrt(-2 * goLog(p));
    x = leading(C, q) / (leading(D, q) * q + 1);
  } else if (P_HIGH < p) {
    const q = Math.sqrt(-2 * goLog(1 - p));
    x = -leading(C, q) / (leading(D, q) * q + 1);
  } else {
    const q = p - 0.5;
    const r = q * q;
    x = (leading(A, r) * q) / (leading(B, r) * r + 1);
  }
  // One step of Halley's method on the CDF.
  const e = 0.5 * erfc(-x / Math.SQRT2) - p;
  const u = e * Math.sqrt(2 * Math.PI) * goExp((x * x) / 2);
  x = x - u / (1 + (x * u) / 2);
  return x * sigma + mu;
}
