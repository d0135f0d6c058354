// The exact null distribution of the U statistic given a tie pattern, as benchstat evaluates
// it (docs/statistics.md, "exact-ties", states the definition this file implements).
//
// Setting: the merged sample falls into K groups of equal values with sizes t_1..t_K (rank
// order); group k has the doubled mid-rank d_k = 2·(t_1 + ... + t_{k-1}) + t_k + 1. Under the
// null every choice of which n1 of the N values belong to the first sample is equally likely:
// r_k of them from group k in C(t_k, r_k) ways, giving a doubled rank sum S = Σ r_k·d_k and
// 2·U1 = S - n1(n1+1).
//
// F_k(n, S), the number of ways to place n first-sample values in groups 1..k with doubled
// rank sum <= S, obeys F_k(n, S) = Σ_r C(t_k, r)·F_{k-1}(n - r, S - r·d_k). This module runs
// that recurrence forward, group by group, over whole rows of S (one row per n), in the float
// arithmetic benchstat uses: binomials are Go's float64 values (binomial.ts), each entry sums
// its terms in increasing r, and a lookup above a row's largest attainable S takes Go's
// C(t_1 + ... + t_{k-1}, n) instead of the row's own (equal in exact arithmetic) last value.
// Rows are cut above the largest S the final query can need. With two groups, benchstat's
// count for a statistic that falls short of the smallest attainable one by less than one
// lattice step (t_1 + t_2 in doubled units) is C(t_1, n1), not 0; that is reproduced at the
// end. The result: bit for bit the p-values of benchstat's exact test with ties.
//
// Tables are memoized per (n1, tie pattern): benchmark data repeats patterns a lot.
// u-test.ts turns them into p-values and the support the Hodges-Lehmann interval scans.

import { fail } from '../../shared/errors.js';
import { goChoose } from './binomial.js';

/** benchstat's exact null of U1 for one (n1, tie pattern). */
export interface TieNull {
  readonly n1: number;
  readonly n2: number;
  readonly ties: readonly number[];
  /** benchstat's count of placements with 2·U1 <= w, for w = 0..n1·n2 (the half where
   * min(U1, U2) lives); P(U1 <= w/2) is count(w) / total. */
  count(w: number): number;
  /** Go's C(n1+n2, n1), the denominator of those probabilities. */
  readonly total: number;
  /** Whether U1 = twoU1/2 has positive probability (exact support, 0 <= twoU1 <= 2·n1·n2). */
  supports(twoU1: number): boolean;
}

/** Per-group facts of a tie pattern, shared by the count and support passes. */
interface Pattern {
  readonly n1: number;
  readonly total: number; // N
  readonly sizes: readonly number[]; // t_k (k = 1..K at index k-1)
  readonly midranks: readonly number[]; // d_k
  readonly before: readonly number[]; // t_1 + ... + t_{k-1} at index k-1; N at index K
}

function describe(n1: number, ties: readonly number[]): Pattern {
  const midranks: number[] = [];
  const before: number[] = [0];
  for (let k = 0; k < ties.length; k++) {
    midranks.push(2 * before[k] + ties[k] + 1);
    before.push(before[k] + ties[k]);
  }
  return { n1, total: before[ties.length], sizes: ties, midranks, before };
}

// Scratch space, reused by every call (they run one at a time): two sets of per-n arrays
// (previous and current group) and two value buffers that grow on demand. Small typed-array
// allocations would otherwise cost more than the arithmetic for typical benchmark samples.
const MAX_N = 51;
interface Rows {
  /** Smallest / largest attainable doubled rank sum of n values in the groups so far. */
  readonly min: Int32Array;
  readonly max: Int32Array;
  /** Stored S range of row n and where it starts in the value buffer. */
  readonly lo: Int32Array;
  readonly hi: Int32Array;
  readonly offset: Int32Array;
  /** Go's C(t_1 + ... + t_k, n): the count above the largest attainable sum. */
  readonly full: Float64Array;
}
const newRows = (): Rows => ({
  min: new Int32Array(MAX_N),
  max: new Int32Array(MAX_N),
  lo: new Int32Array(MAX_N),
  hi: new Int32Array(MAX_N),
  offset: new Int32Array(MAX_N),
  full: new Float64Array(MAX_N),
});
let rowsA: Rows | null = null;
let rowsB: Rows | null = null;
let valuesA: Float64Array = new Float64Array(0);
let valuesB: Float64Array = new Float64Array(0);
let least = new Int32Array(0);

