// The Compare view's answer (compare-types.ts CompareView) from a comparison's JSON: the tables
// of one unit, each with the names of the rows it shows in the order shown (sorted and filtered
// on the server, src/shared/compare-view.ts) and only a window of those rows, so a 5,000-row
// re-projection sends ~0.2 MB instead of 5 MB and the renderer parses only what it draws. The
// model keeps the ordered rows, so the windows a scrolling table asks for are slices of it.
import type { Comparison, CompareRow, CompareTable, CompareView, CompareViewRows } from '../../shared/compare-types.js';
import {
  distinctConfig,
  sharedConfig,
  showsGeomean,
  shownRows,
  tableCounts,
  unitsOf,
  type CompareViewState,
} from '../../shared/compare-view.js';

/** A comparison projected for the view, rows in the order shown. */
export interface ViewModel {
  readonly comparison: Comparison;
  readonly units: readonly string[];
  readonly unit: string | null;
  readonly tables: readonly { readonly index: number; readonly table: CompareTable; readonly rows: readonly CompareRow[] }[];
  readonly state: CompareViewState;
}

/** The view of `unit` (the first unit when absent or unknown: a stale tab after a filter). */
export function viewModel(c: Comparison, state: CompareViewState, unit?: string): ViewModel {
  const units = unitsOf(c);
  const u = unit !== undefined && units.includes(unit) ? unit : (units[0] ?? null);
  const tables = c.tables.flatMap((table, index) => (table.unit === u ? [{ index, table, rows: shownRows(table, state) }] : []));
  return { comparison: c, units, unit: u, tables, state };
}

/** The answer: each table with its first `limit` rows shown. */
export function viewAnswer(m: ViewModel, limit: number): CompareView {
  const { tables: _all, samplesOmitted: _omitted, ...head } = m.comparison;
  return {
    ...head,
    units: m.units,
    unit: m.unit,
    shared: sharedConfig(m.comparison),
    tables: m.tables.map(({ index, table, rows }) => {
      const { rows: _rows, ...rest } = table;
      return {
        ...rest,
        index,
        distinct: distinctConfig(m.comparison, table),
        counts: tableCounts(table),
        names: rows.map((r) => r.name),
        showGeomean: showsGeomean(table, m.state),
        offset: 0,
        rows: rows.slice(0, limit),
      };
    }),
  };
}

/** Rows [offset, offset + limit) of a table as shown; null when the view has no such table. */
export function viewRows(m: ViewModel, tableIndex: number, offset: number, limit: number): CompareViewRows | null {
  const t = m.tables.find((x) => x.index === tableIndex);
  if (!t) return null;
  const from = Math.min(offset, t.rows.length);
  return { tableIndex, total: t.rows.length, offset: from, rows: t.rows.slice(from, from + limit) };
}
