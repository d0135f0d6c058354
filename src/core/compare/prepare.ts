// The first step of a comparison: read every source's records once into results with their
// config snapshots, the unit metadata (keyed by tidied unit, across all sources, first value
// wins), and the diagnostics benchstat prints on stderr while reading (`file:line: message`).
// A prepared input can be projected again and again (re-projection in the UI) without
// re-reading anything. builder.ts projects it.
import type { BenchRecord } from '../benchfmt/index.js';
import { tidyUnit } from '../benchunit/index.js';
import { ConfigSnapshot, tidyForProjection, type ResultView } from './result-view.js';
import { StatsCache } from './stats-cache.js';

export interface CompareSource {
  /** The `.file` value (benchstat: the path, `path#N` for repeats, or the label of `label=path`). */
  readonly name: string;
  readonly records: Iterable<BenchRecord>;
  /** The path diagnostics name (default: name). */
  readonly path?: string;
}

export interface UnitMetadata {
  /** `${tidiedUnit}\u0000${key}` -> value. */
  readonly values: ReadonlyMap<string, string>;
}

export interface PreparedInput {
  readonly kind: 'prepared';
  readonly sourceNames: readonly string[];
  readonly results: readonly ResultView[];
  /** Number of distinct result shapes (ResultView.shape is below it). */
  readonly shapeCount: number;
  /** Statistics memoized across projections of this input. */
  readonly cache: StatsCache;
  readonly units: UnitMetadata;
  /** Lines benchstat writes to stderr while reading, in order. */
  readonly diagnostics: readonly string[];
}

export function prepareSources(sources: readonly CompareSource[]): PreparedInput {
  const results: ResultView[] = [];
  const diagnostics: string[] = [];
  const units = new Map<string, string>();
  const shapes = new Map<ConfigSnapshot, Map<string, number>>();
  let shapeCount = 0;
  const shapeOf = (config: ConfigSnapshot, name: string, values: readonly { readonly unit: string }[]): number => {
    let m = shapes.get(config);
    if (m === undefined) {
      m = new Map();
      shapes.set(config, m);
    }
    let id = name;
    for (const v of values) id += '\u0000' + v.unit;
    let s = m.get(id);
    if (s === undefined) {
      s = shapeCount++;
      m.set(id, s);
    }
    return s;
  };
  sources.forEach((src, si) => {
    const path = src.path ?? src.name;
    let config = new ConfigSnapshot([]).with('.file', src.name, false);
    for (const rec of src.records) {
      switch (rec.kind) {
        case 'config':
          config = config.with(rec.key, rec.value, true);
          break;
        case 'result': {
          const values = rec.values.map((v) => tidyForProjection(v.value, v.unit));
          results.push({ fullName: rec.fullName, config, values, source: si, line: rec.line, shape: shapeOf(config, rec.fullName, values) });
          break;
        }
        case 'unit': {
          const tidied = tidyUnit(rec.unit).unit;
          const entries = rec.entries ?? [{ kind: 'pair' as const, key: rec.key, value: rec.value }];
          for (const e of entries) {
            if (e.kind === 'error') {
              diagnostics.push(`${path}:${rec.line}: ${e.message}`);
              continue;
            }
            const k = tidied + '\u0000' + e.key;
            const have = units.get(k);
            if (have === undefined) units.set(k, e.value);
            else if (have !== e.value) diagnostics.push(`${path}:${rec.line}: metadata ${e.key} of unit ${rec.unit} already set to ${have}`);
          }
          break;
        }
        case 'syntax-error':
          for (const m of [rec.message, ...(rec.more ?? [])]) diagnostics.push(`${path}:${rec.line}: ${m}`);
          break;
        case 'skipped':
          break;
      }
    }
  });
  return { kind: 'prepared', sourceNames: sources.map((s) => s.name), results, shapeCount, cache: new StatsCache(), units: { values: units }, diagnostics };
}

/** golang/perf's UnitMetadataMap.GetAssumption: `assume=exact` on the (tidied) unit. */
export function assumesExact(units: UnitMetadata, unit: string): boolean {
  return units.values.get(tidyUnit(unit).unit + '\u0000assume') === 'exact';
}

/** golang/perf's GetBetter: metadata `better=higher|lower`, else the usual units' direction. */
export function betterDirection(units: UnitMetadata, unit: string): -1 | 0 | 1 {
  const b = units.values.get(tidyUnit(unit).unit + '\u0000better');
  if (b !== undefined) return b === 'higher' ? 1 : b === 'lower' ? -1 : 0;
  switch (unit) {
    case 'ns/op':
    case 'sec/op':
    case 'B/op':
    case 'allocs/op':
      return -1;
    case 'MB/s':
    case 'B/s':
      return 1;
  }
  return 0;
}

/**
 * benchstat's labels for file arguments: `label=path` names a column; a path given more than
 * once becomes `path#0`, `path#1`...; otherwise the path itself.
 */
export function labelInputs(args: readonly string[]): { readonly path: string; readonly label: string }[] {
  const parsed = args.map((a) => {
    const i = a.indexOf('=');
    return i >= 0 ? { path: a.slice(i + 1), label: a.slice(0, i), labeled: true } : { path: a, label: a, labeled: false };
  });
  const count = new Map<string, number>();
  for (const p of parsed) if (!p.labeled) count.set(p.path, (count.get(p.path) ?? 0) + 1);
  const seen = new Map<string, number>();
  return parsed.map((p) => {
    if (p.labeled || count.get(p.path) === 1) return { path: p.path, label: p.label };
    const i = seen.get(p.path) ?? 0;
    seen.set(p.path, i + 1);
    return { path: p.path, label: `${p.path}#${i}` };
  });
}
