// The gate: does the head of a comparison regress beyond its budget, and can the data tell?
// Each checked row gets its verdict (src/core/stats/verdict.ts) with the budget as the
// tolerance. A row regresses when it is decided `slower` and its point estimate (the ratio of
// centers benchstat prints) is beyond the budget; with strict, only when the near end of the
// delta interval is beyond it too (else the row is undecided). Exact rows (deterministic
// integer metrics) decide by themselves, and a change from 0 (0 -> 1 allocs/op) is beyond
// every percentage budget. An undecided row is never within budget. Absolute limits compare
// the head's center (strict: its interval, undecided while the interval straddles the limit
// or is unbounded). Budgets come from the base ref's perflab.json, the API, and
// --max-regression. Outcome: failed (a regression; wins), undecided (some row undecided,
// unless allowed), nothing checked (no budget applies to any row: a gate that checked nothing
// has not passed), passed.
import type { Comparison, CompareRow, CompareTable, CompareVerdict } from '../../shared/compare-types.js';
import type { GateReport, GateRow } from '../../shared/workflow-types.js';
import { formatGoFloat } from '../benchunit/index.js';
import { DEFAULT_TOLERANCE_PCT, samplesForFiniteMedianCi, verdictOf } from '../stats/index.js';
import type { CompiledBudget } from './budgets.js';

export interface GateOptions {
  readonly runId: number;
  readonly budgets: readonly CompiledBudget[];
  /** Maximum regression in percent for every row with a known direction. */
  readonly maxRegression?: number;
  readonly strict: boolean;
  /** Undecided rows do not fail the gate (they are still listed). */
  readonly allowUndecided?: boolean;
  readonly baseLabel: string;
  readonly headLabel: string;
  /** Lines printed after the header (e.g. an environment-mismatch warning). */
  readonly warnings?: readonly string[];
}

function worsePct(t: CompareTable, ratio: number): number | null {
  if (t.better === 'unknown') return null;
  return (t.better === 'lower' ? ratio - 1 : 1 - ratio) * 100;
}

const fmtPct = (v: number) => `${v >= 0 ? '+' : '-'}${formatGoFloat(Math.abs(v), 2)}%`;

/** The row's verdict judged with the budget as the tolerance. */
export function rowVerdict(c: Comparison, t: CompareTable, row: CompareRow, head: number, tolerancePct: number): CompareVerdict | null {
  const d = row.deltas[head];
  const a = row.cells[0];
  const b = row.cells[head];
  if (!d || !a || !b) return null;
  return verdictOf({
    a: a.samples,
    b: b.samples,
    unit: t.unit,
    better: t.better,
    assumeExact: t.assumeExact,
    p: d.p === null ? null : c.holm && d.holmP !== null ? d.holmP : d.p,
    alpha: d.verdict.alpha,
    ciLo: d.ciLo,
    ciHi: d.ciHi,
    estimate: d.estimate,
    ratio: d.ratio,
    centers: [a.center, b.center],
    tolerancePct,
  });
}

function headlineOf(failed: number, undecided: number, total: number, allow: boolean): string {
  if (total === 0) return 'nothing checked';
  if (failed) return `${failed} of ${total} checked rows regress beyond their budget${undecided ? `; ${undecided} undecided` : ''}`;
  if (undecided && !allow) return `${undecided} of ${total} checked rows undecided: no regression shown, none ruled out`;
  if (undecided)
    return `${total - undecided} of ${total} checked rows within budget; ${undecided} undecided (allowed by --allow-undecided)`;
  return `all ${total} checked rows within budget`;
}

