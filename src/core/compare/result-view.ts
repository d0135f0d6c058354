// A benchmark result as projection and filters see it: its full name, the file configuration in
// force when it was read (golang/perf's ordered config with internal keys such as `.file`), and
// its values, tidied the way golang/perf's reader tidies them. prepare.ts builds these from
// BenchRecords (tidying values as golang/perf's reader does: a value keeps its printed unit
// when tidying leaves the number unchanged, so 0 ns/op stays ns/op); projection.ts and
// filter.ts read them.
import { nameRawParts } from '../benchfmt/index.js';

export interface ConfigEntry {
  readonly key: string;
  readonly value: string;
  /** Set by a config line of the file (false for internal keys such as `.file`). */
  readonly file: boolean;
}

/** An immutable config snapshot; shared by every result read while it was in force. */
export class ConfigSnapshot {
  private readonly pos: ReadonlyMap<string, number>;
  constructor(readonly entries: readonly ConfigEntry[]) {
    this.pos = new Map(entries.map((e, i) => [e.key, i]));
  }

  get(key: string): string | undefined {
    const i = this.pos.get(key);
    return i === undefined ? undefined : this.entries[i].value;
  }

  /** golang/perf's Result.SetConfig / config line: set (marking it a file key or not) or, with an empty value, delete. */
  with(key: string, value: string, file: boolean): ConfigSnapshot {
    const i = this.pos.get(key);
    const entries = this.entries.slice();
    if (value === '') {
      if (i === undefined) return this;
      // Go deletes by swapping the last entry into the hole.
      const last = entries.length - 1;
      entries[i] = entries[last];
      entries.pop();
      return new ConfigSnapshot(entries);
    }
    if (i === undefined) entries.push({ key, value, file });
    else if (entries[i].value === value && entries[i].file === file) return this;
    else entries[i] = { key, value, file };
    return new ConfigSnapshot(entries);
  }
}

/** The unit of one value of a result, as golang/perf's reader leaves it. */
export interface ValueUnit {
  /** Tidied unit, or the unit as printed when tidying left the value unchanged (e.g. 0 ns/op). */
  readonly unit: string;
  /** The unit as printed when it was tidied, else ''. */
  readonly origUnit: string;
}

export interface ResultView {
  readonly fullName: string;
  readonly config: ConfigSnapshot;
  /** Tidied values. */
  readonly values: readonly number[];
  /** Their units, aligned with values (shared by every result of the same shape). */
  readonly units: readonly ValueUnit[];
  /** Source index and line, for diagnostics. */
  readonly source: number;
  readonly line: number;
  /**
   * Results with the same config snapshot, name and units share a shape id (0..n-1): every
   * projection and filter gives them the same answer, so the builder decides once per shape.
   * -1 when unknown (a view whose values a filter cut down).
   */
  readonly shape: number;
}

/** Parsed-name cache: projections ask for the same names over and over. */
export class NameCache {
  private readonly cache = new Map<string, { readonly base: string; readonly parts: readonly string[] }>();
  parts(fullName: string): { readonly base: string; readonly parts: readonly string[] } {
    let p = this.cache.get(fullName);
    if (p === undefined) {
      p = nameRawParts(fullName);
      this.cache.set(fullName, p);
    }
    return p;
  }
}
