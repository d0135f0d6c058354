// The first step of a comparison: read every source's records once into results with their
// config snapshots, the unit metadata (keyed by tidied unit, across all sources, first value
// wins), and the diagnostics benchstat prints on stderr while reading (`file:line: message`).
// A prepared input can be projected again and again (re-projection in the UI) without
// re-reading anything. builder.ts projects it.
import { ByteResultScanner, LineParser, newResultScratch, type BenchRecord } from '../benchfmt/index.js';
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
  /**
   * The first result of each shape (index = shape id), in the order they were read: what
   * projections and filters look at (every result of a shape gets the same answer).
   */
  readonly shapes: readonly ResultView[];
  /** Results in read order, columnar (no object per result): the shape of result k... */
  readonly resultShapes: Int32Array;
  /** ...and the tidied values of all results, back to back (shapes[s].values.length each). */
  readonly values: Float64Array;
  /** Number of results (the arrays above may be longer). */
  readonly resultCount: number;
  /** Statistics memoized across projections of this input. */
  readonly cache: StatsCache;
  readonly units: UnitMetadata;
  /** Lines benchstat writes to stderr while reading, in order. */
  readonly diagnostics: readonly string[];
}

type Shape = { readonly id: number; readonly units: readonly ValueUnit[] };

/** A growable typed array. */
function grow<T extends Int32Array | Float64Array>(a: T, need: number): T {
  if (need <= a.length) return a;
  let n = a.length * 2;
  while (n < need) n *= 2;
  const b = new (a.constructor as new (n: number) => T)(n);
  b.set(a);
  return b;
}

/** Accumulates results, unit metadata and diagnostics, source by source. */
class Preparer {
  readonly shapes: ResultView[] = [];
  private resultShapes = new Int32Array(1024);
  private values = new Float64Array(4096);
  private resultCount = 0;
  private valueCount = 0;
  private readonly tidied: number[] = [];
  readonly diagnostics: string[] = [];
  readonly units = new Map<string, string>();
  // Shapes: per config snapshot and name, the distinct unit lists seen (usually one).
  private readonly shapeIndex = new Map<ConfigSnapshot, Map<string, Shape[]>>();
  private shapeCount = 0;
  private readonly scratch: ValueUnit[] = [];
  private readonly unitObjs = new Map<string, [ValueUnit, ValueUnit]>();
  private config = new ConfigSnapshot([]);
  private source = 0;
  private path = '';

  begin(src: { readonly name: string; readonly path?: string }, index: number): void {
    this.source = index;
    this.path = src.path ?? src.name;
    this.config = new ConfigSnapshot([]).with('.file', src.name, false);
  }

  /** The shared unit object for a printed unit, tidied (changed value) or kept as printed. */
  private unitOf(raw: string, tidied: boolean): ValueUnit {
    let pair = this.unitObjs.get(raw);
    if (pair === undefined) {
      pair = [
        { unit: raw, origUnit: '' },
        { unit: tidyUnit(raw).unit, origUnit: raw },
      ];
      this.unitObjs.set(raw, pair);
    }
    return pair[tidied ? 1 : 0];
  }