export function evaluateGate(c: Comparison, o: GateOptions): GateReport {
  const rows: GateRow[] = [];
  const finiteAt = samplesForFiniteMedianCi(c.confidence);
  for (const t of c.tables) {
    const head = t.columns.length - 1;
    if (head < 1) continue;
    for (const row of t.rows) {
      const d = row.deltas[head];
      const cell = row.cells[head];
      const matching = o.budgets.filter((b) => b.re.matcher(row.name).find());
      const limits: { pct: number; source: string }[] = [];
      if (o.maxRegression !== undefined && t.better !== 'unknown')
        limits.push({ pct: o.maxRegression, source: `--max-regression ${o.maxRegression}%` });
      for (const b of matching) {
        const l = b.maxRegression.get(t.unit);
        if (l !== undefined) limits.push({ pct: l, source: `budget ${JSON.stringify(b.bench)}` });
      }
      const absolute = matching.flatMap((b) => {
        const max = b.max.get(t.unit);
        return max === undefined ? [] : [{ max, bench: b.bench }];
      });
      if (!limits.length && !absolute.length) continue;
      const reasons: string[] = [];
      const undecided: string[] = [];
      const notes: string[] = [];
      const limit = limits.length ? Math.min(...limits.map((l) => l.pct)) : null;
      const verdict = rowVerdict(c, t, row, head, limit ?? DEFAULT_TOLERANCE_PCT);
      if (limit !== null) {
        const src = limits.find((l) => l.pct === limit)!.source;
        const budget = `${formatGoFloat(limit, 1)}% (${src})`;
        if (!d || !verdict) undecided.push(`no baseline to compare with`);
        else if (verdict.state === 'undecided') undecided.push(verdict.text.replace(/^undecided: /, ''));
        else if (verdict.state === 'slower') {
          const point = d.ratio === null ? Infinity : (worsePct(t, d.ratio) ?? 0);
          const nearRatio = t.better === 'lower' ? d.ciLo : d.ciHi;
          const near = verdict.exact ? point : nearRatio === null ? null : worsePct(t, nearRatio);
          const what = verdict.exact
            ? `${row.cells[0]!.center} -> ${cell!.center} ${t.unit} in every sample (exact)${d.ratio === null ? ', a change from 0' : ''}`
            : `${d.text} (${d.nText})`;
          if (point > limit && (!o.strict || verdict.exact || (near !== null && near > limit))) {
            reasons.push(
              `${what} regresses beyond ${budget}${o.strict && !verdict.exact ? `; the interval's near end is ${near === null ? '?' : fmtPct(near)}` : ''}`,
            );
          } else if (point > limit) {
            undecided.push(
              `${d.text} beyond ${budget} but the interval reaches inside the budget (near end ${near === null ? '?' : fmtPct(near)}, ${d.nText})`,
            );
          } else notes.push(`${what} slower, within ${budget}`);
        } else notes.push(verdict.text);
      }
      if (cell) {
        for (const { max, bench } of absolute) {
          const shown = `${cell.text.split(' ±')[0].trim()} ${t.unit}`;
          const src = `budget ${JSON.stringify(bench)}`;
          if (!o.strict) {
            if (cell.center > max) reasons.push(`${shown} is above the limit ${max} ${t.unit} (${src})`);
          } else if (cell.lo !== null && cell.lo > max)
            reasons.push(`${shown} (interval low end) is above the limit ${max} ${t.unit} (${src})`);
          else if (cell.hi === null || cell.lo === null)
            undecided.push(
              `the interval of ${shown} is unbounded at n=${cell.n} (strict needs it against the limit ${max} ${t.unit}); measure with --count ${finiteAt.n}`,
            );
          else if (cell.hi > max) undecided.push(`the interval of ${shown} straddles the limit ${max} ${t.unit} (${src})`);
        }
      }
      const state: GateRow['state'] = reasons.length ? 'regression' : undecided.length ? 'undecided' : 'within budget';
      rows.push({
        name: row.name,
        unit: t.unit,
        delta: d?.text ?? '',
        state,
        failed: state === 'regression',
        verdict,
        reason:
          state === 'regression' ? reasons.join('; ') : state === 'undecided' ? undecided.join('; ') : notes.join('; ') || 'within budget',
        countNeeded: state === 'undecided' ? (verdict?.countNeeded ?? null) : null,
      });
    }
  }
  const failed = rows.filter((r) => r.state === 'regression');
  const open = rows.filter((r) => r.state === 'undecided');
  const allow = o.allowUndecided === true;
  const status: GateReport['status'] = failed.length
    ? 'failed'
    : open.length && !allow
      ? 'undecided'
      : rows.length === 0
        ? 'nothing checked'
        : 'passed';
  const lines = [
    `gate: ${o.headLabel} vs ${o.baseLabel} (run ${o.runId})${o.strict ? ', strict' : ''}: ${headlineOf(failed.length, open.length, rows.length, allow)}`,
  ];
  for (const w of o.warnings ?? []) lines.push(`warning: ${w}`);
  for (const r of failed) lines.push(`FAIL ${r.name} ${r.unit}: ${r.reason}`);
  for (const r of open) lines.push(`UNDECIDED ${r.name} ${r.unit}: ${r.reason}`);
  if (rows.length === 0)
    lines.push('no budget applies to any row, so nothing was checked (exit 2): set budgets in perflab.json or pass --max-regression PCT');
  const counts = open.map((r) => r.countNeeded).filter((n): n is number => n !== null);
  if (status === 'undecided')
    lines.push(
      `undecided rows fail the gate (exit 4)${counts.length ? `; rerun with --count ${Math.max(...counts)}` : ''}, or pass --allow-undecided`,
    );
  return { runId: o.runId, passed: status === 'passed', status, undecided: open.length, rows, text: `${lines.join('\n')}\n` };
}
