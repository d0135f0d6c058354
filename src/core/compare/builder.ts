// compare(): projects prepared results into tables exactly as benchstat's table builder does
// (one table per table key and unit, rows and columns in projection order, baseline = the
// table's first column), computes every cell with src/core/stats, adds the geomean row, and
// Perflab's extras (extras.ts). Renderers turn the resulting model into text, CSV, markdown or
// JSON.
import { fail } from '../../shared/errors.js';
import { coefficientOfVariation, compareSamples, summarize } from '../stats/index.js';
import { goGeomean as geomean } from './go-math.js';
import { formatGoFloat, formatGoFloatSigned } from '../benchunit/index.js';
import { addExtras } from './extras.js';
import { applyFilter, combine, compileFilter, type FilterFn } from './filter.js';
import type { CellComparison, ColumnSummary, ComparisonResult, ResultTable, TableCell } from './model.js';
import { assumesExact, betterDirection, prepareSources, type CompareSource, type PreparedInput } from './prepare.js';
import { Key, ProjectionParser, sortKeys, type Field, type Projection } from './projection.js';
import { NameCache } from './result-view.js';

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
  readonly values: number[];
  readonly residue: Set<Key>;
}

interface BuilderTable {
  readonly rows: Set<Key>;
  readonly cols: Set<Key>;
  /** By row key id, then col key id. */
  readonly cells: Map<number, Map<number, BuilderCell>>;
}

function checkLevel(v: number, name: string): void {
  if (!(v >= 0 && v <= 1)) fail('InvalidInput', { field: name, value: String(v) }, `${name} must be in range [0, 1]`);
}

/** benchstat's "benchmarks vary in a, b" from the residue keys of one cell. */
function nonSingularWarning(residue: Set<Key>): string | null {
  if (residue.size <= 1) return null;
  const keys = [...residue];
  const fields = keys[0].proj.flattenedFields();
  const vary: string[] = [];
  for (const f of fields) {
    const base = keys[0].get(f);
    if (keys.some((k) => k.get(f) !== base)) vary.push(f.name);
  }
  return vary.length > 0 ? 'benchmarks vary in ' + vary.join(', ') : null;
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

/** Compares sources (or an input prepared once with prepareSources) by the options. */
export function compare(input: readonly CompareSource[] | PreparedInput, opts: CompareOptions): ComparisonResult {
  const prepared = 'kind' in input && input.kind === 'prepared' ? input : prepareSources(input as readonly CompareSource[]);
  const tableQ = opts.table ?? '.config';
  const rowQ = opts.row ?? '.fullname';
  const colQ = opts.col ?? '.file';
  const filterQ = opts.filter ?? '*';
  const ignoreQ = opts.ignore ?? '';
  checkLevel(opts.alpha, '-alpha');
  checkLevel(opts.confidence, '-confidence');

  const names = new NameCache();
  const userFilter = compileFilter(filterQ, names);
  const parser = new ProjectionParser(names);
  const tableBy = parser.parseWithUnit(tableQ, '-table');
  const rowBy = parser.parse(rowQ, '-row');
  const colBy = parser.parse(colQ, '-col');
  parser.parse(ignoreQ, '-ignore');
  const residueBy = parser.residue();
  const filter: FilterFn = parser.impliedFilters.length > 0 ? combine('and', [...parser.impliedFilters, userFilter]) : userFilter;

  // Project every result.
  const tables = new Map<Key, BuilderTable>();
  for (const r0 of prepared.results) {
    const r = applyFilter(filter(r0), r0);
    if (r === null) continue;
    const tableKeys = tableBy.projectValues(r);
    const rowKey = rowBy.projectResult(r);
    const colKey = colBy.projectResult(r);
    const residueKey = residueBy.projectResult(r);
    tableKeys.forEach((tk, i) => {
      let t = tables.get(tk);
      if (t === undefined) {
        t = { rows: new Set(), cols: new Set(), cells: new Map() };
        tables.set(tk, t);
      }
      let byCol = t.cells.get(rowKey.id);
      if (byCol === undefined) {
        byCol = new Map();
        t.cells.set(rowKey.id, byCol);
      }
      let c = byCol.get(colKey.id);
      if (c === undefined) {
        c = { values: [], residue: new Set() };
        byCol.set(colKey.id, c);
        t.rows.add(rowKey);
        t.cols.add(colKey);
      }
      c.values.push(r.values[i].value);
      c.residue.add(residueKey);
    });
  }

  const unitField = tableBy.unitField as Field;
  const tableKeys = sortKeys([...tables.keys()]);
  const tableFieldList = tableKeys.length > 0 ? tableBy.flattenedFields().filter((f) => f.name !== '.unit') : [];
  const out: ResultTable[] = tableKeys.map((tk) =>
    buildTable(tk, tables.get(tk)!, unitField, tableFieldList, colBy, prepared, opts),
  );
  const result: ComparisonResult = {
    tables: out,
    tableFields: tableFieldList.map((f) => f.name),
    diagnostics: prepared.diagnostics,
    alpha: opts.alpha,
    confidence: opts.confidence,
    holm: opts.holm ?? false,
    projection: { table: tableQ, row: rowQ, col: colQ, filter: filterQ, ignore: ignoreQ },
  };
  return addExtras(result, opts.holm ?? false);
}

function buildTable(
  tk: Key,
  bt: BuilderTable,
  unitField: Field,
  tableFields: readonly Field[],
  colBy: Projection,
  prepared: PreparedInput,
  opts: CompareOptions,
): ResultTable {
  const unit = tk.get(unitField);
  const exact = assumesExact(prepared.units, unit);
  const rows = sortKeys([...bt.rows]);
  const cols = sortKeys([...bt.cols]);
  const colFields = colBy.flattenedFields();

  // Summaries first, then comparisons against the first column.
  const cells: (TableCell | null)[][] = rows.map((rk) => {
    const byCol = bt.cells.get(rk.id)!;
    return cols.map((ck) => {
      const c = byCol.get(ck.id);
      if (c === undefined) return null;
      const summary = summarize(c.values, { confidence: opts.confidence, assumeExact: exact });
      const w = nonSingularWarning(c.residue);
      return { samples: c.values, summary, sampleWarnings: w === null ? [] : [w], cv: safeCv(c.values), comparison: null };
    });
  });
  for (const row of cells) {
    const base = row[0];
    if (base === null) continue;
    for (let j = 1; j < row.length; j++) {
      const cell = row[j];
      if (cell === null) continue;
      row[j] = { ...cell, comparison: compareCells(base, cell, exact, opts.alpha) };
    }
  }

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

function safeCv(values: readonly number[]): number {
  for (const v of values) if (!Number.isFinite(v)) return NaN;
  return coefficientOfVariation(values);
}

function compareCells(base: TableCell, cell: TableCell, exact: boolean, alpha: number): CellComparison {
  const c = compareSamples(base.samples, cell.samples, { alpha, assumeExact: exact });
  // benchstat's exact comparison carries alpha 0, so its p of 0 always shows the delta.
  const a = exact ? 0 : c.alpha;
  const old = base.summary.center;
  const nu = cell.summary.center;
  return {
    p: c.p,
    n1: base.samples.length,
    n2: cell.samples.length,
    alpha: a,
    significant: !(c.p > a),
    warnings: c.warnings,
    deltaText: formatDelta({ p: c.p, alpha: a }, old, nu),
    nText: nText(c.p, base.samples.length, cell.samples.length),
    ratio: old === 0 ? null : nu / old,
    interval: null,
    direction: 'unknown',
    holmP: null,
    hint: null,
  };
}
