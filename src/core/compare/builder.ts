// compare(): projects prepared results into tables exactly as benchstat's table builder does
// (one table per table key and unit, rows and columns in projection order, baseline = the
// table's first column), computes every cell with src/core/stats, adds the geomean row, and
// Perflab's extras (extras.ts). Renderers turn the resulting model into text, CSV, markdown or
// JSON.
import { fail } from '../../shared/errors.js';
import { geomean } from '../stats/index.js';
import { formatGoFloat, formatGoFloatSigned } from '../benchunit/index.js';
import { withExtras } from './extras.js';
import { applyFilter, combine, compileFilter } from './filter.js';
import type { FilterFn } from './filter-fn.js';
import type { CellComparison, ColumnSummary, ComparisonResult, ResultTable, TableCell } from './model.js';
import { assumesExact, betterDirection, prepareSources, type CompareSource, type PreparedInput } from './prepare.js';
import { Key, ProjectionParser, sortKeys, type Field, type Projection } from './projection.js';
import { NameCache, type ResultView } from './result-view.js';
import { hashSample, pairDerived, pairHint, pairInterval, type PairEntry, type StatsCache } from './stats-cache.js';

export interface CompareOptions {
  readonly col?: string;
  readonly row?: string;
  readonly table?: string;
  readonly filter?: string;
  readonly ignore?: string;
  readonly alpha: number;
  readonly confidence: number;
  readonly holm?: boolean;
}

interface BuilderCell {
  values: number[];
  /** The residue key of the cell's results; a set only once a second one shows up. */
  residue: Key | Set<Key> | null;
  /** How many (shape, value index) pairs feed the cell (counted on the shared-samples path). */
  sources: number;
}

interface Plan {
  /** Indexes of the values the filter keeps (null: all). */
  readonly keep: readonly number[] | null;
  /** The cell each kept value goes to. */
  readonly cells: readonly BuilderCell[];
}

interface BuilderTable {
  readonly rows: Set<Key>;
  readonly cols: Set<Key>;
  /** By row key id, then column key id (key ids are small, dense integers). */
  readonly cells: (BuilderCell | undefined)[][];
}

const NO_WARNINGS: string[] = [];
const NO_VALUES: number[] = [];

/**
 * The values of each result shape, by value index, in the order read, per prepared input with a
 * memoizing statistics cache: a cell fed by one shape's value alone (the usual cell: one
 * benchmark of one file in one unit) is that array, the same array in every projection, so its
 * statistics are found by identity and nothing is copied.
 */
const shapeSamples = new WeakMap<PreparedInput, readonly (readonly number[][])[]>();

function samplesByShape(p: PreparedInput): readonly (readonly number[][])[] {
  let out = shapeSamples.get(p);
  if (out === undefined) {
    const per = p.shapes.map((r) => r.values.map((): number[] => []));
    const { resultShapes, values, resultCount } = p;
    let at = 0;
    for (let k = 0; k < resultCount; k++) {
      const lists = per[resultShapes[k]];
      for (let i = 0; i < lists.length; i++) lists[i].push(values[at + i]);
      at += lists.length;
    }
    out = per;
    shapeSamples.set(p, out);
  }
  return out;
}

/** Parsed names per prepared input: every projection of the input splits the same names. */
const nameCaches = new WeakMap<PreparedInput, NameCache>();

function checkLevel(v: number, name: string): void {
  if (!(v >= 0 && v <= 1)) fail('InvalidInput', { field: name, value: String(v) }, `${name} must be in range [0, 1]`);
}

/** benchstat's "benchmarks vary in a, b" from the residue keys of one cell. */
function nonSingularWarning(residue: Key | Set<Key> | null): string | null {
  if (!(residue instanceof Set) || residue.size <= 1) return null;
  const keys = [...residue];
  const fields = keys[0].proj.flattenedFields();
  const vary: string[] = [];
  for (const f of fields) {
    const base = keys[0].get(f);
    if (keys.some((k) => k.get(f) !== base)) vary.push(f.name);
  }
  return vary.length > 0 ? 'benchmarks vary in ' + vary.join(', ') : null;
}

function hasNaN(xs: readonly number[]): boolean {
  for (let i = 0; i < xs.length; i++) if (xs[i] !== xs[i]) return true;
  return false;
}

function formatDelta(c: { readonly p: number; readonly alpha: number }, old: number, nu: number): string {
  if (c.p > c.alpha) return '~';
  if (old === nu) return '0.00%';
  if (old === 0) return '?';
  return formatGoFloatSigned((nu / old - 1) * 100, 2) + '%';
}