function grown(buf: Float64Array, size: number): Float64Array {
  if (buf.length >= size) return buf;
  let n = 1024;
  while (n < size) n *= 2;
  return new Float64Array(n);
}

/** Extremes of group k's rows from group k-1's (greedy: the smallest sum fills the earliest
 * groups, the largest the latest), for n = 0..nHi. */
function extremes(p: Pattern, k: number, prev: Rows, cur: Rows, nHi: number): void {
  const size = p.sizes[k - 1];
  const d = p.midranks[k - 1];
  const earlier = p.before[k - 1];
  for (let n = 0; n <= nHi; n++) {
    cur.min[n] = prev.min[Math.min(n, earlier)] + Math.max(0, n - earlier) * d;
    const here = Math.min(n, size);
    cur.max[n] = here * d + prev.max[n - here];
  }
}

/** least[k·(n1+1) + m]: the smallest doubled rank sum m values can add in groups k+1..K. */
function fillLeast(p: Pattern): void {
  const K = p.sizes.length;
  const w = p.n1 + 1;
  if (least.length < (K + 1) * w) least = new Int32Array((K + 1) * w * 2);
  least.fill(0, K * w, (K + 1) * w);
  for (let k = K - 1; k >= 0; k--) {
    const size = p.sizes[k];
    for (let m = 0; m <= p.n1; m++) {
      const here = Math.min(m, size);
      least[k * w + m] = here * p.midranks[k] + least[(k + 1) * w + m - here];
    }
  }
}

/** The state before any group: zero values placed, sum 0, one way. */
function startRows(rows: Rows, values: Float64Array): void {
  rows.min[0] = 0;
  rows.max[0] = 0;
  rows.lo[0] = 0;
  rows.hi[0] = 0;
  rows.offset[0] = 0;
  rows.full[0] = 1;
  values[0] = 1;
}

