// Projection of results into keys, as benchstat's -table/-row/-col/-ignore do (golang/perf
// benchproc): fields `.name`, `.fullname`, `/key` (`/gomaxprocs` also reads the -N suffix),
// `.config` (a group of every file config key not named elsewhere), `.unit`, and any config key
// (`.file` included); orders `first` (observation), `alpha`, `num`, and fixed `(v1 v2)` lists,
// which also filter. Keys are interned tuples, so equal keys are the same object.
import { fail } from '../../shared/errors.js';
import { NameCache, type ConfigSnapshot, type ResultView, type ValueUnit } from './result-view.js';
import { parseProjectionQuery, QuerySyntaxError, type ProjField } from './query-syntax.js';
import type { FilterFn } from './filter-fn.js';
import { BUILTIN_ORDERS, fullNameExcluding, makeExtractor, type Extractor } from './extractors.js';

export class Field {
  readonly sub: Field[] = [];
  cmp: (a: string, b: string) => number = () => 0;
  /** Observation order of values, for `first` order (tracked only for top-level fields). */
  order: Map<string, number> | null = null;
  constructor(
    readonly name: string,
    readonly isTuple: boolean,
    readonly idx: number,
  ) {}
}

export class Key {
  constructor(
    readonly proj: Projection,
    /** Values by field index, trailing empty values trimmed. */
    readonly vals: readonly string[],
    readonly id: number,
  ) {}

  get(f: Field): string {
    return f.idx < this.vals.length ? this.vals[f.idx] : '';
  }

  /** Values of the flattened fields, non-empty ones joined by a space (row labels). */
  stringValues(): string {
    const flat = this.proj.flattenedFields();
    if (flat.length === 1) return this.get(flat[0]);
    const out: string[] = [];
    for (const f of flat) {
      const v = this.get(f);
      if (v !== '') out.push(v);
    }
    return out.join(' ');
  }
}

export class Projection {
  readonly root = new Field('', true, -1);
  nFields = 0;
  unitField: Field | null = null;
  readonly project: ((r: ResultView, row: string[]) => void)[] = [];
  private row: string[] = [];
  private flatCache: Field[] | null = null;
  private readonly keys = new Map<string, Key>();
  /** Set when a field reads the benchmark name; otherwise a key follows from the config (and
   * units) alone and is looked up by the config snapshot (shared by the results read under it). */
  readsName = false;
  private readonly byConfig = new Map<ConfigSnapshot, Key>();
  private readonly valuesByConfig = new Map<ConfigSnapshot, { n: number; units: readonly ValueUnit[]; keys: Key[] }[]>();

  addField(group: Field, name: string): Field {
    const f = new Field(name, false, this.nFields++);
    group.sub.push(f);
    this.flatCache = null;
    this.row.push('');
    return f;
  }

  addGroup(group: Field, name: string): Field {
    const f = new Field(name, true, -1);
    group.sub.push(f);
    return f;
  }

  fields(): readonly Field[] {
    return this.root.sub;
  }

  flattenedFields(): readonly Field[] {
    if (this.flatCache === null) {
      const out: Field[] = [];
      const walk = (f: Field): void => {
        if (f.idx !== -1) out.push(f);
        else for (const s of f.sub) walk(s);
      };
      walk(this.root);
      this.flatCache = out;
    }
    return this.flatCache;
  }

  private populate(r: ResultView): void {
    const row = this.row;
    for (let i = 0; i < row.length; i++) row[i] = '';
    for (const p of this.project) p(r, row);
  }

  private intern(): Key {
    const row = this.row;
    let n = row.length;
    while (n > 0 && row[n - 1] === '') n--;
    let id = n > 0 ? row[0] : '';
    for (let i = 1; i < n; i++) id += '\u0000' + row[i];
    let key = this.keys.get(id);
    if (key !== undefined) return key;
    const vals = row.slice(0, n);
    for (const f of this.fields()) {
      if (f.order === null) continue;
      const v = f.idx < n ? vals[f.idx] : '';
      if (!f.order.has(v)) f.order.set(v, f.order.size);
    }
    key = new Key(this, vals, this.keys.size);
    this.keys.set(id, key);
    return key;
  }

