// A run's results in the JSON that continuous-benchmarking services read:
// github-action-benchmark's `customSmallerIsBetter` / `customBiggerIsBetter` tools (an array of
// {name, unit, value, range, extra}) and Bencher's Metric Format (BMF: benchmark -> measure ->
// {value, lower_value, upper_value}). Each value is the center benchstat prints (the median, or
// the mode of an exact unit) of every stored sample of that (ref, package, benchmark, unit),
// and the bounds are its confidence interval at the given level when the sample allows a finite
// one. Names are as Go prints them (`BenchmarkX/size=1k-8`), prefixed with the package when the
// run has several, and suffixed with ` [ref]` when it has several refs.
import type { RunRef } from '../../shared/models.js';
import { summarize } from '../stats/index.js';
import { betterDirection, type UnitMetadata } from '../compare/prepare.js';
import type { StoredResult } from '../store/results.js';
import { printedName } from './run-benchfmt.js';

export interface CiSeries {
  readonly name: string;
  readonly unit: string;
  readonly ref: string;
  readonly sha: string;
  readonly center: number;
  /** Finite confidence bounds, or null when the sample is too small for the level. */
  readonly lo: number | null;
  readonly hi: number | null;
  readonly n: number;
  /** -1 lower is better, 1 higher is better, 0 unknown. */
  readonly better: -1 | 0 | 1;
}

/** One series per (ref, package, benchmark with its -cpu suffix, unit), in measured order. */
export function ciSeries(
  results: readonly StoredResult[],
  refs: readonly RunRef[],
  unitMeta: readonly { unit: string; key: string; value: string }[],
  confidence = 0.95,
): CiSeries[] {
  const meta: UnitMetadata = { values: new Map(unitMeta.map((m) => [`${m.unit}\u0000${m.key}`, m.value])) };
  const refById = new Map(refs.map((r) => [r.id, r]));
  const packages = new Set(results.map((r) => r.pkg));
  const refIds = new Set(results.map((r) => r.refId));
  const groups = new Map<string, { name: string; unit: string; ref: RunRef | undefined; values: number[] }>();
  for (const r of results) {
    const ref = refById.get(r.refId);
    let name = printedName(r.name, r.cpu);
    if (packages.size > 1) name = `${r.pkg} ${name}`;
    if (refIds.size > 1) name = `${name} [${ref?.label ?? r.refId}]`;
    for (const m of r.metrics) {
      const key = `${r.refId}\u0000${name}\u0000${m.unit}`;
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { name, unit: m.unit, ref, values: [] }));
      g.values.push(m.value);
    }
  }
  const out: CiSeries[] = [];
  for (const g of groups.values()) {
    const exact = meta.values.get(`${g.unit}\u0000assume`) === 'exact';
    const s = summarize(g.values, { confidence, assumeExact: exact });
    out.push({
      name: g.name,
      unit: g.unit,
      ref: g.ref?.label ?? '',
      sha: g.ref?.sha ?? '',
      center: s.center,
      lo: Number.isFinite(s.lo) ? s.lo : null,
      hi: Number.isFinite(s.hi) ? s.hi : null,
      n: s.n,
      better: betterDirection(meta, g.unit),
    });
  }
  return out;
}

export interface GithubActionBenchmarkEntry {
  readonly name: string;
  readonly unit: string;
  readonly value: number;
  readonly range?: string;
  readonly extra: string;
}

/** github-action-benchmark's custom tool input. `smaller` keeps the units where lower is better
 * (sec/op, B/op, allocs/op, and units of unknown direction), `bigger` those where higher is
 * better (B/s, units marked better=higher): the action takes one direction per file. */
export function toGithubActionBenchmark(series: readonly CiSeries[], direction: 'smaller' | 'bigger'): GithubActionBenchmarkEntry[] {
  return series
    .filter((s) => (direction === 'bigger' ? s.better === 1 : s.better !== 1))
    .map((s) => {
      const half = s.lo !== null && s.hi !== null ? Math.max(s.hi - s.center, s.center - s.lo) : null;
      const commit = s.sha ? ` commit=${s.sha.slice(0, 12)}` : '';
      return {
        name: `${s.name} - ${s.unit}`,
        unit: s.unit,
        value: s.center,
        ...(half !== null ? { range: `± ${half}` } : {}),
        extra: `median of n=${s.n}${s.ref ? ` ref=${s.ref}` : ''}${commit}${half === null ? ' (too few samples for an interval)' : ''}`,
      };
    });
}

export type BencherMetricFormat = Record<string, Record<string, { value: number; lower_value?: number; upper_value?: number }>>;

/** Bencher Metric Format. sec/op becomes Bencher's built-in `latency` measure in nanoseconds;
 * every other unit is a measure of its own name, values in the unit (B/op, allocs/op, B/s). */
export function toBencherMetricFormat(series: readonly CiSeries[]): BencherMetricFormat {
  const out: BencherMetricFormat = {};
  for (const s of series) {
    const latency = s.unit === 'sec/op';
    const f = latency ? 1e9 : 1;
    const measure = latency ? 'latency' : s.unit;
    (out[s.name] ??= {})[measure] = {
      value: s.center * f,
      ...(s.lo !== null ? { lower_value: s.lo * f } : {}),
      ...(s.hi !== null ? { upper_value: s.hi * f } : {}),
    };
  }
  return out;
}
