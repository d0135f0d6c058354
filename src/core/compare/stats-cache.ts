// Memoized statistics for comparisons of one prepared input: a cell's summary depends only on
// its values (and the level), a comparison only on the two samples (and alpha), so re-projecting
// the same data (a new filter, another column order) reuses them instead of recomputing every
// U test and delta interval. Keys are content hashes, checked value by value on a hit.
import { compareSamples, hodgesLehmannRatio, samplesHint, samplesToDetect, summarize, uTest, type RatioInterval, type SampleComparison, type SamplesHint, type Summary } from '../stats/index.js';
import { formatGoV } from '../benchunit/index.js';
import { goTiesP } from './go-ties-cdf.js';

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

/** A 32-bit content hash of a sample (order-sensitive). */
export function hashSample(xs: readonly number[]): number {
  let h = 0x811c9dc5 ^ xs.length;
  for (let i = 0; i < xs.length; i++) {
    f64[0] = xs[i];
    h = Math.imul(h ^ u32[0], 0x01000193);
    h = Math.imul(h ^ u32[1], 0x01000193);
  }
  return h >>> 0;
}

function sameSample(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

interface SummaryEntry {
  readonly values: readonly number[];
  readonly confidence: number;
  readonly exact: boolean;
  readonly summary: Summary;
}

interface PairEntry {
  readonly a: readonly number[];
  readonly b: readonly number[];
  readonly alpha: number;
  readonly exact: boolean;
  readonly comparison: SampleComparison;
  interval?: RatioInterval | null;
  hint?: SamplesHint | null;
}

function positiveFinite(xs: readonly number[]): boolean {
  for (const v of xs) if (!(v > 0 && v < Infinity)) return false;
  return true;
}

function allEqual(a: readonly number[], b: readonly number[]): boolean {
  const v = a[0];
  for (const x of a) if (x !== v) return false;
  for (const x of b) if (x !== v) return false;
  return true;
}

/**
 * benchstat's comparison of two samples (compareSamples' rules), with the p of the exact test
 * with ties taken from go-moremath's own recursion (go-ties-cdf.ts), where stats.uTest gives the
 * textbook value.
 */
export function benchstatCompare(a: readonly number[], b: readonly number[], alpha: number): SampleComparison {
  // All values equal: compareSamples' own answer, without building the tie distribution.
  if (a.length > 0 && allEqual(a, b) && !Number.isNaN(a[0])) return { p: 1, alpha, significant: 1 <= alpha, warnings: ['all samples are equal'] };
  if (a.length === 0 || b.length === 0) return compareSamples(a, b, { alpha });
  // go-moremath's rank pass: U1 from mid-ranks of the first sample, tie group sizes T.
  const n1 = a.length;
  const n2 = b.length;
  const x1 = Float64Array.from(a).sort();
  const x2 = Float64Array.from(b).sort();
  let i = 0;
  let j = 0;
  let pos = 0;
  let r1 = 0;
  let hasTies = false;
  const ties: number[] = [];
  while (i < n1 || j < n2) {
    const v = j >= n2 || (i < n1 && x1[i] <= x2[j]) ? x1[i] : x2[j];
    let c1 = 0;
    let c2 = 0;
    while (i < n1 && x1[i] === v) {
      i++;
      c1++;
    }
    while (j < n2 && x2[j] === v) {
      j++;
      c2++;
    }
    const size = c1 + c2;
    if (size === 0) break; // NaN: leave it to the stats module
    if (c1 > 0) r1 += ((2 * pos + size + 1) / 2) * c1;
    pos += size;
    ties.push(size);
    if (size > 1) hasTies = true;
  }
  let p: number;
  if (pos === n1 + n2 && hasTies && n1 <= 25 && n2 <= 25) {
    if (ties.length === 1) return { p: 1, alpha, significant: 1 <= alpha, warnings: ['all samples are equal'] };
    p = goTiesP(r1 - (n1 * (n1 + 1)) / 2, n1, n2, ties);
  } else {
    const r = uTest(a, b);
    if (r.allEqual) return { p: 1, alpha, significant: 1 <= alpha, warnings: ['all samples are equal'] };
    p = r.p;
  }
  const warnings: string[] = [];
  if (p > alpha) {
    const need = samplesToDetect(alpha);
    if (n1 < need.n && n2 < need.n) warnings.push(`need ${need.op} ${need.n} samples to detect a difference at alpha level ${formatGoV(alpha)}`);
  }
  return { p, alpha, significant: !(p > alpha), warnings };
}

/**
 * The interval inverts the textbook U test; benchstat's p with ties (go-ties-cdf.ts) can
 * disagree with it in odd tie patterns. Then the interval yields to benchstat's verdict, so it
 * never contradicts `~`: widened to reach 0% for a `~` row, or cut just past 0% (on the
 * estimate's side) for a significant one.
 */
function agreeWithVerdict(iv: RatioInterval | null, significant: boolean): RatioInterval | null {
  if (iv === null) return null;
  const excludesOne = iv.lo > 1 || iv.hi < 1;
  if (excludesOne === significant) return iv;
  if (!significant) return { estimate: iv.estimate, lo: Math.min(iv.lo, 1), hi: Math.max(iv.hi, 1) };
  if (iv.estimate > 1) return { estimate: iv.estimate, lo: 1 + Number.EPSILON, hi: Math.max(iv.hi, 1 + Number.EPSILON) };
  if (iv.estimate < 1) return { estimate: iv.estimate, lo: Math.min(iv.lo, 1 - Number.EPSILON / 2), hi: 1 - Number.EPSILON / 2 };
  return iv;
}

export class StatsCache {
  private readonly summaries = new Map<number, SummaryEntry[]>();
  private readonly cvs = new Map<number, { readonly values: readonly number[]; readonly cv: number }[]>();
  private readonly pairs = new Map<number, PairEntry[]>();
  private size = 0;
  private static readonly LIMIT = 500_000;

  private trim(): void {
    if (++this.size > StatsCache.LIMIT) {
      this.summaries.clear();
      this.cvs.clear();
      this.pairs.clear();
      this.size = 0;
    }
  }

  /** A noise figure per sample, memoized like the summaries. */
  cv(values: readonly number[], hash: number, compute: (xs: readonly number[]) => number): number {
    const list = this.cvs.get(hash);
    if (list !== undefined) for (const e of list) if (sameSample(e.values, values)) return e.cv;
    const cv = compute(values);
    this.trim();
    if (list === undefined) this.cvs.set(hash, [{ values, cv }]);
    else list.push({ values, cv });
    return cv;
  }

  summary(values: readonly number[], confidence: number, exact: boolean, hash: number): Summary {
    const list = this.summaries.get(hash);
    if (list !== undefined) {
      for (const e of list) if (e.confidence === confidence && e.exact === exact && sameSample(e.values, values)) return e.summary;
    }
    const summary = summarize(values, { confidence, assumeExact: exact });
    this.trim();
    const entry = { values, confidence, exact, summary };
    if (list === undefined) this.summaries.set(hash, [entry]);
    else list.push(entry);
    return summary;
  }

  private pair(a: readonly number[], b: readonly number[], ha: number, hb: number, alpha: number, exact: boolean): PairEntry {
    const key = (Math.imul(ha, 0x9e3779b1) ^ hb) >>> 0;
    const list = this.pairs.get(key);
    if (list !== undefined) {
      for (const e of list) if (e.alpha === alpha && e.exact === exact && sameSample(e.a, a) && sameSample(e.b, b)) return e;
    }
    const comparison = exact ? compareSamples(a, b, { alpha, assumeExact: true }) : benchstatCompare(a, b, alpha);
    const entry: PairEntry = { a, b, alpha, exact, comparison };
    this.trim();
    if (list === undefined) this.pairs.set(key, [entry]);
    else list.push(entry);
    return entry;
  }

  comparison(a: readonly number[], b: readonly number[], ha: number, hb: number, alpha: number, exact: boolean): SampleComparison {
    return this.pair(a, b, ha, hb, alpha, exact).comparison;
  }

  /** Hodges-Lehmann ratio interval at alpha; null when undefined (values <= 0, exact units). */
  interval(a: readonly number[], b: readonly number[], ha: number, hb: number, alpha: number, exact: boolean): RatioInterval | null {
    const e = this.pair(a, b, ha, hb, alpha, exact);
    if (e.interval === undefined) {
      if (exact || !(alpha > 0 && alpha < 1) || !positiveFinite(a) || !positiveFinite(b)) e.interval = null;
      else if (allEqual(a, b)) e.interval = { estimate: 1, lo: 1, hi: 1 };
      else e.interval = agreeWithVerdict(hodgesLehmannRatio(a, b, 1 - alpha, alpha), e.comparison.significant);
    }
    return e.interval;
  }

  /** Runs per side that would settle a `~` row; null for exact units or NaN samples. */
  hint(a: readonly number[], b: readonly number[], ha: number, hb: number, alpha: number, exact: boolean): SamplesHint | null {
    const e = this.pair(a, b, ha, hb, alpha, exact);
    if (e.hint === undefined) {
      if (exact || a.some(Number.isNaN) || b.some(Number.isNaN)) e.hint = null;
      else if (allEqual(a, b)) e.hint = { kind: 'within-noise' };
      else e.hint = samplesHint(a, b, alpha);
    }
    return e.hint;
  }
}
