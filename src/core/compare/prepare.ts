// The first step of a comparison: read every source's records once into results with their
// config snapshots, the unit metadata (keyed by tidied unit, across all sources, first value
// wins), and the diagnostics benchstat prints on stderr while reading (`file:line: message`).
// A prepared input can be projected again and again (re-projection in the UI) without
// re-reading anything. builder.ts projects it.
import { forEachLine, LineParser, newResultScratch, type BenchRecord } from '../benchfmt/index.js';
import { tidyUnit } from '../benchunit/index.js';
import { ConfigSnapshot, type ResultView, type ValueUnit } from './result-view.js';
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

type Shape = { readonly id: number; readonly units: readonly ValueUnit[] };

/** Accumulates results, unit metadata and diagnostics, source by source. */
class Preparer {
  readonly results: ResultView[] = [];
  readonly diagnostics: string[] = [];
  readonly units = new Map<string, string>();
  // Shapes: per config snapshot and name, the distinct unit lists seen (usually one).
  private readonly shapes = new Map<ConfigSnapshot, Map<string, Shape[]>>();
  private shapeCount = 0;
  private readonly scratch: ValueUnit[] = [];
  private readonly unitObjs = new Map<string, [ValueUnit, ValueUnit]>();
  private config = new ConfigSnapshot([]);
  private source = 0;
  private path = '';

  get count(): number {
    return this.shapeCount;
  }

  begin(src: { readonly name: string; readonly path?: string }, index: number): void {
    this.source = index;
    this.path = src.path ?? src.name;
    this.config = new ConfigSnapshot([]).with('.file', src.name, false);
  }

  /** The shared unit object for a printed unit, tidied (changed value) or kept as printed. */
  private unitOf(raw: string, tidied: boolean): ValueUnit {
    let pair = this.unitObjs.get(raw);
    if (pair === undefined) {
      pair = [{ unit: raw, origUnit: '' }, { unit: tidyUnit(raw).unit, origUnit: raw }];
      this.unitObjs.set(raw, pair);
    }
    return pair[tidied ? 1 : 0];
  }

  private shapeOf(name: string, n: number): Shape {
    let byName = this.shapes.get(this.config);
    if (byName === undefined) {
      byName = new Map();
      this.shapes.set(this.config, byName);
    }
    let list = byName.get(name);
    if (list === undefined) {
      list = [];
      byName.set(name, list);
    }
    const scratch = this.scratch;
    outer: for (const e of list) {
      if (e.units.length !== n) continue;
      for (let i = 0; i < n; i++) if (e.units[i] !== scratch[i]) continue outer;
      return e;
    }
    const e = { id: this.shapeCount++, units: scratch.slice(0, n) };
    list.push(e);
    return e;
  }

  /** A result line: raw values and units as printed. */
  result(fullName: string, raw: readonly number[], rawUnits: readonly string[], n: number, line: number): void {
    const values = new Array<number>(n);
    for (let i = 0; i < n; i++) {
      const v = raw[i];
      const unit = rawUnits[i];
      const t = tidyUnit(unit);
      const tv = v * t.factor;
      // golang/perf keeps the printed unit when tidying leaves the number unchanged (0 ns/op).
      if (tv === v) {
        values[i] = v;
        this.scratch[i] = this.unitOf(unit, false);
      } else {
        values[i] = tv;
        this.scratch[i] = this.unitOf(unit, true);
      }
    }
    const shape = this.shapeOf(fullName, n);
    this.results.push({ fullName, config: this.config, values, units: shape.units, source: this.source, line, shape: shape.id });
  }

  record(rec: BenchRecord): void {
    switch (rec.kind) {
      case 'config':
        this.config = this.config.with(rec.key, rec.value, true);
        break;
      case 'result': {
        const n = rec.values.length;
        this.result(rec.fullName, rec.values.map((v) => v.value), rec.values.map((v) => v.unit), n, rec.line);
        break;
      }
      case 'unit': {
        const tidied = tidyUnit(rec.unit).unit;
        const entries = rec.entries ?? [{ kind: 'pair' as const, key: rec.key, value: rec.value }];
        for (const e of entries) {
          if (e.kind === 'error') {
            this.diagnostics.push(`${this.path}:${rec.line}: ${e.message}`);
            continue;
          }
          const k = tidied + '\u0000' + e.key;
          const have = this.units.get(k);
          if (have === undefined) this.units.set(k, e.value);
          else if (have !== e.value) this.diagnostics.push(`${this.path}:${rec.line}: metadata ${e.key} of unit ${rec.unit} already set to ${have}`);
        }
        break;
      }
      case 'syntax-error':
        for (const m of [rec.message, ...(rec.more ?? [])]) this.diagnostics.push(`${this.path}:${rec.line}: ${m}`);
        break;
      case 'skipped':
        break;
    }
  }

  finish(names: readonly string[]): PreparedInput {
    return {
      kind: 'prepared',
      sourceNames: names,
      results: this.results,
      shapeCount: this.shapeCount,
      cache: new StatsCache(),
      units: { values: this.units },
      diagnostics: this.diagnostics,
    };
  }
}

/** Reads every source's records once (see PreparedInput). */
export function prepareSources(sources: readonly CompareSource[]): PreparedInput {
  const p = new Preparer();
  sources.forEach((src, si) => {
    p.begin(src, si);
    for (const rec of src.records) p.record(rec);
  });
  return p.finish(sources.map((s) => s.name));
}

/**
 * The same from Go benchmark texts, without building a record per line (the fast path for
 * big files: `perflab compare FILE...`). Equivalent to prepareSources over readBenchfmt(text),
 * with unit metadata shared across the texts as benchstat shares it across files.
 */
export function prepareTexts(sources: readonly { readonly name: string; readonly text: string; readonly path?: string }[]): PreparedInput {
  const p = new Preparer();
  const parser = new LineParser();
  const scratch = newResultScratch();
  sources.forEach((src, si) => {
    p.begin(src, si);
    const text = src.text;
    forEachLine(text, (start, end, line) => {
      const rec = parser.parseInto(text, start, end, line, scratch);
      if (rec === null) p.result(scratch.fullName, scratch.values, scratch.units, scratch.n, line);
      else p.record(rec);
    });
  });
  return p.finish(sources.map((s) => s.name));
}

/** golang/perf's UnitMetadataMap.GetAssumption: `assume=exact` on the (tidied) unit. */
export function assumesExact(units: UnitMetadata, unit: string): boolean {
  return units.values.get(tidyUnit(unit).unit + '\u0000assume') === 'exact';
}

/** golang/perf's GetBetter: metadata `better=higher|lower`, else the usual units' direction
 * (plus Perflab's resource units: peak-RSS-B, user-sec/op, sys-sec/op, GCs/op, STW-sec/op). */
export function betterDirection(units: UnitMetadata, unit: string): -1 | 0 | 1 {
  const b = units.values.get(tidyUnit(unit).unit + '\u0000better');
  if (b !== undefined) return b === 'higher' ? 1 : b === 'lower' ? -1 : 0;
  switch (unit) {
    case 'ns/op':
    case 'sec/op':
    case 'B/op':
    case 'allocs/op':
    case 'peak-RSS-B':
    case 'user-sec/op':
    case 'sys-sec/op':
    case 'GCs/op':
    case 'STW-sec/op':
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
