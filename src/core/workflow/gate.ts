// The gate: does the head of a comparison regress beyond its budget? A row fails when its
// change is significant and its point estimate (the ratio of centers benchstat prints) is
// beyond the budget; with strict, only when the near end of the delta interval is beyond it
// too. Absolute limits compare the head's center (strict: its interval's lower end). Budgets
// come from the base ref's perflab.json, the API, and --max-regression.
import type { Comparison, CompareTable } from '../../shared/compare-types.js';
import type { GateReport, GateRow } from '../../shared/workflow-types.js';
import { formatGoFloat } from '../benchunit/index.js';
import type { CompiledBudget } from './budgets.js';

export interface GateOptions {
  readonly runId: number;
  readonly budgets: readonly CompiledBudget[];
  /** Maximum regression in percent for every row with a known direction. */
  readonly maxRegression?: number;
  readonly strict: boolean;
  readonly baseLabel: string;
  readonly headLabel: string;
}

function worsePct(t: CompareTable, ratio: number): number | null {
  if (t.better === 'unknown') return null;
  return (t.better === 'lower' ? ratio - 1 : 1 - ratio) * 100;
}

const fmtPct = (v: number) => `${v >= 0 ? '+' : '-'}${formatGoFloat(Math.abs(v), 2)}%`;

export function evaluateGate(c: Comparison, o: GateOptions): GateReport {
  const rows: GateRow[] = [];
  for (const t of c.tables) {
    const head = t.columns.length - 1;
    if (head < 1) continue;
    for (const row of t.rows) {
      const d = row.deltas[head];
      const cell = row.cells[head];
      const matching = o.budgets.filter((b) => b.re.matcher(row.name).find());
      const limits: { pct: number; source: string }[] = [];
      if (o.maxRegression !== undefined && t.better !== 'unknown') limits.push({ pct: o.maxRegression, source: `--max-regression ${o.maxRegression}%` });
      for (const b of matching) {
        const l = b.maxRegression.get(t.unit);
        if (l !== undefined) limits.push({ pct: l, source: `budget ${JSON.stringify(b.bench)}` });
      }
      const reasons: string[] = [];
      const notes: string[] = [];
      if (d && d.ratio !== null && limits.length) {
        const point = worsePct(t, d.ratio);
        const nearRatio = t.better === 'lower' ? d.ciLo : d.ciHi;
        const near = nearRatio === null ? null : worsePct(t, nearRatio);
        const limit = Math.min(...limits.map((l) => l.pct));
        const src = limits.find((l) => l.pct === limit)!.source;
        const beyond = point !== null && point > limit && (!o.strict || (near !== null && near > limit));
        if (d.significant && beyond) reasons.push(`${d.text} (${d.nText}) regresses beyond ${formatGoFloat(limit, 1)}% (${src})${o.strict ? `; the interval's near end is ${near === null ? '?' : fmtPct(near)}` : ''}`);
        else if (point !== null && point > limit) notes.push(`${d.text} beyond ${formatGoFloat(limit, 1)}% but ${d.significant ? 'the interval reaches inside the budget' : 'not significant'} (${d.nText})`);
      }
      if (cell) {
        for (const b of matching) {
          const max = b.max.get(t.unit);
          if (max === undefined) continue;
          const v = o.strict ? cell.lo : cell.center;
          if (v !== null && v > max) reasons.push(`${cell.text.split(' ±')[0].trim()} ${t.unit} ${o.strict ? '(interval low end) ' : ''}is above the limit ${max} ${t.unit} (budget ${JSON.stringify(b.bench)})`);
        }
      }
      if (reasons.length || limits.length || matching.length) {
        rows.push({ name: row.name, unit: t.unit, delta: d?.text ?? '', reason: reasons.join('; ') || notes.join('; ') || 'within budget', failed: reasons.length > 0 });
      }
    }
  }
  const failed = rows.filter((r) => r.failed);
  const lines = [`gate: ${o.headLabel} vs ${o.baseLabel} (run ${o.runId})${o.strict ? ', strict' : ''}: ${failed.length ? `${failed.length} of ${rows.length} checked rows regress beyond their budget` : `all ${rows.length} checked rows within budget`}`];
  for (const r of failed) lines.push(`FAIL ${r.name} ${r.unit}: ${r.reason}`);
  if (rows.length === 0) lines.push('no budget applies: set budgets in perflab.json or pass --max-regression PCT');
  return { runId: o.runId, passed: failed.length === 0, rows, text: `${lines.join('\n')}\n` };
}