/** benchstat's cumulative counts F_K(n1, S) for 2·U1 = S - n1(n1+1) = 0..wMax. */
function lowerCumulativeCounts(p: Pattern, wMax: number): Float64Array {
  const { n1, total: N } = p;
  const K = p.sizes.length;
  const base = n1 * (n1 + 1);
  const top = base + wMax;
  const lw = n1 + 1;
  fillLeast(p);
  let prev = (rowsA ??= newRows());
  let cur = (rowsB ??= newRows());
  valuesA = grown(valuesA, 1);
  let prevValues = valuesA;
  startRows(prev, prevValues);
  for (let k = 1; k <= K; k++) {
    const size = p.sizes[k - 1];
    const d = p.midranks[k - 1];
    const earlier = p.before[k - 1];
    const last = k === K;
    const nLo = last ? n1 : Math.max(0, n1 - (N - p.before[k]));
    const nHi = last ? n1 : Math.min(n1, p.before[k]);
    extremes(p, k, prev, cur, nHi);
    let cells = 0;
    for (let n = nLo; n <= nHi; n++) {
      // Rows stop where the final query can no longer reach (the values still to place add
      // at least least[k][n1 - n]); the last group's row spans exactly the queried range.
      cur.lo[n] = last ? base : cur.min[n];
      cur.hi[n] = last ? top : Math.min(cur.max[n], top - least[k * lw + n1 - n]);
      cur.offset[n] = cells;
      cells += Math.max(0, cur.hi[n] - cur.lo[n] + 1);
      cur.full[n] = goChoose(p.before[k], n);
    }
    const values = grown(prevValues === valuesA ? valuesB : valuesA, cells);
    if (prevValues === valuesA) valuesB = values;
    else valuesA = values;
    values.fill(0, 0, cells);
    for (let n = nLo; n <= nHi; n++) {
      if (cur.hi[n] < cur.lo[n]) continue;
      const rLo = Math.max(0, n - earlier);
      const rHi = Math.min(n, size);
      for (let r = rLo; r <= rHi; r++) {
        const c = goChoose(size, r);
        const src = n - r;
        const shift = r * d;
        const sLo = prev.lo[src];
        const sHi = prev.hi[src];
        const sMax = prev.max[src];
        const sOff = prev.offset[src] - sLo;
        const from = cur.lo[n] - shift; // this row's S range, shifted into the source row
        const to = cur.hi[n] - shift;
        const out = cur.offset[n] - from; // values[out + S'] is the entry for S = S' + shift
        // Inside the source row (terms added in increasing r, as Go sums them).
        const a = Math.max(from, sLo);
        const b = Math.min(to, sHi);
        for (let s = a; s <= b; s++) values[out + s] += c * prevValues[sOff + s];
        // Above the source's largest attainable sum: every placement counts.
        const fullFrom = Math.max(from, sMax + 1);
        if (fullFrom <= to) {
          if (sHi < sMax && Math.max(from, sHi + 1) <= Math.min(to, sMax))
            fail('Internal', { stack: `u-ties: row ${k - 1}/${src} cut below a needed sum` });
          const v = c * prev.full[src];
          for (let s = fullFrom; s <= to; s++) values[out + s] += v;
        }
      }
    }
    [prev, cur] = [cur, prev];
    prevValues = values;
  }
  const counts = prevValues.slice(prev.offset[n1], prev.offset[n1] + top - base + 1);
  // Two groups: benchstat counts the placements at the smallest attainable statistic for any
  // w short of it by less than one step (its step count is divided with truncation toward 0).
  if (K === 2 && n1 <= p.sizes[0]) {
    const smallest = n1 * (p.sizes[0] - n1);
    const from = Math.max(0, smallest - N + 1);
    for (let w = from; w < Math.min(smallest, counts.length); w++) counts[w] = goChoose(p.sizes[0], n1);
  }
  return counts;
}

let wordsA: Int32Array = new Int32Array(0);
let wordsB: Int32Array = new Int32Array(0);

function grownWords(buf: Int32Array, size: number): Int32Array {
  if (buf.length >= size) return buf;
  let n = 256;
  while (n < size) n *= 2;
  return new Int32Array(n);
}

/** Which doubled statistics 2·U1 = 0..2·n1·n2 have positive probability: the same walk over
 * the groups, with each row a bit set of the attainable sums in [min[n], max[n]]. */
function supportOf(p: Pattern): Uint8Array {
  const { n1, total: N } = p;
  const K = p.sizes.length;
  const base = n1 * (n1 + 1);
  let prev = (rowsA ??= newRows());
  let cur = (rowsB ??= newRows());
  wordsA = grownWords(wordsA, 1);
  let prevBits = wordsA;
  prev.min[0] = 0;
  prev.max[0] = 0;
  prev.offset[0] = 0;
  prevBits[0] = 1;
  for (let k = 1; k <= K; k++) {
    const size = p.sizes[k - 1];
    const d = p.midranks[k - 1];
    const earlier = p.before[k - 1];
    const nLo = Math.max(0, n1 - (N - p.before[k]));
    const nHi = Math.min(n1, p.before[k]);
    extremes(p, k, prev, cur, nHi);
    let words = 0;
    for (let n = nLo; n <= nHi; n++) {
      cur.offset[n] = words;
      words += ((cur.max[n] - cur.min[n]) >> 5) + 1;
    }
    const bits = grownWords(prevBits === wordsA ? wordsB : wordsA, words);
    if (prevBits === wordsA) wordsB = bits;
    else wordsA = bits;
    bits.fill(0, 0, words);
    for (let n = nLo; n <= nHi; n++) {
      const destWords = ((cur.max[n] - cur.min[n]) >> 5) + 1;
      for (let r = Math.max(0, n - earlier); r <= Math.min(n, size); r++) {
        const src = n - r;
        // Sum s of the source row lands on bit s + r·d - min[n] of this row: a left shift.
        const shift = prev.min[src] + r * d - cur.min[n];
        const q = shift >> 5;
        const b = shift & 31;
        const srcWords = ((prev.max[src] - prev.min[src]) >> 5) + 1;
        const from = prev.offset[src];
        const to = cur.offset[n] + q;
        for (let w = 0; w < srcWords; w++) {
          const x = prevBits[from + w];
          if (x === 0) continue;
          bits[to + w] |= x << b;
          if (b !== 0 && q + w + 1 < destWords) bits[to + w + 1] |= x >>> (32 - b);
        }
      }
    }
    [prev, cur] = [cur, prev];
    prevBits = bits;
  }
  const out = new Uint8Array(2 * n1 * (N - n1) + 1);
  const from = prev.offset[n1];
  for (let s = prev.min[n1]; s <= prev.max[n1]; s++) {
    const i = s - prev.min[n1];
    out[s - base] = (prevBits[from + (i >> 5)] >>> (i & 31)) & 1;
  }
  return out;
}

