// compare(): projects prepared results into raw cells exactly as benchstat's table builder does
// (one table per table key and unit, rows and columns in projection order, baseline = the
// table's first column); table-builder.ts computes each table's cells with src/core/stats and
// its geomean row, and extras.ts adds Perflab's extras. Renderers turn the resulting model into
// text, CSV, markdown or JSON.
import { fail } from '../../shared/errors.js';
import { withExtras } from './extras.js';
import { applyFilter, combine, compileFilter } from './filter.js';
import type { FilterFn } from './filter-fn.js';
import type { CompareOptions, ComparisonResult, ResultTable } from './model.js';
import { prepareSources, type CompareSource, type PreparedInput } from './prepare.js';
import { Key, ProjectionParser, sortKeys, type Field } from './projection.js';
import { NameCache, type ResultView } from './result-view.js';
import { buildTable, tableRows, type BuilderCell, type BuilderTable, type RowTable } from './table-builder.js';

export type { CompareOptions } from './model.js';

interface Plan {
  /** Indexes of the values the filter keeps (null: all). */
  readonly keep: readonly number[] | null;
  /** The cell each kept value goes to. */
  readonly cells: readonly BuilderCell[];
}

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

/** A comparison whose tables are built as they are read, each once and in order: a renderer that
 * writes a table and moves on never holds every table's statistics at once. */
export interface ComparisonStream extends Omit<ComparisonResult, 'tables'> {
  readonly tables: Iterable<ResultTable>;
  /**
   * The same tables, each computed row by row as a renderer reads it (RowTable), for the text
   * renderer when Holm's adjustment is off; null with --holm. Read either this or `tables`, once.
   */
  readonly rowTables: Iterable<RowTable> | null;
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
      c = { values: NO_VALUES, residue: null, sources: 0, arena: null, offset: 0, count: 0 };
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
    // One shot: every cell's values in one arena, cell after cell, each in the order read. The
    // results are read twice: to count each cell's values, then to copy them.
    const order: BuilderCell[] = [];
    for (let k = 0; k < resultCount; k++) {
      const plan = plans[resultShapes[k]];
      if (plan === null) continue;
      for (const c of plan.cells) if (c.count++ === 0) order.push(c);
    }
    let total = 0;
    for (const c of order) {
      c.offset = total;
      total += c.count;
      c.count = 0;
    }
    const arena = new Float64Array(total);
    let at = 0;
    for (let k = 0; k < resultCount; k++) {
      const shape = resultShapes[k];
      const plan = plans[shape];
      if (plan !== null) {
        const { keep, cells } = plan;
        for (let j = 0; j < cells.length; j++) {
          const c = cells[j];
          arena[c.offset + c.count++] = values[at + (keep === null ? j : keep[j])];
        }
      }
      at += prepared.shapes[shape].values.length;
    }
    for (const c of order) c.arena = arena;
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
  function* buildRows(): Generator<RowTable> {
    for (const tk of tableKeys) {
      const bt = tables.get(tk)!;
      tables.delete(tk);
      yield tableRows(tk, bt, unitField, tableFieldList, colBy, inputs, opts);
    }
  }
  return {
    tables: build(),
    rowTables: holm ? null : buildRows(),
    tableFields: tableFieldList.map((f) => f.name),
    diagnostics: prepared.diagnostics,
    alpha: opts.alpha,
    confidence: opts.confidence,
    holm,
    projection: { table: tableQ, row: rowQ, col: colQ, filter: filterQ, ignore: ignoreQ },
  };
}