function nText(p: number, n1: number, n2: number): string {
  const s = p !== 0 ? `p=${formatGoFloat(p, 3)} ` : '';
  return n1 === n2 ? `${s}n=${n1}` : `${s}n=${n1}+${n2}`;
}

/** A comparison whose tables are built as they are read, each once and in order: a renderer that
 * writes a table and moves on never holds every table's statistics at once. */
export interface ComparisonStream extends Omit<ComparisonResult, 'tables'> {
  readonly tables: Iterable<ResultTable>;
}

/** Compares sources (or an input prepared once with prepareSources) by the options. */
export function compare(input: readonly CompareSource[] | PreparedInput, opts: CompareOptions): ComparisonResult {
  const s = compareStream(input, opts);
  return { ...s, tables: [...s.tables] };
}

/**
 * compare(), its tables built one at a time as the iterator is read (it can be read once). The
 * input's results are no longer needed once this returns: only the raw cells are kept.
 */
export function compareStream(input: readonly CompareSource[] | PreparedInput, opts: CompareOptions): ComparisonStream {
  const prepared = 'kind' in input && input.kind === 'prepared' ? input : prepareSources(input as readonly CompareSource[]);
  const tableQ = opts.table ?? '.config';
  const rowQ = opts.row ?? '.fullname';
  const colQ = opts.col ?? '.file';
  const filterQ = opts.filter ?? '*';
  const ignoreQ = opts.ignore ?? '';
  checkLevel(opts.alpha, '-alpha');
  checkLevel(opts.confidence, '-confidence');

  let names = nameCaches.get(prepared);
  if (names === undefined) {
    names = new NameCache();
    nameCaches.set(prepared, names);
  }
  const userFilter = compileFilter(filterQ, names);
  const parser = new ProjectionParser(names);
  const tableBy = parser.parseWithUnit(tableQ, '-table');
  const rowBy = parser.parse(rowQ, '-row');
  const colBy = parser.parse(colQ, '-col');
  parser.parse(ignoreQ, '-ignore');
  const residueBy = parser.residue();
  const filter: FilterFn = parser.impliedFilters.length > 0 ? combine('and', [...parser.impliedFilters, userFilter]) : userFilter;

  // Project every result. Everything but the numbers is decided once per result shape
  // (filter outcome, table/row/col/residue keys, target cells), in first-seen order, so keys
  // are interned in the order benchstat observes them.
  const tables = new Map<Key, BuilderTable>();
  const memoized = prepared.cache.memoized;
  const cellOf = (tk: Key, rowKey: Key, colKey: Key): BuilderCell => {
    let t = tables.get(tk);
    if (t === undefined) {
      t = { rows: new Set(), cols: new Set(), cells: [] };
      tables.set(tk, t);
    }
    const byRow = (t.cells[rowKey.id] ??= []);
    let c = byRow[colKey.id];
    if (c === undefined) {
      c = { values: memoized ? NO_VALUES : [], residue: null, sources: 0 };
      byRow[colKey.id] = c;
      t.rows.add(rowKey);
      t.cols.add(colKey);
    }
    return c;
  };
  const makePlan = (r0: ResultView): Plan | null => {
    const outcome = filter(r0);
    const r = applyFilter(outcome, r0);
    if (r === null) return null;
    const tableKeys = tableBy.projectValues(r);
    const rowKey = rowBy.projectResult(r);
    const colKey = colBy.projectResult(r);
    const residueKey = residueBy.projectResult(r);
    const cells = tableKeys.map((tk) => cellOf(tk, rowKey, colKey));
    for (const c of cells) {
      if (c.residue === null) c.residue = residueKey;
      else if (c.residue instanceof Set) c.residue.add(residueKey);
      else if (c.residue !== residueKey) c.residue = new Set([c.residue, residueKey]);
    }
    let keep: number[] | null = null;
    if (typeof outcome !== 'boolean') {
      keep = [];
      for (let i = 0; i < outcome.length; i++) if (outcome[i]) keep.push(i);
      if (keep.length === r0.values.length) keep = null;
    }
    return { keep, cells };
  };
  const plans = new Array<Plan | null>(prepared.shapes.length);
  const { resultShapes, values, resultCount } = prepared;
  // Shape ids follow the results' order of first appearance: planning the shapes in id order
  // interns keys in the order benchstat observes them.
  for (let shape = 0; shape < plans.length; shape++) plans[shape] = makePlan(prepared.shapes[shape]);
  if (memoized) {
    // A cell fed by one (shape, value index) is that shape's array; only cells fed by several
    // gather their values from the results, in the order read.
    const shared = samplesByShape(prepared);
    let several = false;
    for (let shape = 0; shape < plans.length; shape++) {
      const plan = plans[shape];
      if (plan === null) continue;
      const { keep, cells } = plan;
      for (let j = 0; j < cells.length; j++) {
        const c = cells[j];
        if (++c.sources === 1) c.values = shared[shape][keep === null ? j : keep[j]];
        else several = true;
      }
    }
    if (several) {
      for (const plan of plans) if (plan !== null) for (const c of plan.cells) if (c.sources > 1) c.values = NO_VALUES;
      let at = 0;
      for (let k = 0; k < resultCount; k++) {
        const shape = resultShapes[k];
        const plan = plans[shape];
        if (plan !== null) {
          const { keep, cells } = plan;
          for (let j = 0; j < cells.length; j++) {
            const c = cells[j];
            if (c.sources <= 1) continue;
            if (c.values === NO_VALUES) c.values = [];
            c.values.push(values[at + (keep === null ? j : keep[j])]);
          }
        }
        at += prepared.shapes[shape].values.length;
      }
    }
  } else {
    let at = 0;
    for (let k = 0; k < resultCount; k++) {
      const shape = resultShapes[k];
      const plan = plans[shape];
      if (plan !== null) {
        const { keep, cells } = plan;
        if (keep === null) for (let i = 0; i < cells.length; i++) cells[i].values.push(values[at + i]);
        else for (let j = 0; j < cells.length; j++) cells[j].values.push(values[at + keep[j]]);
      }
      at += prepared.shapes[shape].values.length;
    }
  }

  const unitField = tableBy.unitField as Field;
  const tableKeys = sortKeys([...tables.keys()]);
  const tableFieldList = tableKeys.length > 0 ? tableBy.flattenedFields().filter((f) => f.name !== '.unit') : [];
  const inputs = { cache: prepared.cache, units: prepared.units };
  const holm = opts.holm ?? false;
  function* build(): Generator<ResultTable> {
    for (const tk of tableKeys) {
      const bt = tables.get(tk)!;
      tables.delete(tk);
      yield withExtras(buildTable(tk, bt, unitField, tableFieldList, colBy, inputs, opts), holm);
    }
  }
  return {
    tables: build(),
    tableFields: tableFieldList.map((f) => f.name),
    diagnostics: prepared.diagnostics,
    alpha: opts.alpha,
    confidence: opts.confidence,
    holm,
    projection: { table: tableQ, row: rowQ, col: colQ, filter: filterQ, ignore: ignoreQ },
  };
}