class Memo implements TieNull {
  readonly n2: number;
  readonly total: number;
  /** Counts for w = 0..counts.length-1, only as far as questions went: a significant result
   * needs the start of the tail, the delta interval up to the critical value. */
  private counts: Float64Array | null = null;
  private support: Uint8Array | null = null;
  constructor(
    readonly n1: number,
    readonly ties: readonly number[],
    private readonly pattern: Pattern,
  ) {
    this.n2 = pattern.total - n1;
    this.total = goChoose(pattern.total, n1);
  }
  count(w: number): number {
    if (this.counts === null || w >= this.counts.length) {
      const half = this.n1 * this.n2;
      if (!(w >= 0 && w <= half)) fail('Internal', { stack: `tieNull.count: w=${w} outside 0..${half}` });
      // Later questions walk outward (the interval's threshold search): grow geometrically.
      const upTo = this.counts === null ? w : Math.min(half, Math.max(w, 2 * this.counts.length + 8));
      this.counts = lowerCumulativeCounts(this.pattern, upTo);
    }
    return this.counts[w];
  }
  supports(twoU1: number): boolean {
    this.support ??= supportOf(this.pattern);
    return twoU1 >= 0 && twoU1 < this.support.length && this.support[twoU1] === 1;
  }
}

/** Memoized tables by a hash of (n1, ties); entries with the same hash are told apart by
 * comparing the pattern. */
const memo = new Map<number, Memo[]>();
let memoSize = 0;
/** Patterns kept; a 25 + 25 table is ~5 KiB, a typical 10 + 10 one under 1 KiB. */
const MEMO_LIMIT = 4096;

function patternHash(n1: number, ties: readonly number[]): number {
  let h = Math.imul(0x811c9dc5 ^ n1, 0x01000193);
  for (let i = 0; i < ties.length; i++) h = Math.imul(h ^ ties[i], 0x01000193);
  return h >>> 0;
}

function samePattern(m: Memo, n1: number, ties: readonly number[]): boolean {
  if (m.n1 !== n1 || m.ties.length !== ties.length) return false;
  for (let i = 0; i < ties.length; i++) if (m.ties[i] !== ties[i]) return false;
  return true;
}

/** benchstat's exact null for n1 first-sample values under the tie group sizes `ties` (rank
 * order, at least two groups, total <= 50). Memoized per (n1, ties). */
export function tieNull(n1: number, ties: readonly number[]): TieNull {
  const h = patternHash(n1, ties);
  const list = memo.get(h);
  if (list) for (const m of list) if (samePattern(m, n1, ties)) return m;
  if (ties.length < 2) fail('Internal', { stack: 'tieNull: one tie group (all values equal) has no test' });
  const entry = new Memo(n1, ties.slice(), describe(n1, ties));
  if (memoSize >= MEMO_LIMIT) {
    // Forget the oldest hash bucket (Map keeps insertion order).
    const [oldest, dropped] = memo.entries().next().value as [number, Memo[]];
    memo.delete(oldest);
    memoSize -= dropped.length;
  }
  const bucket = memo.get(h);
  if (bucket) bucket.push(entry);
  else memo.set(h, [entry]);
  memoSize++;
  return entry;
}
