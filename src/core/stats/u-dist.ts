// Exact null distributions of the Mann-Whitney U statistic, the two benchstat uses.
// Without ties: Mann and Whitney's (1947) probability recurrence
//   p[n,m](u) = (n·p[n-1,m](u-m) + m·p[n,m-1](u)) / (n+m),   n <= m by symmetry,
// evaluated in float64 in the same order as go-moremath, so tail sums are bit-identical.
// With ties: the distribution of U conditional on the tie pattern. Here it is a dynamic
// program over the tie groups counting, exactly, the ways to draw the first sample with each
// doubled rank sum; benchstat's linked-list algorithm (Cheung & Klotz 1997) reaches the same
// counts (its float rounding aside) and divides by Go's C(n1+n2, n1), which we reuse.
// u-test.ts picks the regime and turns these into p-values.

import { exactChoose, goChoose } from './binomial.js';

const noTiesTables = new Map<number, Float64Array>();
const noTiesPrefix = new Map<number, Float64Array>();

/** p[n,m](u) for u = 0..n·m, n <= m. */
function noTiesPmf(n: number, m: number): Float64Array {
  const key = n * 1024 + m;
  const hit = noTiesTables.get(key);
  if (hit) return hit;
  const out = new Float64Array(n * m + 1);
  if (n === 0) {
    out[0] = 1;
  } else {
    const left = noTiesPmf(n - 1, m); // p[n-1,m]
    const right = n <= m - 1 ? noTiesPmf(n, m - 1) : left; // p[n,m-1], or p[m-1,m] when n == m
    const sum = n + m;
    for (let u = 0; u <= n * m; u++) {
      const l = u - m >= 0 && u - m < left.length ? n * left[u - m] : 0;
      const r = u < right.length ? m * right[u] : 0;
      out[u] = (l + r) / sum;
    }
  }
  noTiesTables.set(key, out);
  return out;
}

/** Running sums of the no-ties PMF from u = 0, accumulated in order as benchstat sums them. */
function noTiesCumulative(n1: number, n2: number): Float64Array {
  const n = Math.min(n1, n2);
  const m = Math.max(n1, n2);
  const key = n * 1024 + m;
  const hit = noTiesPrefix.get(key);
  if (hit) return hit;
  const pmf = noTiesPmf(n, m);
  const cum = new Float64Array(pmf.length);
  let acc = 0;
  for (let u = 0; u < pmf.length; u++) {
    acc += pmf[u];
    cum[u] = acc;
  }
  noTiesPrefix.set(key, cum);
  return cum;
}

/** P(U <= u) without ties, as go-moremath's UDist.CDF computes it (summing the smaller tail). */
export function noTiesCdf(n1: number, n2: number, u: number): number {
  const mn = n1 * n2;
  if (u < 0) return 0;
  if (u >= mn) return 1;
  let ui = Math.floor(u);
  const flip = ui >= Math.floor((mn + 1) / 2);
  if (flip) ui = mn - ui - 1;
  const p = noTiesCumulative(n1, n2)[ui];
  return flip ? 1 - p : p;
}

/** The tie pattern's exact counts: counts[k] = number of n1-subsets of the merged ranks whose
 * U statistic equals k/2 (k = 0..2·n1·n2). */
export interface TieCounts {
  readonly n1: number;
  readonly n2: number;
  readonly counts: Float64Array;
  /** Running sums of counts (exact integers). */
  readonly cumulative: Float64Array;
}

const tieCache = new Map<string, TieCounts>();
const TIE_CACHE_LIMIT = 64;

/** Exact counts of U for the first sample of size n1 given the tie group sizes t (in rank
 * order). Needs n1 + n2 <= 56 so every count is an exact double. */
export function tieCounts(n1: number, t: readonly number[]): TieCounts {
  const total = t.reduce((s, x) => s + x, 0);
  const n2 = total - n1;
  const key = `${n1}:${t.join(',')}`;
  const hit = tieCache.get(key);
  if (hit) return hit;
  // ways[j·stride + w]: ways to pick j items from the groups so far with doubled rank sum w.
  // Updated in place per group, j descending, so each sum reads the previous group's values;
  // [bottom[j], top[j]] bounds the non-zero w of row j.
  const maxW = n1 * (2 * total - n1 + 1);
  const stride = maxW + 1;
  const ways = new Float64Array((n1 + 1) * stride);
  const bottom = new Int32Array(n1 + 1).fill(-1);
  const top = new Int32Array(n1 + 1).fill(-1);
  ways[0] = 1;
  bottom[0] = 0;
  top[0] = 0;
  let start = 1;
  let seen = 0;
  for (const size of t) {
    const doubledMidrank = 2 * start + size - 1;
    for (let j = Math.min(n1, seen + size); j >= 1; j--) {
      let lo = bottom[j];
      let hi = top[j];
      for (let r = 1; r <= Math.min(size, j); r++) {
        const src = j - r;
        if (top[src] < 0) continue;
        const c = exactChoose(size, r);
        const shift = r * doubledMidrank;
        const from = src * stride;
        const to = j * stride + shift;
        for (let w = bottom[src]; w <= top[src]; w++) {
          const x = ways[from + w];
          if (x !== 0) ways[to + w] += x * c;
        }
        lo = lo < 0 ? bottom[src] + shift : Math.min(lo, bottom[src] + shift);
        hi = Math.max(hi, top[src] + shift);
      }
      bottom[j] = lo;
      top[j] = hi;
    }
    start += size;
    seen += size;
  }
  const base = n1 * (n1 + 1); // doubled minimum rank sum
  const counts = new Float64Array(2 * n1 * n2 + 1);
  for (let w = base; w <= maxW; w++) counts[w - base] = ways[n1 * stride + w];
  const cumulative = new Float64Array(counts.length);
  let acc = 0;
  for (let k = 0; k < counts.length; k++) {
    acc += counts[k];
    cumulative[k] = acc;
  }
  const result: TieCounts = { n1, n2, counts, cumulative };
  if (tieCache.size >= TIE_CACHE_LIMIT) tieCache.delete(tieCache.keys().next().value as string);
  tieCache.set(key, result);
  return result;
}

/** P(U <= u) under the tie pattern, with benchstat's denominator (Go's C(n1+n2, n1)). */
export function tieCdf(dist: TieCounts, u: number): number {
  const k = Math.floor(2 * u);
  if (k < 0) return 0;
  if (k >= dist.counts.length - 1) return 1;
  return dist.cumulative[k] / goChoose(dist.n1 + dist.n2, dist.n1);
}