function buildTable(
  tk: Key,
  bt: BuilderTable,
  unitField: Field,
  tableFields: readonly Field[],
  colBy: Projection,
  prepared: Pick<PreparedInput, 'cache' | 'units'>,
  opts: CompareOptions,
): ResultTable {
  const unit = tk.get(unitField);
  const exact = assumesExact(prepared.units, unit);
  const rows = sortKeys([...bt.rows]);
  const cols = sortKeys([...bt.cols]);
  const colFields = colBy.flattenedFields();

  // Summaries first, then comparisons against the first column.
  const cache = prepared.cache;
  const memo = cache.memoized;
  // Content hashes of the cells' samples, by row then column.
  const hashes = new Int32Array(rows.length * cols.length);
  const cells: (TableCell | null)[][] = rows.map((rk, i) => {
    const byRow = bt.cells[rk.id];
    return cols.map((ck, j) => {
      const c = byRow?.[ck.id];
      if (c === undefined) return null;
      const w = nonSingularWarning(c.residue);
      let sampleWarnings: string[] = w === null ? NO_WARNINGS : [w];
      let values = c.values;
      if (hasNaN(values)) {
        // benchstat would sort NaN first and print nonsense; Perflab leaves NaN out (documented).
        values = values.filter((v) => !Number.isNaN(v));
        sampleWarnings = [...sampleWarnings, 'NaN values left out'];
        if (values.length === 0) return null;
      }
      const h = hashSample(values);
      hashes[i * cols.length + j] = h;
      const e = cache.sample(values, opts.confidence, exact, h);
      return memo
        ? { samples: values, summary: e.summary, sampleWarnings, cv: e.cv, comparison: null, memo: e }
        : { samples: values, summary: e.summary, sampleWarnings, cv: e.cv, comparison: null };
    });
  });
  cells.forEach((row, i) => {
    const base = row[0];
    if (base === null) return;
    for (let j = 1; j < row.length; j++) {
      const cell = row[j];
      if (cell === null) continue;
      // Cells are fresh objects of this comparison: fill in place rather than copy.
      (cell as { comparison: CellComparison | null }).comparison = compareCells(
        cache,
        base,
        cell,
        hashes[i * cols.length],
        hashes[i * cols.length + j],
        exact,
        opts.alpha,
      );
    }
  });

  // The geomean row.
  let nBase = 0;
  for (const row of cells) if (row[0] !== null) nBase++;
  const summary: ColumnSummary[] = cols.map((_, j) => {
    const isBase = j === 0;
    const centers: number[] = [];
    const ratios: number[] = [];
    let badRatio = false;
    for (const row of cells) {
      const cell = row[j];
      if (cell === null) continue;
      centers.push(cell.summary.center);
      if (!isBase && row[0] !== null) {
        const a = cell.summary.center;
        const b = row[0].summary.center;
        if (a === b) ratios.push(1);
        else if (b === 0) {
          badRatio = true;
          ratios.push(0);
        } else ratios.push(a / b);
      }
    }
    const warnings: string[] = [];
    if (!isBase && nBase !== ratios.length) warnings.push('benchmark set differs from baseline; geomeans may not be comparable');
    const gm = geomean(centers);
    if (Number.isNaN(gm)) warnings.push('summaries must be >0 to compute geomean');
    let ratio: number | null = null;
    if (!isBase && !badRatio) {
      const gr = geomean(ratios);
      if (Number.isNaN(gr)) warnings.push('ratios must be >0 to compute geomean');
      else ratio = gr;
    }
    return { geomean: Number.isNaN(gm) ? null : gm, ratio, warnings };
  });

  return {
    keyValues: tableFields.map((f) => tk.get(f)),
    unit,
    assumeExact: exact,
    better: betterDirection(prepared.units, unit),
    colFields: colFields.map((f) => f.name),
    cols: cols.map((ck) => colFields.map((f) => ck.get(f))),
    rows: rows.map((rk) => rk.stringValues()),
    cells,
    summary,
  };
}

