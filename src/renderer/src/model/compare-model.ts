// The Compare view's model over the comparison engine's output (compare-types.ts): which rows
// show (only significant), their order (by name as the engine gave them, or by delta), the
// colour class and strength of each delta, and the text of CIs, p and n, and footnotes. The
// numbers are the engine's texts; nothing is re-computed here.
import type { CompareDelta, CompareGeomean, CompareRow, CompareTable, Comparison } from '../../../shared/compare-types.js';
import { formatRatioChange } from './format.js';

export type SortKey = 'name' | 'delta' | '-delta' | 'abs';

export interface CompareViewState {
  readonly onlySignificant: boolean;
  readonly sort: SortKey;
  /** Which delta column sorts (index into columns; default: the last). */
  readonly deltaColumn?: number;
}

export type ViewRow =
  | { readonly kind: 'row'; readonly key: string; readonly row: CompareRow }
  | { readonly kind: 'geomean'; readonly key: string; readonly geomean: CompareGeomean };

/** The units of a comparison, in the engine's order (one tab each). */
export function unitsOf(c: Comparison): string[] {
  return [...new Set(c.tables.map((t) => t.unit))];
}

/** The tables of one unit (benchstat splits tables by configuration, e.g. per package), with their indexes. */
export function tablesOfUnit(c: Comparison, unit: string): { readonly index: number; readonly table: CompareTable }[] {
  return c.tables.flatMap((table, index) => (table.unit === unit ? [{ index, table }] : []));
}

/** The configuration entries that tell tables apart (those whose value differs between tables). */
export function distinctConfig(c: Comparison, t: CompareTable): (readonly [string, string])[] {
  const varying = new Set<string>();
  for (const [k] of t.config) {
    const values = new Set(c.tables.map((x) => x.config.find(([kk]) => kk === k)?.[1] ?? ''));
    if (values.size > 1) varying.add(k);
  }
  return t.config.filter(([k]) => varying.has(k));
}

/** The configuration shared by every table (shown once above the tabs). */
export function sharedConfig(c: Comparison): (readonly [string, string])[] {
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

export function visibleRows(t: CompareTable, s: CompareViewState): ViewRow[] {
  const col = s.deltaColumn ?? t.columns.length - 1;
  let rows: (ViewRow & { kind: 'row' })[] = t.rows.map((row) => ({ kind: 'row', key: row.name, row }));
  if (s.onlySignificant) rows = rows.filter((r) => isSignificantRow(r.row));
  if (s.sort !== 'name') {
    const key = (r: ViewRow & { kind: 'row' }) => deltaMagnitude(r.row.deltas[col] ?? null);
    rows = [...rows].sort((a, b) => {
      const ka = key(a);
      const kb = key(b);
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
  const out: ViewRow[] = rows;
  if (t.geomean && !s.onlySignificant) out.push({ kind: 'geomean', key: 'geomean', geomean: t.geomean });
  return out;
}

export type DeltaClass = 'better' | 'worse' | 'same' | 'unknown' | 'insignificant';

export function deltaClass(d: CompareDelta | null): DeltaClass {
  if (!d) return 'unknown';
  if (!d.significant) return d.direction === 'unknown' ? 'unknown' : 'insignificant';
  return d.direction;
}

/** Background strength in [0, 1]: 0 for insignificant, growing with the change up to 50%. */
export function deltaStrength(d: CompareDelta | null): number {
  if (!d || !d.significant) return 0;
  const m = deltaMagnitude(d);
  if (m === null) return 0.3;
  return Math.min(1, 0.25 + (Math.abs(Math.expm1(Math.abs(m))) / 0.5) * 0.75);
}

/** The delta's confidence interval: `[-12.1%, -8.4%]`, or '' when there is none. */
export function deltaCiText(d: CompareDelta | null): string {
  if (!d) return '';
  if (d.ciText) return d.ciText;
  if (d.ciLo === null || d.ciHi === null) return '';
  return `[${formatRatioChange(d.ciLo)}, ${formatRatioChange(d.ciHi)}]`;
}

/** `p=0.008 n=5+5` (benchstat's spelling), or the n alone when there is no p. */
export function pnText(d: CompareDelta | null): string {
  if (!d) return '';
  if (d.nText.includes('p=') || d.p === null) return d.nText;
  return `p=${d.p.toFixed(3)} ${d.nText}`;
}

/** The verdict badge of a delta: its label, a CSS class (undecided stands out) and the
 * tooltip (the engine's one-line explanation). */
export function verdictBadge(d: CompareDelta | null): { readonly label: string; readonly cls: string; readonly title: string } | null {
  if (!d) return null;
  const v = d.verdict;
  const label =
    v.state === 'undecided' && v.countNeeded !== null
      ? `undecided · n≥${v.countNeeded}`
      : v.exact && v.state !== 'no change'
        ? `${v.state} · exact`
        : v.state;
  return { label, cls: `verdict-${v.state.replace(' ', '-')}`, title: v.text };
}

/** The footnotes of a cell or delta as one tooltip text. */
export function footnoteText(t: CompareTable, ids: readonly number[]): string {
  return ids.map((id) => `(${id}) ${t.footnotes.find((f) => f.id === id)?.text ?? ''}`).join('\n');
}

/** The top-level benchmark of a row name (benchstat drops the `Benchmark` prefix): `Fields/size=4` -> `BenchmarkFields`. */
export function benchmarkOfRow(name: string): string {
  const first = name.split('/')[0].replace(/-\d+$/, '');
  return first.startsWith('Benchmark') ? first : `Benchmark${first}`;
}

/** Counts for the summary line: rows, significant, better, worse, and rows with an undecided verdict. */
export function tableCounts(t: CompareTable): { rows: number; significant: number; better: number; worse: number; undecided: number } {
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

/** Rows x columns in a grid: name, then per column its cell, and per non-baseline column its delta, CI and p/n. */
export function gridTemplate(columns: number, mins?: { readonly name: number; readonly columns: readonly number[] }): string {
  const parts = [`minmax(${mins?.name ?? 220}px, 2.2fr)`];
  for (let i = 0; i < columns; i++) {
    parts.push(`minmax(${mins?.columns[i] ?? 110}px, 1fr)`);
    if (i > 0) parts.push('minmax(70px, 0.6fr)', 'minmax(130px, 0.9fr)', 'minmax(90px, 0.7fr)', 'minmax(150px, 0.8fr)');
  }
  return parts.join(' ');
}

/** Approximate width of text in the table's 13px font (monospace digits, proportional names). */
const CHAR_PX = 7.6;

/**
 * Minimum widths from the texts themselves, so a long ref label or benchmark name widens its
 * column (the table then scrolls sideways) instead of being cut off.
 */
export function columnMins(
  table: { readonly columns: readonly string[] },
  names: readonly string[],
): { name: number; columns: number[]; total: number } {
  const longest = names.reduce((m, n) => Math.max(m, n.length), 0);
  const name = Math.round(Math.min(640, Math.max(220, 20 + CHAR_PX * longest)));
  const columns = table.columns.map((c) => Math.round(Math.min(480, Math.max(110, 20 + CHAR_PX * c.length))));
  const total = name + columns.reduce((a, b) => a + b, 0) + Math.max(0, table.columns.length - 1) * (70 + 130 + 90);
  return { name, columns, total };
}
