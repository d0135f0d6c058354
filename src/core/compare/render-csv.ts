// benchstat's `-format csv`, byte for byte: config lines as one-field rows, per table the
// column key rows, a header row (unit, CI, vs base, P), raw numbers as Go's %v prints them, the
// geomean row always, and warnings on stderr prefixed by spreadsheet cell references (A1 style,
// benchstat's own letter arithmetic included) after the reading diagnostics.
import { formatGoFloatSigned, formatGoV } from '../benchunit/index.js';
import { pctRange } from './cell-text.js';
import type { ComparisonResult, ResultTable } from './model.js';

/** Go encoding/csv: quote a field holding a comma, quote, CR or LF, or starting with a space. */
function csvField(f: string): string {
  if (f === '') return f;
  if (f === '\\.' || /[,"\r\n]/.test(f) || /^\p{White_Space}/u.test(f)) return '"' + f.replaceAll('"', '""') + '"';
  return f;
}

function csvRow(fields: readonly string[]): string {
  return fields.map(csvField).join(',') + '\n';
}

/** benchstat's cell label for column index x (its arithmetic gives B for 1, BA for 27). */
function colName(x0: number): string {
  let s = '';
  for (let x = x0; x > 0; x = Math.floor(x / 26)) s = String.fromCharCode(65 + (x % 26)) + s;
  return s === '' ? 'A' : s;
}

function renderTable(t: ResultTable, startRow: number, warnings: string[]): { readonly text: string; readonly rows: number } {
  const labelCols = 1;
  const centerCols = 2;
  const deltaCols = 2;
  const startCol = (exp: number): number => (exp === 0 ? labelCols : labelCols + centerCols + (exp - 1) * (centerCols + deltaCols));
  let text = '';
  let rowCount = 0;
  let row: string[] = [];
  const clearTo = (col: number): void => {
    while (row.length < col) row.push('');
  };
  const emit = (): void => {
    text += csvRow(row);
    row = [];
    rowCount++;
  };
  const warn = (msgs: readonly string[]): void => {
    const name = colName(row.length);
    for (const m of msgs) warnings.push(`${name}${startRow + rowCount}: ${m}\n`);
  };

  t.colFields.forEach((_, fi) => {
    t.cols.forEach((key, exp) => {
      clearTo(startCol(exp));
      row.push(key[fi]);
    });
    clearTo(startCol(t.cols.length));
    emit();
  });

  t.cols.forEach((_, exp) => {
    clearTo(startCol(exp));
    row.push(t.unit, 'CI');
    if (exp > 0) row.push('vs base', 'P');
  });
  emit();

  t.rows.forEach((label, ri) => {
    row.push(label);
    t.cells[ri].forEach((cell, exp) => {
      if (cell === null) return;
      clearTo(startCol(exp));
      warn(cell.sampleWarnings);
      warn(cell.summary.warnings);
      row.push(formatGoV(cell.summary.center), pctRange(cell.summary));
      const c = cell.comparison;
      if (exp > 0 && c !== null) {
        warn(c.warnings);
        row.push(c.deltaText, c.nText);
      }
    });
    emit();
  });

  row.push('geomean');
  t.summary.forEach((s, exp) => {
    clearTo(startCol(exp));
    warn(s.warnings);
    if (s.geomean !== null) row.push(formatGoV(s.geomean));
    if (exp > 0) {
      clearTo(startCol(exp) + centerCols);
      row.push(s.ratio !== null ? formatGoFloatSigned((s.ratio - 1) * 100, 2) + '%' : '?');
    }
  });
  clearTo(startCol(t.cols.length));
  emit();
  return { text, rows: rowCount };
}

/** The tables as `benchstat -format csv` prints them, with its stderr. */
export function renderCsv(r: ComparisonResult): { readonly stdout: string; readonly stderr: string } {
  const warnings: string[] = [];
  let out = '';
  let rowNo = 1;
  let prev: readonly string[] | null = null;
  r.tables.forEach((t, i) => {
    if (i > 0) {
      out += csvRow(['']);
      rowNo++;
    }
    r.tableFields.forEach((name, k) => {
      const val = t.keyValues[k];
      if (prev === null || val !== prev[k]) {
        out += csvRow([`${name}: ${val}`]);
        rowNo++;
      }
    });
    prev = t.keyValues;
    const { text, rows } = renderTable(t, rowNo, warnings);
    out += text;
    rowNo += rows;
  });
  const stderr = r.diagnostics.map((d) => d + '\n').join('') + warnings.join('');
  return { stdout: out, stderr };
}
