// What Perflab adds to benchstat's cells, computed for every comparison (JSON and the UI show
// them; text shows them only when asked, so default output stays byte-identical): the
// Hodges-Lehmann delta interval that inverts the same U test (so it excludes 0 exactly when the
// row is significant), the direction (better/worse by the unit's `better`), Holm-adjusted p
// across the rows of a column (and, with --holm, the verdict by that p), and a sample-size hint
// for `~` rows.
import { formatGoFloat, formatGoFloatSigned } from '../benchunit/index.js';
import { hodgesLehmannRatio, holm, samplesHint } from '../stats/index.js';
import type { CellComparison, ComparisonResult, ResultTable, TableCell } from './model.js';

function direction(significant: boolean, ratio: number | null, better: -1 | 0 | 1): CellComparison['direction'] {
  if (!significant) return 'same';
  if (better === 0 || ratio === null || Number.isNaN(ratio)) return 'unknown';
  if (ratio === 1) return 'same';
  return (ratio > 1) === (better > 0) ? 'better' : 'worse';
}

function safeInterval(a: readonly number[], b: readonly number[], alpha: number): CellComparison['interval'] {
  if (!(alpha > 0 && alpha < 1)) return null;
  for (const v of a) if (!(v > 0 && v < Infinity)) return null;
  for (const v of b) if (!(v > 0 && v < Infinity)) return null;
  return hodgesLehmannRatio(a, b, 1 - alpha, alpha);
}

function safeHint(a: readonly number[], b: readonly number[], alpha: number): CellComparison['hint'] {
  for (const v of [...a, ...b]) if (Number.isNaN(v)) return null;
  return samplesHint(a, b, alpha);
}

function withExtras(table: ResultTable, useHolm: boolean): ResultTable {
  const cells = table.cells.map((row) => row.slice());
  for (let j = 1; j < table.cols.length; j++) {
    // Holm across the tested rows of this column.
    const tested: number[] = [];
    for (let i = 0; i < cells.length; i++) {
      const c = cells[i][j]?.comparison;
      if (c && !table.assumeExact) tested.push(i);
    }
    const adjusted = holm(tested.map((i) => Math.max(0, cells[i][j]!.comparison!.p)));
    const holmOf = new Map(tested.map((i, k) => [i, adjusted[k]]));
    for (let i = 0; i < cells.length; i++) {
      const cell = cells[i][j];
      const base = cells[i][0];
      if (cell === null || base === null || cell.comparison === null) continue;
      const c0 = cell.comparison;
      const holmP = holmOf.get(i) ?? null;
      let c: CellComparison = c0;
      if (useHolm && holmP !== null) {
        const significant = !(holmP > c0.alpha);
        const old = base.summary.center;
        const nu = cell.summary.center;
        const deltaText = !significant ? '~' : old === nu ? '0.00%' : old === 0 ? '?' : formatGoFloatSigned((nu / old - 1) * 100, 2) + '%';
        const ps = holmP !== 0 ? `p=${formatGoFloat(holmP, 3)} ` : '';
        const nText = c0.n1 === c0.n2 ? `${ps}n=${c0.n1}` : `${ps}n=${c0.n1}+${c0.n2}`;
        c = { ...c0, significant, deltaText, nText };
      }
      const interval = table.assumeExact ? null : safeInterval(base.samples, cell.samples, c0.alpha);
      const hint = !table.assumeExact && !c.significant ? safeHint(base.samples, cell.samples, c0.alpha) : null;
      const updated: TableCell = {
        ...cell,
        comparison: { ...c, holmP, interval, hint, direction: direction(c.significant, c.ratio, table.better) },
      };
      cells[i][j] = updated;
    }
  }
  return { ...table, cells };
}

export function addExtras(r: ComparisonResult, useHolm: boolean): ComparisonResult {
  return { ...r, tables: r.tables.map((t) => withExtras(t, useHolm)) };
}
