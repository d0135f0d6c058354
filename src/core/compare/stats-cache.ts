// Memoized statistics for comparisons of one prepared input: a cell's summary depends only on
// its values (and the level), a comparison only on the two samples (and alpha), so re-projecting
// the same data (a new filter, another column order) reuses them instead of recomputing every
// U test and delta interval. Keys are content hashes, checked value by value on a hit. Each
// pair runs src/core/stats' U test once; the verdict, the delta interval and the hint share it.
import {
  coefficientOfVariation,
  compareSamples,
  hodgesLehmannRatio,
  samplesHint,
  summarize,
  uTest,
  type RatioInterval,
  type SampleComparison,
  type SamplesHint,
  type Summary,
  type UTestResult,
} from '../stats/index.js';

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

/** A 30-bit content hash of a sample (order-sensitive; small integers are the cheapest map keys). */
export function hashSample(xs: readonly number[]): number {
  let h = 0x811c9dc5 ^ xs.length;
  for (let i = 0; i < xs.length; i++) {
    f64[0] = xs[i];
    h = Math.imul(h ^ u32[0], 0x01000193);
    h = Math.imul(h ^ u32[1], 0x01000193);
  }
  return (h ^ (h >>> 30)) & 0x3fffffff;
}

function sameSample(a: readonly number[], b: readonly number[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

/** What a cell's sample alone determines (at one level): its summary, its noise figure, and what
 * a renderer derived from them (the cell's JSON at the row's scale, to-json.ts). */
export interface SampleEntry {
  readonly values: readonly number[];
  readonly confidence: number;
  readonly exact: boolean;
  readonly summary: Summary;
  /** Coefficient of variation (NaN when undefined or a value is not finite). */
  readonly cv: number;
  /** Kept by the JSON renderer; only on memoized entries (a re-projection reuses it). */
  json?: unknown;
}

export interface PairEntry {
  readonly a: readonly number[];
  readonly b: readonly number[];
  readonly alpha: number;
  readonly exact: boolean;
  readonly comparison: SampleComparison;
  /** The U test behind the comparison (undefined for exact units and empty sides). */
  readonly test: UTestResult | undefined;
  interval?: RatioInterval | null;
  hint?: SamplesHint | null;
  /** Values derived from the comparison (the JSON verdict), by the caller's key. */
  derived?: Map<string, unknown>;
  /** benchstat's delta and n texts for the centers they were made for (builder.ts). */
  texts?: { readonly old: number; readonly nu: number; readonly delta: string; readonly n: string };
}

function safeCv(values: readonly number[]): number {
  for (const v of values) if (!Number.isFinite(v)) return NaN;
  return coefficientOfVariation(values);
}

function positiveFinite(xs: readonly number[]): boolean {
  for (const v of xs) if (!(v > 0 && v < Infinity)) return false;
  return true;
}

export class StatsCache {
  /** @param memo false for a one-shot comparison (the CLI on files): compute, keep nothing. */
  constructor(private readonly memo = true) {}

  /** Whether entries are kept (and so shared by every projection of the input). */
  get memoized(): boolean {
    return this.memo;
  }

  private readonly samples = new Map<number, SampleEntry[]>();
  private readonly pairs = new Map<number, PairEntry[]>();
  private size = 0;
  private static readonly LIMIT = 500_000;

  private trim(): boolean {
    if (!this.memo) return false;
    if (++this.size > StatsCache.LIMIT) {
      this.samples.clear();
      this.pairs.clear();
      this.size = 0;
    }
    return true;
  }

  /** A sample's summary and noise figure, computed once per sample and level. */
  sample(values: readonly number[], confidence: number, exact: boolean, hash: number): SampleEntry {
    const list = this.samples.get(hash);
    if (list !== undefined) {
      for (const e of list) if (e.confidence === confidence && e.exact === exact && sameSample(e.values, values)) return e;
    }
    const entry: SampleEntry = {
      values,
      confidence,
      exact,
      summary: summarize(values, { confidence, assumeExact: exact }),
      cv: safeCv(values),
    };
    if (!this.trim()) return entry;
    if (list === undefined) this.samples.set(hash, [entry]);
    else list.push(entry);
    return entry;
  }

  /** The pair's entry (its U test and comparison computed once); a comparison keeps it, so its
   * interval, hint and derived values never look the pair up again. */
  entry(a: readonly number[], b: readonly number[], ha: number, hb: number, alpha: number, exact: boolean): PairEntry {
    const key = (Math.imul(ha, 0x9e3779b1) ^ hb) & 0x3fffffff;
    const list = this.pairs.get(key);
    if (list !== undefined) {
      for (const e of list) if (e.alpha === alpha && e.exact === exact && sameSample(e.a, a) && sameSample(e.b, b)) return e;
    }
    const test = exact || a.length === 0 || b.length === 0 ? undefined : uTest(a, b);
    const comparison = compareSamples(a, b, { alpha, assumeExact: exact, test });
    const entry: PairEntry = { a, b, alpha, exact, comparison, test };
    if (!this.trim()) return entry;
    if (list === undefined) this.pairs.set(key, [entry]);
    else list.push(entry);
    return entry;
  }
}

/** Hodges-Lehmann ratio interval at the pair's alpha; null when undefined (values <= 0, exact units). */
export function pairInterval(e: PairEntry): RatioInterval | null {
  if (e.interval === undefined) {
    const { a, b, alpha, exact } = e;
    if (exact || !(alpha > 0 && alpha < 1) || !positiveFinite(a) || !positiveFinite(b)) e.interval = null;
    else e.interval = hodgesLehmannRatio(a, b, 1 - alpha, alpha, e.test);
  }
  return e.interval;
}

/** Runs per side that would settle a `~` row; null for exact units or NaN samples. */
export function pairHint(e: PairEntry): SamplesHint | null {
  if (e.hint === undefined) {
    const { a, b, alpha, exact } = e;
    if (exact || a.some(Number.isNaN) || b.some(Number.isNaN)) e.hint = null;
    else e.hint = samplesHint(a, b, alpha, e.test);
  }
  return e.hint;
}

/** A value computed from the pair's comparison and `key` alone (the JSON verdict), kept with
 * the pair: a re-projection that meets the pair again reuses it. */
export function pairDerived<T>(e: PairEntry, key: string, compute: () => T): T {
  const m = (e.derived ??= new Map<string, unknown>());
  if (m.has(key)) return m.get(key) as T;
  const v = compute();
  m.set(key, v);
  return v;
}
