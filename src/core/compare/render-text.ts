// benchstat's text output, byte for byte: config lines when they change, one table per unit
// with centred column headers between `│` rules, `center ± range` cells scaled per row, deltas
// with `(p=… n=…)`, the geomean row, and numbered footnotes. stdout holds the tables; stderr
// the reading diagnostics benchstat prints there. With deltaCi, each delta is followed by
// Perflab's interval `[-18.0%, -16.4%]` (off by default so output stays identical).
import { commonScale, formatGoFloatSigned, formatScaled, scaleValue, unitClass } from '../benchunit/index.js';
import { formatInterval, keyHeader, pctRange, superscript } from './cell-text.js';
import type { ComparisonResult, ResultTable } from './model.js';
import type { RowTable } from './table-builder.js';
import { TextTable } from './text-table.js';

export interface TextOptions {
  /** Show the delta interval next to each delta (Perflab's extra; breaks parity). */
  readonly deltaCi?: boolean;
}

/** A whole table, or one computed row by row as it is laid out (its statistics then go). */
type AnyTable = ResultTable | RowTable;

function renderTable(t: AnyTable, deltaCi: boolean, write: (s: string) => void): void {
  const rowAt = 'cells' in t ? (i: number) => t.cells[i] : (i: number) => t.row(i);
  const o = new TextTable();
  const labelCols = 1;
  const centerCols = 3; // <center> <± range> <warnings>
  const deltaCols = deltaCi ? 4 : 3; // <delta> [<interval>] <(p n)> <warnings>
  const startCol = (exp: number): number => (exp === 0 ? labelCols : labelCols + centerCols + (exp - 1) * (centerCols + deltaCols));

  const warningList: string[] = [];
  const warningSet = new Map<string, number>();
  const warn = (...lists: (readonly string[])[]): void => {
    let any = false;
    for (const list of lists) any ||= list.length > 0;
    if (!any) {
      o.cell('');
      return;
    }
    const notes: string[] = [];
    for (const list of lists) {
      for (const s of list) {
        let i = warningSet.get(s);
        if (i === undefined) {
          i = warningList.length;
          warningSet.set(s, i);
          warningList.push(s);
        }
        notes.push(superscript(i + 1));
      }
    }
    o.cell(notes.join(' '));
  };

  // Header rows: the column key tree.
  const rEdge = startCol(t.cols.length + 1);
  let nodes = keyHeader(t.cols, t.colFields.length);
  while (nodes.length > 0) {
    const next = [];
    o.row();
    for (const node of nodes) {
      const l = startCol(node.start);
      const r = startCol(node.start + node.len);
      o.col(l).span(r - l, node.value, { align: 'center', leftMargin: ' │ ' });
      next.push(...node.children);
    }
    o.col(rEdge).cell('', { leftMargin: ' │' });
    nodes = next;
  }

  // Unit and `vs base` row.
  o.row();
  for (let i = 0; i < t.cols.length; i++) {
    const l = startCol(i);
    o.col(l);
    o.span(centerCols, t.unit, { align: 'center', leftMargin: ' │ ' });
    if (i > 0) o.span(deltaCols, 'vs base', { align: 'left', leftMargin: '  ' });
    for (let j = l + 1; j < o.currentCol; j++) o.setShrink(j, true);
  }
  o.col(rEdge).cell('', { leftMargin: ' │' });

  const cls = unitClass(t.unit);
  t.rows.forEach((label, ri) => {
    o.row();
    o.cell(label);
    const row = rowAt(ri);
    const centers: number[] = [];
    for (const c of row) if (c !== null) centers.push(c.summary.center);
    const scaler = commonScale(centers, cls);
    row.forEach((cell, exp) => {
      if (cell === null) return;
      o.col(startCol(exp));
      o.cell(formatScaled(scaler, cell.summary.center), { align: 'right' });
      o.cell(pctRange(cell.summary), { align: 'right', leftMargin: ' ± ' });
      warn(cell.sampleWarnings, cell.summary.warnings);
      const c = cell.comparison;
      if (exp > 0 && c !== null) {
        o.cell(c.deltaText, { align: 'right' });
        if (deltaCi) o.cell(c.interval !== null ? formatInterval(c.interval) : '', { align: 'right' });
        o.cell('(' + c.nText + ')');
        warn(c.warnings);
      }
    });
  });

  if (t.rows.length > 1) {
    o.row();
    o.cell('geomean');
    const summary = 'cells' in t ? t.summary : t.summary();
    summary.forEach((s, exp) => {
      if (s.geomean !== null) {
        o.col(startCol(exp));
        o.cell(scaleValue(s.geomean, cls), { align: 'right' });
      }
      if (exp > 0) {
        o.col(startCol(exp) + centerCols);
        if (s.ratio !== null) o.cell(formatGoFloatSigned((s.ratio - 1) * 100, 2) + '%', { align: 'right' });
        else o.cell('?');
      }
      o.col(startCol(exp + 1) - 1);
      warn(s.warnings);
    });
  }

  o.formatTo(write);
  warningList.forEach((msg, i) => write(`${superscript(i + 1)} ${msg}\n`));
}

/** The tables as benchstat prints them (stdout), and the reading diagnostics (stderr). */
export function renderText(r: ComparisonResult, opts?: TextOptions): { readonly stdout: string; readonly stderr: string } {
  const parts: string[] = [];
  writeText(r, (s) => parts.push(s), opts);
  const stderr = r.diagnostics.map((d) => d + '\n').join('');
  return { stdout: parts.join(''), stderr };
}

/** renderText's stdout, handed to `write` in pieces as it is formatted (never one string); the
 * tables may come one at a time (compareStream), and row by row (its rowTables). */
export function writeText(
  r: Pick<ComparisonResult, 'tableFields'> & { readonly tables: Iterable<AnyTable> },
  write: (s: string) => void,
  opts?: TextOptions,
): void {
  let prev: readonly string[] | null = null;
  let i = 0;
  for (const t of r.tables) {
    let head = i > 0 ? '\n' : '';
    r.tableFields.forEach((name, k) => {
      const val = t.keyValues[k];
      if (prev === null || val !== prev[k]) head += `${name}: ${val}\n`;
    });
    if (head !== '') write(head);
    prev = t.keyValues;
    renderTable(t, opts?.deltaCi ?? false, write);
    i++;
  }
}
