// A comparison as GitHub-flavoured markdown tables, for PR bodies and commit messages (benchstat
// has none: golang/go#34482). One table per benchstat table: config lines in a code span above
// it, a column per input with `center ± range`, and per compared column the delta with its
// interval and (p, n), marked better/worse by the unit's direction; footnotes below.
import { commonScale, formatGoFloatSigned, formatScaled, scaleValue, unitClass } from '../benchunit/index.js';
import { formatInterval, pctRange, superscript } from './cell-text.js';
import type { CellComparison, ComparisonResult, ResultTable } from './model.js';

function esc(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function mark(c: CellComparison): string {
  switch (c.direction) {
    case 'better':
      return ' (better)';
    case 'worse':
      return ' (worse)';
    case 'same':
    case 'unknown':
      return '';
  }
}

function renderTable(t: ResultTable): string {
  const notes: string[] = [];
  const noteIds = new Map<string, number>();
  const note = (msgs: readonly string[]): string => {
    const ids = msgs.map((m) => {
      let i = noteIds.get(m);
      if (i === undefined) {
        i = notes.length;
        noteIds.set(m, i);
        notes.push(m);
      }
      return superscript(i + 1);
    });
    return ids.length > 0 ? ' ' + ids.join(' ') : '';
  };
  const colLabel = (vals: readonly string[]): string => vals.filter((v) => v !== '').join(' ') || '(all)';
  const header = [esc(t.unit)];
  const align = ['---'];
  t.cols.forEach((c, j) => {
    header.push(esc(colLabel(c)));
    align.push('---:');
    if (j > 0) {
      header.push('vs base');
      align.push('---');
    }
  });
  const lines = [`| ${header.join(' | ')} |`, `|${align.join('|')}|`];
  const cls = unitClass(t.unit);
  t.rows.forEach((label, ri) => {
    const row = t.cells[ri];
    const scaler = commonScale(
      row.filter((c) => c !== null).map((c) => c!.summary.center),
      cls,
    );
    const cells = [esc(label)];
    row.forEach((cell, j) => {
      cells.push(
        cell === null
          ? ''
          : `${formatScaled(scaler, cell.summary.center)} ± ${pctRange(cell.summary)}${note([...cell.sampleWarnings, ...cell.summary.warnings])}`,
      );
      if (j === 0) return;
      const c = cell?.comparison ?? null;
      if (c === null) {
        cells.push('');
        return;
      }
      const delta = c.significant && c.deltaText !== '~' ? `**${c.deltaText}**` : c.deltaText;
      const iv = c.interval !== null && c.deltaText !== '~' ? ` ${formatInterval(c.interval)}` : '';
      cells.push(`${delta}${iv}${mark(c)} (${c.nText})${note(c.warnings)}`);
    });
    lines.push(`| ${cells.join(' | ')} |`);
  });
  if (t.rows.length > 1) {
    const cells = ['geomean'];
    t.summary.forEach((s, j) => {
      cells.push((s.geomean !== null ? scaleValue(s.geomean, cls) : '') + note(s.warnings));
      if (j > 0) cells.push(s.ratio !== null ? formatGoFloatSigned((s.ratio - 1) * 100, 2) + '%' : '?');
    });
    lines.push(`| ${cells.join(' | ')} |`);
  }
  let out = lines.join('\n') + '\n';
  if (notes.length > 0) out += '\n' + notes.map((n, i) => `${superscript(i + 1)} ${esc(n)}`).join('  \n') + '\n';
  return out;
}

/** Markdown tables for a PR body or a commit message. */
export function renderMarkdown(r: ComparisonResult): string {
  const parts: string[] = [];
  let prev: readonly string[] | null = null;
  for (const t of r.tables) {
    const config: string[] = [];
    r.tableFields.forEach((name, k) => {
      if (prev === null || t.keyValues[k] !== prev[k]) config.push(`${name}: ${t.keyValues[k]}`);
    });
    prev = t.keyValues;
    const head = config.length > 0 ? '```\n' + config.join('\n') + '\n```\n\n' : '';
    parts.push(head + renderTable(t));
  }
  return parts.join('\n');
}
