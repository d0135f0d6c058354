// The Compare view's projection of a comparison (compare-types.ts), shared by the server that
// answers `compareView` (the rows a table shows, in the order it shows them, with the counts
// above it) and the renderer: which rows show (all, or only significant ones), their order (as
// measured, or by the delta's estimate), the summary counts, and which configuration entries
// tell tables apart. Plain data in and out; nothing is re-computed from samples here.
import type { CompareCounts, CompareDelta, CompareRow, CompareTable, Comparison } from './compare-types.js';

export const COMPARE_SORTS = ['name', 'delta', '-delta', 'abs'] as const;
/** `name`: as measured (the engine's order); `delta`: improvements first; `-delta`: regressions
 * first; `abs`: by size of change. Rows without an estimate go last. */
export type CompareSort = (typeof COMPARE_SORTS)[number];

export interface CompareViewState {
  readonly onlySignificant: boolean;
  readonly sort: CompareSort;
  /** Which delta column sorts (index into columns; default: the last). */
  readonly deltaColumn?: number;
}

/** The units of a comparison, in the engine's order (one tab each). */
export function unitsOf(c: Pick<Comparison, 'tables'>): string[] {
  return [...new Set(c.tables.map((t) => t.unit))];
}

/** The configuration entries that tell tables apart (those whose value differs between tables). */
export function distinctConfig(c: Pick<Comparison, 'tables'>, t: Pick<CompareTable, 'config'>): (readonly [string, string])[] {
  const varying = new Set<string>();
  for (const [k] of t.config) {
    const values = new Set(c.tables.map((x) => x.config.find(([kk]) => kk === k)?.[1] ?? ''));
    if (values.size > 1) varying.add(k);
  }
  return t.config.filter(([k]) => varying.has(k));
}

/** The configuration shared by every table (shown once above the tabs). */
export function sharedConfig(c: Pick<Comparison, 'tables'>): (readonly [string, string])[] {
  const first = c.tables[0];
  if (!first) return [];
  return first.config.filter(([k, v]) => c.tables.every((t) => t.config.some(([kk, vv]) => kk === k && vv === v)));
}

/** The estimate (or ratio) of a delta as a log change, for sorting; null when undefined. */
export function deltaMagnitude(d: CompareDelta | null): number | null {
  const r = d?.estimate ?? d?.ratio ?? null;
  return r === null || !(r > 0) || !Number.isFinite(r) ? null : Math.log(r);
}

export function isSignificantRow(row: CompareRow): boolean {
  return row.deltas.some((d) => d !== null && d.significant);
}

/** The rows a table shows, in the order shown (the geomean row is not among them). */
export function shownRows(t: Pick<CompareTable, 'rows' | 'columns'>, s: CompareViewState): CompareRow[] {
  const col = s.deltaColumn ?? t.columns.length - 1;
  const rows = s.onlySignificant ? t.rows.filter(isSignificantRow) : [...t.rows];
  if (s.sort === 'name') return rows;
  // Keys computed once per row (a 5,000-row sort compares ~60,000 times).
  const keys = new Map<CompareRow, number | null>();
  for (const r of rows) keys.set(r, deltaMagnitude(r.deltas[col] ?? null));
  return rows.sort((a, b) => {
    const ka = keys.get(a)!;
    const kb = keys.get(b)!;
    if (ka === null || kb === null) return ka === kb ? 0 : ka === null ? 1 : -1;
    switch (s.sort) {
      case 'delta':
        return ka - kb;
      case '-delta':
        return kb - ka;
      case 'abs':
        return Math.abs(kb) - Math.abs(ka);
      default:
        return 0;
    }
  });
}

/** Whether the geomean row shows under the rows (benchstat's, when the table has one; not
 * under only significant rows, which it does not summarize). */
export function showsGeomean(t: Pick<CompareTable, 'geomean'>, s: CompareViewState): boolean {
  return t.geomean !== null && !s.onlySignificant;
}

/** Counts for the summary line: rows, significant, better, worse, and rows with an undecided verdict. */
export function tableCounts(t: Pick<CompareTable, 'rows'>): CompareCounts {
  let significant = 0;
  let better = 0;
  let worse = 0;
  let undecided = 0;
  for (const r of t.rows) {
    if (r.deltas.some((d) => d?.verdict.state === 'undecided')) undecided++;
    if (!isSignificantRow(r)) continue;
    significant++;
    if (r.deltas.some((d) => d?.significant && d.direction === 'better')) better++;
    if (r.deltas.some((d) => d?.significant && d.direction === 'worse')) worse++;
  }
  return { rows: t.rows.length, significant, better, worse, undecided };
}