  projectResult(r: ResultView): Key {
    if (this.readsName) {
      this.populate(r);
      return this.intern();
    }
    let key = this.byConfig.get(r.config);
    if (key === undefined) {
      this.populate(r);
      key = this.intern();
      this.byConfig.set(r.config, key);
    }
    return key;
  }

  /** One key per value of r, differing in `.unit` when the projection has it. */
  projectValues(r: ResultView): readonly Key[] {
    if (this.readsName) return this.projectValuesUncached(r);
    // Results that share a config snapshot and units share these keys (unit objects are shared).
    let list = this.valuesByConfig.get(r.config);
    if (list === undefined) {
      list = [];
      this.valuesByConfig.set(r.config, list);
    }
    const units = r.units;
    const n = r.values.length;
    outer: for (const e of list) {
      if (e.n !== n || (this.unitField !== null && e.units.length !== units.length)) continue;
      if (this.unitField !== null) for (let i = 0; i < units.length; i++) if (e.units[i] !== units[i]) continue outer;
      return e.keys;
    }
    const keys = this.projectValuesUncached(r);
    list.push({ n, units, keys });
    return keys;
  }

  private projectValuesUncached(r: ResultView): Key[] {
    this.populate(r);
    if (this.unitField === null) {
      const k = this.intern();
      return r.values.map(() => k);
    }
    const out: Key[] = [];
    for (const v of r.units) {
      this.row[this.unitField.idx] = v.unit;
      out.push(this.intern());
    }
    return out;
  }
}

/** Key order: field by field in flattened order, by each field's order, then bytewise. */
export function keyLess(flat: readonly Field[], a: Key, b: Key): boolean {
  for (const f of flat) {
    const aa = a.get(f);
    const bb = b.get(f);
    if (aa !== bb) {
      const c = f.cmp(aa, bb);
      if (c !== 0) return c < 0;
      return aa < bb;
    }
  }
  return false;
}

export function sortKeys(keys: Key[]): Key[] {
  if (keys.length < 2) return keys;
  const flat = keys[0].proj.flattenedFields();
  // A field ordered by observation compares by its values' ranks (what its cmp computes, then
  // bytewise on a tie, as keyLess): each key's rank is looked up once, not per comparison.
  const ranks = flat.map((f) => (f.order === null ? null : Float64Array.from(keys, (k) => f.order!.get(k.get(f)) ?? 0)));
  const idx = keys.map((_, i) => i);
  idx.sort((i, j) => {
    for (let n = 0; n < flat.length; n++) {
      const r = ranks[n];
      if (r !== null && r[i] !== r[j]) return r[i] - r[j];
      const f = flat[n];
      const a = keys[i].get(f);
      const b = keys[j].get(f);
      if (a !== b) {
        const c = r !== null ? 0 : f.cmp(a, b);
        if (c !== 0) return c < 0 ? -1 : 1;
        return a < b ? -1 : 1;
      }
    }
    return 0;
  });
  const sorted = idx.map((i) => keys[i]);
  for (let i = 0; i < sorted.length; i++) keys[i] = sorted[i];
  return keys;
}

/** Parses a set of related projections (benchproc's ProjectionParser). */
export class ProjectionParser {
  private readonly configKeys = new Set<string>();
  private readonly fullnameKeys: string[] = [];
  private haveConfig = false;
  private haveFullname = false;
  private fullExtractor: Extractor | null = null;
  /** Filter functions implied by fixed orders, ANDed into the filter by the caller. */
  readonly impliedFilters: FilterFn[] = [];

  constructor(private readonly names: NameCache) {}

  parse(query: string, optionName: string): Projection {
    const proj = new Projection();
    let parts: ProjField[];
    try {
      parts = parseProjectionQuery(query);
    } catch (e) {
      if (e instanceof QuerySyntaxError) fail('InvalidInput', { field: optionName, value: query }, e.message);
      throw e;
    }
    const filters: FilterFn[] = [];
    for (const part of parts) {
      const f = this.makeProjection(proj, query, part, optionName);
      if (f !== null) filters.push(f);
    }
    this.impliedFilters.push(...filters);
    return proj;
  }

