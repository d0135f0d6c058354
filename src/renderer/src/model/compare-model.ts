// The Compare view's drawing model over the comparison engine's output (compare-types.ts): the
// colour class and strength of each delta, the text of CIs, p and n, verdict badges, footnotes,
// and the grid's column widths. Which rows show and in what order is the server's
// (src/shared/compare-view.ts). The numbers are the engine's texts; nothing is re-computed here.
import type { CompareDelta, CompareTable, Comparison } from '../../../shared/compare-types.js';
import { deltaMagnitude } from '../../../shared/compare-view.js';
import { formatRatioChange } from './format.js';

/** The tables of one unit (benchstat splits tables by configuration, e.g. per package), with their indexes. */
export function tablesOfUnit(c: Comparison, unit: string): { readonly index: number; readonly table: CompareTable }[] {
  return c.tables.flatMap((table, index) => (table.unit === unit ? [{ index, table }] : []));
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
      : v.state === 'undecided' && v.reason === 'samples tied'
        ? 'undecided · tied'
        : v.exact && v.state !== 'no change'
          ? `${v.state} · exact`
          : v.state;
  return { label, cls: `verdict-${v.state.replace(' ', '-')}`, title: v.text };
}

/** The footnotes of a cell or delta as one tooltip text. */
export function footnoteText(t: Pick<CompareTable, 'footnotes'>, ids: readonly number[]): string {
  return ids.map((id) => `(${id}) ${t.footnotes.find((f) => f.id === id)?.text ?? ''}`).join('\n');
}

/** The top-level benchmark of a row name (benchstat drops the `Benchmark` prefix): `Fields/size=4` -> `BenchmarkFields`. */
export function benchmarkOfRow(name: string): string {
  const first = name.split('/')[0].replace(/-\d+$/, '');
  return first.startsWith('Benchmark') ? first : `Benchmark${first}`;
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
