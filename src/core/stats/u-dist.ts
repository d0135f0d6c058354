// The exact null distribution of the Mann-Whitney U statistic without ties: Mann and
// Whitney's (1947) probability recurrence
//   p[n,m](u) = (n·p[n-1,m](u-m) + m·p[n,m-1](u)) / (n+m),   n <= m by symmetry,
// evaluated in float64 in the same order as go-moremath, so tail sums are bit-identical.
// The distribution given a tie pattern is u-ties.ts; u-test.ts picks the regime and turns
// these into p-values.

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
