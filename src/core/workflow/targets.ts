// How far each benchmark is from its target, with its interval, at one step of an
// investigation. A `max` target (an absolute limit in the tidied unit) is met when the whole
// confidence interval of the center is at or below it, unmet when the whole interval is above,
// undecided otherwise. An `improvePct` target (be P% better than the base) is met when the
// row's verdict (src/core/stats/verdict.ts) is a decided improvement and the whole delta
// interval is at least P% better (an exact row: its ratio), unmet when the whole interval
// falls short or the row is decided slower, undecided otherwise. A baseline has no change
// yet: unmet. Steps compare at the run's own alpha, so a step and `compare` of its run agree.
// A `min` target (throughput: B/s, custom higher-is-better units) mirrors `max`. Limits may be
// 0 (`allocs/op<=0`): a cell whose samples are all equal (an exact unit) is judged by its
// value, an interval is not needed. An undecided target carries the count that would likely
// decide it (the verdict's; the 6 samples an order-statistic interval needs; or, for a decided
// improvement whose interval still straddles the goal, the n at which it would clear it).
import { RE2JS } from 're2js';
import type { Comparison } from '../../shared/compare-types.js';
import type { TargetStatus } from '../../shared/workflow-types.js';
import { formatGoFloat, scaleValue, unitClass } from '../benchunit/index.js';
import type { TargetSpec } from '../store/investigations.js';

/** Samples an order-statistic interval of the median needs at 95% (fewer: unbounded). */
const MIN_INTERVAL_N = 6;
/** Above this many samples per side a count is not suggested (as the verdict's countNeeded). */
const MAX_TARGET_COUNT = 1000;

export function targetText(t: TargetSpec): string {
  const parts: string[] = [];
  if (t.max !== undefined) parts.push(`<= ${t.max === 0 ? '0' : scaleValue(t.max, unitClass(t.unit))} ${t.unit}`);
  if (t.min !== undefined) parts.push(`>= ${t.min === 0 ? '0' : scaleValue(t.min, unitClass(t.unit))} ${t.unit}`);
  if (t.improvePct !== undefined) parts.push(`${formatGoFloat(t.improvePct, 1)}% better than base`);
  return parts.join(' and ') || 'no target';
}

/** Target states for a comparison whose last column is the step's head (one column: a baseline). */
export function evaluateTargets(targets: readonly TargetSpec[], c: Comparison | null): TargetStatus[] {
  const out: TargetStatus[] = [];
  for (const t of targets) {
    const re = RE2JS.compile(t.name);
    const tables = c?.tables.filter((x) => x.unit === t.unit) ?? [];
    const rows = tables.flatMap((tb) =>
      tb.rows.filter((r) => re.matcher(r.name).find() || re.matcher(`Benchmark${r.name}`).find()).map((r) => ({ tb, r })),
    );
    if (rows.length === 0) {
      out.push({
        name: t.name,
        unit: t.unit,
        target: targetText(t),
        current: null,
        lo: null,
        hi: null,
        distancePct: null,
        state: 'undecided',
        verdict: null,
        countNeeded: null,
      });
      continue;
    }
    for (const { tb, r } of rows) {
      const head = tb.columns.length - 1;
      const cell = r.cells[head];
      const delta = head > 0 ? r.deltas[head] : null;
      const states: TargetStatus['state'][] = [];
      let distance: number | null = null;
      let verdict: TargetStatus['verdict'] = delta?.verdict ?? null;
      let needed: number | null = null;
      const constant = cell !== null && cell !== undefined && cell.samples.length >= 2 && cell.samples.every((v) => v === cell.samples[0]);
      const limit = (bound: number, upper: boolean) => {
        if (!cell) return;
        const hiOk = (v: number | null) => v !== null && (upper ? v <= bound : v >= bound);
        const loBad = (v: number | null) => v !== null && (upper ? v > bound : v < bound);
        const st = constant
          ? hiOk(cell.center)
            ? 'met'
            : 'unmet'
          : hiOk(upper ? cell.hi : cell.lo)
            ? 'met'
            : loBad(upper ? cell.lo : cell.hi)
              ? 'unmet'
              : 'undecided';
        states.push(st);
        if (st === 'undecided' && (cell.lo === null || cell.hi === null)) needed = Math.max(needed ?? 0, MIN_INTERVAL_N);
        // negative: on the target's side of the limit, as for the other kinds (a lower limit's sign flips)
        distance = bound === 0 ? (cell.center === 0 ? 0 : null) : ((upper ? cell.center - bound : bound - cell.center) / bound) * 100;
      };
      if (t.max !== undefined) limit(t.max, true);
      if (t.min !== undefined) limit(t.min, false);
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
          const st = v === 'faster' && metAll ? 'met' : unmetAll || v === 'slower' ? 'unmet' : 'undecided';
          states.push(st);
          verdict = delta.verdict;
          // A decided improvement whose estimate is past the goal but whose interval still
          // reaches back across it: the interval narrows about as 1/sqrt(n), so it clears the goal
          // at about n * (reach / margin)^2 samples (a planning figure, as the verdict's are).
          const est = delta.estimate ?? delta.ratio;
          if (st === 'undecided' && v === 'faster' && est !== null && lo !== null && hi !== null) {
            const margin = better ? goal - est : est - goal;
            const reach = better ? hi - est : est - lo;
            const n = Math.max(delta.n1, delta.n2);
            if (margin > 0 && reach > margin) {
              const count = Math.ceil(n * (reach / margin) ** 2);
              if (count <= MAX_TARGET_COUNT) needed = Math.max(needed ?? 0, count, n + 1);
            }
          }
          if (delta.ratio !== null) distance = distance ?? (better ? (delta.ratio - goal) * 100 : (goal - delta.ratio) * 100);
        }
      }
      const state = states.includes('unmet') ? 'unmet' : states.length && states.every((s) => s === 'met') ? 'met' : 'undecided';
      if (state === 'undecided' && t.improvePct !== undefined && verdict?.countNeeded) needed = Math.max(needed ?? 0, verdict.countNeeded);
      out.push({
        name: r.name,
        unit: t.unit,
        target: targetText(t),
        current: cell?.center ?? null,
        lo: cell?.lo ?? null,
        hi: cell?.hi ?? null,
        distancePct: distance === null ? null : Math.round(distance * 100) / 100,
        state,
        verdict,
        countNeeded: state === 'undecided' ? needed : null,
      });
    }
  }
  return out;
}