  parseWithUnit(query: string, optionName: string): Projection {
    const proj = this.parse(query, optionName);
    const f = proj.addField(proj.root, '.unit');
    const order = new Map<string, number>();
    f.order = order;
    f.cmp = (a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0);
    proj.unitField = f;
    return proj;
  }

  /** Every field no projection has named (the rest of `.config` and `.fullname`). */
  residue(): Projection {
    const s = new Projection();
    if (!this.haveConfig)
      this.makeProjection(s, '', { key: '.config', order: 'first', fixed: [], keyOffset: 0, orderOffset: 0 }, 'residue');
    if (!this.haveFullname)
      this.makeProjection(s, '', { key: '.fullname', order: 'first', fixed: [], keyOffset: 0, orderOffset: 0 }, 'residue');
    return s;
  }

  private makeProjection(s: Projection, q: string, part: ProjField, optionName: string): FilterFn | null {
    const syntax = (off: number, msg: string): never =>
      fail('InvalidInput', { field: optionName, value: q }, new QuerySyntaxError(q, off, msg).message);
    let initField: (f: Field) => void;
    let makeFilter: (ext: Extractor) => FilterFn | null = () => null;
    if (part.order === 'fixed') {
      const fixed = new Map<string, number>();
      part.fixed.forEach((v, i) => fixed.set(v, i));
      initField = (f) => {
        f.cmp = (a, b) => (fixed.get(a) ?? 0) - (fixed.get(b) ?? 0);
      };
      makeFilter = (ext) => (r) => fixed.has(ext(r));
    } else if (part.order === 'first') {
      initField = (f) => {
        const order = new Map<string, number>();
        f.order = order;
        f.cmp = (a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0);
      };
    } else if (BUILTIN_ORDERS[part.order] !== undefined) {
      const cmp = BUILTIN_ORDERS[part.order];
      initField = (f) => {
        f.cmp = cmp;
      };
    } else {
      return syntax(part.orderOffset, `unknown order ${JSON.stringify(part.order)}`);
    }

    switch (part.key) {
      case '.config': {
        if (part.order === 'fixed') return syntax(part.orderOffset, 'fixed order not allowed for .config');
        this.haveConfig = true;
        const group = s.addGroup(s.root, '.config');
        const seen = new Map<string, Field>();
        s.project.push((r, row) => {
          for (const cfg of r.config.entries) {
            if (!cfg.file) continue;
            let f = seen.get(cfg.key);
            if (f === undefined) {
              if (this.configKeys.has(cfg.key)) continue;
              f = s.addField(group, cfg.key);
              // Sub-fields of the group get an order function but, as in benchproc, their
              // observation order is never recorded: config values sort bytewise.
              initField(f);
              f.order = null;
              seen.set(cfg.key, f); // addField grew `row` (the projection's own buffer)
            }
            row[f.idx] = cfg.value;
          }
        });
        return null;
      }
      case '.fullname': {
        this.haveFullname = true;
        s.readsName = true;
        const f = s.addField(s.root, '.fullname');
        initField(f);
        s.project.push((r, row) => {
          this.fullExtractor ??= fullNameExcluding(this.fullnameKeys, this.names);
          row[f.idx] = this.fullExtractor(r);
        });
        return makeFilter((r) => r.fullName);
      }
      case '.unit':
        return syntax(part.keyOffset, '.unit is only allowed in filters');
      default: {
        if (part.key === '.name' || part.key.startsWith('/')) {
          this.fullnameKeys.push(part.key);
          s.readsName = true;
        } else this.configKeys.add(part.key);
        let ext: Extractor;
        try {
          ext = makeExtractor(part.key, this.names);
        } catch (e) {
          return syntax(part.keyOffset, (e as Error).message);
        }
        const f = s.addField(s.root, part.key);
        initField(f);
        s.project.push((r, row) => {
          row[f.idx] = ext(r);
        });
        return makeFilter(ext);
      }
    }
  }
}
