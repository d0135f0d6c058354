// benchstat's exact U-test p with ties, as go-moremath computes it (UDist.CDF through its
// memoized recursion over tie groups). That recursion is not the textbook conditional
// distribution in some cases (two tie groups, rank sums beyond a group's reach): for
// [8, 7, 8] vs [7 x7] it gives p = 0.933 where the textbook tail is 0, and its p can exceed 1.
// Perflab prints benchstat's number, so this module reproduces the recursion step for step.
// Used by stats-cache.ts for the exact-ties regime (a workaround until src/core/stats does it;
// see /work/briefs/stats-requests.md).
import { goChoose } from '../stats/binomial.js';

function twoUmin(n1: number, t: readonly number[], K: number, a: readonly number[]): number {
  let twoU = -n1 * n1;
  let rest = n1;
  for (let k = 1; k <= K; k++) {
    const r = Math.min(rest, t[k - 1]);
    twoU += r * a[k];
    rest -= r;
  }
  return twoU;
}

function twoUmax(n1: number, t: readonly number[], K: number, a: readonly number[]): number {
  let twoU = -n1 * n1;
  let rest = n1;
  for (let k = K; k > 0; k--) {
    const r = Math.min(rest, t[k - 1]);
    twoU += r * a[k];
    rest -= r;
  }
  return twoU;
}

// Keys (n1, twoU) packed into one number; twoU stays far below 2^20 for n <= 25 per side.
const SHIFT = 1 << 21;
const key = (n1: number, twoU: number): number => n1 * SHIFT + (twoU + SHIFT / 2);
const keyN1 = (k: number): number => Math.floor(k / SHIFT);
const keyTwoU = (k: number): number => (k % SHIFT) - SHIFT / 2;

/** The number of arrangements with doubled U1 <= twoU, by go-moremath's makeUmemo. */
function umemoCount(twoU: number, n1: number, t: readonly number[]): number {
  const K = t.length;
  const a = new Array<number>(K + 1).fill(0);
  a[1] = t[0];
  for (let k = 2; k <= K; k++) a[k] = a[k - 1] + t[k - 2] + t[k - 1];

  // Top-down: the (n1, twoU) states each level needs.
  const A: Map<number, number>[] = new Array(K + 1);
  A[K] = new Map([[key(n1, twoU), 0]]);
  let tsum = 0;
  for (const x of t) tsum += x;
  for (let k = K - 1; k >= 2; k--) {
    tsum -= t[k];
    const level = new Map<number, number>();
    for (const kk of A[k + 1].keys()) {
      const n = keyN1(kk);
      const u = keyTwoU(kk);
      const lo = Math.max(0, n - tsum);
      const hi = Math.min(n, t[k]);
      for (let rk = lo; rk <= hi; rk++) {
        const u2 = u - rk * (a[k + 1] - 2 * n + rk);
        const n2 = n - rk;
        if (twoUmin(n2, t, k, a) <= u2 && u2 <= twoUmax(n2, t, k, a)) level.set(key(n2, u2), 0);
      }
    }
    A[k] = level;
  }

  // Bottom-up: the two-group base case, then each further group.
  const n2sum = t[0] + t[1];
  for (const kk of A[2].keys()) {
    const n = keyN1(kk);
    const u = keyTwoU(kk);
    let sum = 0;
    const lo = Math.max(0, n - t[0]);
    const hi = Math.trunc((u - n * (t[0] - n)) / n2sum); // Go's integer division truncates
    for (let r2 = lo; r2 <= hi; r2++) sum += goChoose(t[0], n - r2) * goChoose(t[1], r2);
    A[2].set(kk, sum);
  }
  tsum = t[0];
  for (let k = 3; k <= K; k++) {
    tsum += t[k - 2];
    for (const kk of A[k].keys()) {
      const n = keyN1(kk);
      const u = keyTwoU(kk);
      let sum = 0;
      const lo = Math.max(0, n - tsum);
      const hi = Math.min(n, t[k - 1]);
      for (let rk = lo; rk <= hi; rk++) {
        const u1 = u - rk * (a[k] - 2 * n + rk);
        const n1k = n - rk;
        let x = A[k - 1].get(key(n1k, u1));
        if (x === undefined) x = twoUmax(n1k, t, k - 1, a) < u1 ? goChoose(tsum, n1k) : 0;
        sum += x * goChoose(t[k - 1], rk);
      }
      A[k].set(kk, sum);
    }
  }
  return A[K].get(key(n1, twoU))!;
}

const cache = new Map<string, number>();

/** go-moremath's UDist{N1: n1, N2: n2, T: ties}.CDF(u) for tied data (ties.length >= 2). */
export function goTiesCdf(u: number, n1: number, n2: number, ties: readonly number[]): number {
  if (u < 0) return 0;
  if (u >= n1 * n2) return 1;
  const twoU = Math.trunc(2 * u);
  const k = `${twoU}:${n1}:${ties.join(',')}`;
  let p = cache.get(k);
  if (p === undefined) {
    p = umemoCount(twoU, n1, ties) / goChoose(n1 + n2, n1);
    if (cache.size > 100_000) cache.clear();
    cache.set(k, p);
  }
  return p;
}

/** benchstat's two-sided p for the exact test with ties: 1 when U1 = U2, else 2·CDF(min). */
export function goTiesP(u1: number, n1: number, n2: number, ties: readonly number[]): number {
  const u2 = n1 * n2 - u1;
  if (u1 === u2) return 1;
  return goTiesCdf(Math.min(u1, u2), n1, n2, ties) * 2;
}