/** A comparison whose delta interval and hint (costlier than the test, and never shown in plain
 * text) are computed on first read, with the pair's entry in the statistics cache. */
class LazyComparison {
  direction: CellComparison['direction'] = 'unknown';
  holmP: number | null = null;
  constructor(
    readonly p: number,
    readonly n1: number,
    readonly n2: number,
    readonly alpha: number,
    public significant: boolean,
    readonly warnings: readonly string[],
    public deltaText: string,
    public nText: string,
    readonly ratio: number | null,
    private readonly hb: number,
    private readonly hc: number,
    private readonly pair: PairEntry,
  ) {}

  get hashes(): readonly [number, number] {
    return [this.hb, this.hc];
  }

  get interval(): CellComparison['interval'] {
    return pairInterval(this.pair);
  }

  get test(): CellComparison['test'] {
    return this.pair.test;
  }

  derived<T>(key: string, compute: () => T): T {
    return pairDerived(this.pair, key, compute);
  }

  get hint(): CellComparison['hint'] {
    if (this.significant) return null;
    return pairHint(this.pair);
  }
}

function compareCells(
  cache: StatsCache,
  base: TableCell,
  cell: TableCell,
  hb: number,
  hc: number,
  exact: boolean,
  alpha: number,
): CellComparison {
  const pair = cache.entry(base.samples, cell.samples, hb, hc, alpha, exact);
  const c = pair.comparison;
  // benchstat's exact comparison carries alpha 0, so its p of 0 always shows the delta.
  const a = exact ? 0 : c.alpha;
  const old = base.summary.center;
  const nu = cell.summary.center;
  const n1 = base.samples.length;
  const n2 = cell.samples.length;
  // The texts follow from the pair (a re-projection that meets it again reuses them).
  let t = pair.texts;
  if (t === undefined || t.old !== old || t.nu !== nu) {
    t = { old, nu, delta: formatDelta({ p: c.p, alpha: a }, old, nu), n: nText(c.p, n1, n2) };
    pair.texts = t;
  }
  return new LazyComparison(c.p, n1, n2, a, !(c.p > a), c.warnings, t.delta, t.n, old === 0 ? null : nu / old, hb, hc, pair);
}
