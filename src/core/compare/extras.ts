// What Perflab adds to benchstat's verdicts, per column of a table: Holm-adjusted p across the
// rows (and, with --holm, the verdict by that p), the direction (better/worse by the unit's
// `better`). The delta interval (Hodges-Lehmann, inverting the same U test, so it excludes 0
// exactly when the row is significant) and the sample-size hint for `~` rows come with each
// comparison, lazily, from the statistics cache. Text output shows these only when asked.
import { formatGoFloat, formatGoFloatSigned } from '../benchunit/index.js';
import { holm } from '../stats/index.js';
import type { CellComparison, ResultTable } from './model.js';

function direction(significant: boolean, ratio: number | null, better: -1 | 0 | 1): CellComparison['direction'] {
  if (!significant) return 'same';
  if (better === 0 || ratio === null || Number.isNaN(ratio)) return 'unknown';
  if (ratio === 1) return 'same';
  return ratio > 1 === better > 0 ? 'better' : 'worse';
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Fills in Holm and direction; the comparisons are fresh objects of this comparison (their
 * interval and hint are computed on first read, builder.ts). */
export function withExtras(table: ResultTable, useHolm: boolean): ResultTable {
  const cells = table.cells;
  for (let j = 1; j < table.cols.length; j++) {
    const tested: number[] = [];
    for (let i = 0; i < cells.length; i++) if (cells[i][j]?.comparison && !table.assumeExact) tested.push(i);
    const adjusted = holm(tested.map((i) => Math.max(0, cells[i][j]!.comparison!.p)));
    const holmOf = new Array<number | null>(cells.length).fill(null);
    tested.forEach((i, k) => (holmOf[i] = adjusted[k]));
    for (let i = 0; i < cells.length; i++) {
      const cell = cells[i][j];
      const base = cells[i][0];
      if (cell === null || base === null || cell.comparison === null) continue;
      const c = cell.comparison as Mutable<CellComparison>;
      const holmP = holmOf[i];
      c.holmP = holmP;
      if (useHolm && holmP !== null) {
        const old = base.summary.center;
        const nu = cell.summary.center;
        c.significant = !(holmP > c.alpha);
        c.deltaText = !c.significant ? '~' : old === nu ? '0.00%' : old === 0 ? '?' : formatGoFloatSigned((nu / old - 1) * 100, 2) + '%';
        const ps = holmP !== 0 ? `p=${formatGoFloat(holmP, 3)} ` : '';
        c.nText = c.n1 === c.n2 ? `${ps}n=${c.n1}` : `${ps}n=${c.n1}+${c.n2}`;
      }
      c.direction = direction(c.significant, c.ratio, table.better);
    }
  }
  return table;
}