  private shapeOf(name: string, n: number, line: number): Shape {
    let byName = this.shapeIndex.get(this.config);
    if (byName === undefined) {
      byName = new Map();
      this.shapeIndex.set(this.config, byName);
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
    this.shapes.push({
      fullName: name,
      config: this.config,
      values: this.tidied.slice(0, n),
      units: e.units,
      source: this.source,
      line,
      shape: e.id,
    });
    return e;
  }

  /** A result line: raw values and units as printed. */
  result(fullName: string, raw: readonly number[], rawUnits: readonly string[], n: number, line: number): void {
    const tidied = this.tidied;
    for (let i = 0; i < n; i++) {
      const v = raw[i];
      const unit = rawUnits[i];
      const t = tidyUnit(unit);
      const tv = v * t.factor;
      // golang/perf keeps the printed unit when tidying leaves the number unchanged (0 ns/op).
      if (tv === v) {
        tidied[i] = v;
        this.scratch[i] = this.unitOf(unit, false);
      } else {
        tidied[i] = tv;
        this.scratch[i] = this.unitOf(unit, true);
      }
    }
    const shape = this.shapeOf(fullName, n, line);
    const k = this.resultCount++;
    if (k >= this.resultShapes.length) this.resultShapes = grow(this.resultShapes, k + 1);
    this.resultShapes[k] = shape.id;
    const at = this.valueCount;
    if (at + n > this.values.length) this.values = grow(this.values, at + n);
    for (let i = 0; i < n; i++) this.values[at + i] = tidied[i];
    this.valueCount = at + n;
  }

  record(rec: BenchRecord): void {
    switch (rec.kind) {
      case 'config':
        this.config = this.config.with(rec.key, rec.value, true);
        break;
      case 'result': {
        const n = rec.values.length;
        this.result(
          rec.fullName,
          rec.values.map((v) => v.value),
          rec.values.map((v) => v.unit),
          n,
          rec.line,
        );
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
          else if (have !== e.value)
            this.diagnostics.push(`${this.path}:${rec.line}: metadata ${e.key} of unit ${rec.unit} already set to ${have}`);
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

  finish(names: readonly string[], memo = true): PreparedInput {
    return {
      kind: 'prepared',
      sourceNames: names,
      shapes: this.shapes,
      resultShapes: this.resultShapes,
      values: this.values,
      resultCount: this.resultCount,
      cache: new StatsCache(memo),
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
 * Go benchmark texts read piece by piece (a file read in chunks is never one string), without
 * building a record per line: the fast path for big files (`perflab compare FILE...`). Lines
 * split as readBenchfmt splits them (at `\n`, a trailing `\r` dropped, a last line without
 * `\n` counted), unit metadata shared across the texts as benchstat shares it across files.
 */
export class TextPreparer {
  private readonly p = new Preparer();
  private readonly parser = new LineParser();
  private readonly scratch = newResultScratch();
  private readonly names: string[] = [];
  private carry = '';
  private line = 0;
  // pushBytes: result lines scanned from the bytes; the rest of a line split between pieces.
  private readonly bytes = new ByteResultScanner();
  private byteCarry = new Uint8Array(0);
  private byteCarryLen = 0;
  private readonly decoder = new TextDecoder('utf-8', { ignoreBOM: true });

  /** @param memo false for a one-shot comparison: its statistics are not kept for re-projection. */
  constructor(private readonly memo = true) {}

  /** Starts the next source. */
  begin(src: { readonly name: string; readonly path?: string }): void {
    this.p.begin(src, this.names.length);
    this.names.push(src.name);
    this.carry = '';
    this.byteCarryLen = 0;
    this.line = 0;
  }

  private lineAt(text: string, start: number, end: number): void {
    const line = ++this.line;
    const rec = this.parser.parseInto(text, start, end, line, this.scratch);
    if (rec === null) this.p.result(this.scratch.fullName, this.scratch.values, this.scratch.units, this.scratch.n, line);
    else this.p.record(rec);
  }

  /** The next piece of the current source's text (any length, split anywhere). */
  push(piece: string): void {
    const text = this.carry.length > 0 ? this.carry + piece : piece;
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl < 0) break;
      const end = nl > start && text.charCodeAt(nl - 1) === 0x0d ? nl - 1 : nl;
      this.lineAt(text, start, end);
      start = nl + 1;
    }
    this.carry = start < text.length ? text.slice(start) : '';
  }

  /** The line bytes[start, end): scanned from the bytes when it is a plain result line, else
   * decoded (as the whole text would have been) and parsed as text. */
  private byteLineAt(bytes: Uint8Array, start: number, end: number): void {
    if (end > start && bytes[end - 1] === 0x0d) end--;
    if (this.bytes.scan(bytes, start, end, this.scratch)) {
      const s = this.scratch;
      this.p.result(s.fullName, s.values, s.units, s.n, ++this.line);
      return;
    }
    const text = this.decoder.decode(bytes.subarray(start, end));
    this.lineAt(text, 0, text.length);
  }

  private keep(bytes: Uint8Array, start: number, end: number): void {
    const need = this.byteCarryLen + end - start;
    if (need > this.byteCarry.length) {
      const b = new Uint8Array(Math.max(need, this.byteCarry.length * 2, 4096));
      b.set(this.byteCarry.subarray(0, this.byteCarryLen));
      this.byteCarry = b;
    }
    this.byteCarry.set(bytes.subarray(start, end), this.byteCarryLen);
    this.byteCarryLen = need;
  }

  /**
   * The next piece of the current source as UTF-8 bytes (any length, split anywhere, even inside
   * a character): the same records as push() of the decoded text, faster. The piece may be
   * reused by the caller once this returns.
   */
  pushBytes(piece: Uint8Array): void {
    let start = 0;
    if (this.byteCarryLen > 0) {
      const nl = piece.indexOf(0x0a);
      if (nl < 0) {
        this.keep(piece, 0, piece.length);
        return;
      }
      this.keep(piece, 0, nl);
      this.byteLineAt(this.byteCarry, 0, this.byteCarryLen);
      this.byteCarryLen = 0;
      start = nl + 1;
    }
    for (;;) {
      const nl = piece.indexOf(0x0a, start);
      if (nl < 0) break;
      this.byteLineAt(piece, start, nl);
      start = nl + 1;
    }
    if (start < piece.length) this.keep(piece, start, piece.length);
  }

  /** Ends the current source (its last line may lack a `\n`). */
  end(): void {
    if (this.byteCarryLen > 0) {
      const n = this.byteCarryLen;
      this.byteCarryLen = 0;
      this.byteLineAt(this.byteCarry, 0, n);
    }
    const text = this.carry;
    this.carry = '';
    if (text.length === 0) return;
    const end = text.charCodeAt(text.length - 1) === 0x0d ? text.length - 1 : text.length;
    this.lineAt(text, 0, end);
  }

  finish(): PreparedInput {
    return this.p.finish(this.names, this.memo);
  }
}

/** Go benchmark texts, each whole (see TextPreparer). Equivalent to prepareSources over readBenchfmt(text). */
export function prepareTexts(sources: readonly { readonly name: string; readonly text: string; readonly path?: string }[]): PreparedInput {
  const t = new TextPreparer();
  for (const src of sources) {
    t.begin(src);
    t.push(src.text);
    t.end();
  }
  return t.finish();
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
