// Which order statistics bound the confidence interval of the median, exactly as benchstat
// (go-moremath's QuantileCI at q = 0.5) chooses them. Up to n = 30: grow a window of the
// Binomial(n, 1/2) mass outward from the lower mode, always taking the larger neighbour and
// the left one on a tie, until it holds the confidence level; the binomial weights are Go's
// float64 values (binomial.ts), whose rounding decides some ties for n > 20. Above n = 30: a
// normal approximation with continuity correction, then one step of left bias when that still
// covers the level. summary.ts turns the orders into values.

import { goChoose } from './binomial.js';
import { normalCdf, normalInvCdf } from './normal.js';

export interface MedianCiOrders {
  /** 1-based order statistic of the lower bound; 0 means -Infinity. */
  readonly loOrder: number;
  /** 1-based order statistic of the upper bound; n + 1 means +Infinity. */
  readonly hiOrder: number;
  /** The coverage actually achieved (>= the level asked for, up to the approximation). */
  readonly confidence: number;
}

/** Largest n for which the exact binomial search is used (benchstat's threshold). */
export const MEDIAN_CI_EXACT_MAX_N = 30;

/** Binomial(n, 1/2) probability of k successes as go-moremath computes it: C(n,k)·2^-k·2^-(n-k),
 * where the two powers of two are exact, so the product is C(n,k)·2^-n exactly. */
function halfBinomialPmf(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  return goChoose(n, k) * 2 ** -k * 2 ** -(n - k);
}

function exactOrders(n: number, confidence: number): MedianCiOrders {
  const mode = Math.ceil((n + 1) * 0.5) - 1;
  let accum = halfBinomialPmf(n, mode);
  // [l, r) is the window of binomial outcomes summed so far.
  let l = mode;
  let r = mode + 1;
  let lp = halfBinomialPmf(n, l - 1);
  let rp = halfBinomialPmf(n, r);
  while (accum < confidence && (lp > 0 || rp > 0)) {
    if (lp >= rp) {
      accum += lp;
      l--;
      lp = halfBinomialPmf(n, l - 1);
    } else {
      accum += rp;
      r++;
      rp = halfBinomialPmf(n, r);
    }
  }
  return { loOrder: Math.max(l, 0), hiOrder: Math.min(r, n + 1), confidence: accum };
}

function approximateOrders(n: number, confidence: number): MedianCiOrders {
  const mu = n * 0.5;
  const sigma = Math.sqrt(n * 0.5 * 0.5);
  const l1 = normalInvCdf(mu, sigma, (1 - confidence) / 2);
  const r1 = 2 * mu - l1;
  // Outcome k of the binomial covers [k - 0.5, k + 0.5] of the normal: round out to those edges.
  let l = Math.floor(l1 - 0.5) + 1;
  let r = Math.ceil(r1 - 0.5) + 1;
  const coverage = (lo: number, hi: number): number => normalCdf(mu, sigma, hi - 0.5) - normalCdf(mu, sigma, lo - 0.5);
  let achieved = coverage(l, r);
  const biased = coverage(l, r - 1);
  if (biased >= confidence && biased < achieved) {
    achieved = biased;
    r = r - 1;
  }
  if (l <= 0 && r >= n + 1) achieved = 1;
  if (l < 0) l = 0;
  if (r > n + 1) r = n + 1;
  return { loOrder: l, hiOrder: r, confidence: achieved };
}

const cache = new Map<number, Map<number, MedianCiOrders>>();

/** The order statistics bounding the median's CI for a sample of n at the given level. */
export function medianCiOrders(n: number, confidence: number): MedianCiOrders {
  let byN = cache.get(confidence);
  if (!byN) {
    byN = new Map();
    cache.set(confidence, byN);
  }
  const hit = byN.get(n);
  if (hit) return hit;
  let result: MedianCiOrders;
  if (confidence >= 1) result = { loOrder: 0, hiOrder: n + 1, confidence: 1 };
  else if (n <= MEDIAN_CI_EXACT_MAX_N) result = exactOrders(n, confidence);
  else result = approximateOrders(n, confidence);
  byN.set(n, result);
  return result;
}

/** benchstat's "need >= N samples" figure: the smallest n in 2..50 whose interval is finite at
 * this level, or `> 50` when none is. */
export function samplesForFiniteMedianCi(confidence: number): { readonly op: '>=' | '>'; readonly n: number } {
  for (let n = 2; n <= 50; n++) {
    const ci = medianCiOrders(n, confidence);
    if (ci.loOrder > 0 && ci.hiOrder <= n) return { op: '>=', n };
  }
  return { op: '>', n: 50 };
}
