// How far each benchmark is from its target, with its interval, at one step of an
// investigation. A `max` target (an absolute limit in the tidied unit) is met when the whole
// confidence interval of the center is at or below it, unmet when the whole interval is above,
// undecided otherwise. An `improvePct` target (be P% better than the base) is met when the
// row's verdict (src/core/stats/verdict.ts) is a decided improvement and the whole delta
// interval is at least P% better (an exact row: its ratio), unmet when the whole interval
// falls short or the row is decided slower, undecided otherwise. A baseline has no change
// yet: unmet. Steps compare at the run's own alpha, so a step and `compare` of its run agree.
import { RE2JS } from 're2js';
import type { Comparison } from '../../shared/compare-types.js';
import type { TargetStatus } from '../../shared/workflow-types.js';
import { formatGoFloat, scaleValue, unitClass } from '../benchunit/index.js';
import type { TargetSpec } from '../store/investigations.js';

export function targetText(t: TargetSpec): string {
  const parts: string[] = [];
  if (t.max !== undefined) parts.push(`<= ${scaleValue(t.max, unitClass(t.unit))} ${t.unit}`);
  if (t.improvePct !== undefined) parts.push(`${formatGoFloat(t.improvePct, 1)}% better than base`);
  return parts.join(' and ') || 'no target';
}

/** Target states for a comparison whose last column is the step's head (one column: a baseline). */
export function evaluateTargets(targets: readonly TargetSpec[], c: Comparison | null): TargetStatus[] {
  const out: TargetStatus[] = [];
  for (const t of targets) {
    const re = RE2JS.compile(t.name);
    const tables = c?.tables.filter((x) => x.unit === t.unit) ?? [];
    const rows = tables.flatMap((tb) => tb.rows.filter((r) => re.matcher(r.name).find() || re.matcher(`Benchmark${r.name}`).find()).map((r) => ({ tb, r })));
    if (rows.length === 0) {
      out.push({ name: t.name, unit: t.unit, target: targetText(t), current: null, lo: null, hi: null, distancePct: null, state: 'undecided', verdict: null });
      continue;
    }
    for (const { tb, r } of rows) {
      const head = tb.columns.length - 1;
      const cell = r.cells[head];
      const delta = head > 0 ? r.deltas[head] : null;
      const states: TargetStatus['state'][] = [];
      let distance: number | null = null;
      let verdict: TargetStatus['verdict'] = delta?.verdict ?? null;
      if (t.max !== undefined && cell) {
        states.push(cell.hi !== null && cell.hi <= t.max ? 'met' : cell.lo !== null && cell.lo > t.max ? 'unmet' : 'undecided');
        distance = ((cell.center - t.max) / t.max) * 100;
      }
      if (t.improvePct !== undefined) {
        const want = 1 - t.improvePct / 100;
        const better = tb.better !== 'higher';
        if (!delta) {
          states.push('unmet');
          distance = distance ?? t.improvePct;
        } else {
          const exact = delta.verdict.exact;
          const lo = exact ? delta.ratio : delta.ciLo;
          const hi = exact ? delta.ratio : delta.ciHi;
          const goal = better ? want : 1 / want;
          const metAll = lo !== null && hi !== null && (better ? hi <= goal : lo >= goal);
          const unmetAll = lo !== null && hi !== null && (better ? lo > goal : hi < goal);
          const v = delta.verdict.state;
          states.push(v === 'faster' && metAll ? 'met' : unmetAll || v === 'slower' ? 'unmet' : 'undecided');
          verdict = delta.verdict;
          if (delta.ratio !== null) distance = distance ?? (better ? (delta.ratio - goal) * 100 : (goal - delta.ratio) * 100);
        }
      }
      const state = states.includes('unmet') ? 'unmet' : states.length && states.every((s) => s === 'met') ? 'met' : 'undecided';
      out.push({
        name: r.name, unit: t.unit, target: targetText(t), current: cell?.center ?? null, lo: cell?.lo ?? null, hi: cell?.hi ?? null,
        distancePct: distance === null ? null : Math.round(distance * 100) / 100, state, verdict,
      });
    }
  }
  return out;
}
