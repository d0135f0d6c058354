// The Run view's picture of a run's stored results (shared/api.ts RunSnapshot): which cells
// (ref x package x top-level benchmark x round) have a result, and the sec/op values per
// benchmark and ref in the order the view folds them from live events (by round, then as
// stored). Sent instead of the results themselves: a 100,000-result run was a 21 MB answer the
// view read only to draw these. The work per result is two lookups by the result's key (each
// key resolved once to its cell group and its values), not strings per result.
import type { RunSnapshot } from '../../shared/api.js';
import { topLevelBenchmark } from '../../shared/go-names.js';
import type { Db } from '../store/open-db.js';
import { forEachResultTime } from '../store/results.js';

type Cell = readonly [string, string, string, number];

interface KeySlot {
  /** Rounds seen of the key's cell group (ref, package, top-level benchmark), shared by its sub-benchmarks. */
  readonly rounds: Map<number, true>;
  readonly group: readonly [string, string, string];
  /** The key's sec/op values (its benchmark's, at its ref); made on the first value. */
  values: number[] | null;
  readonly series: { readonly byRef: Map<string, number[]> };
  readonly ref: string;
}

export function runSnapshot(db: Db, runId: number, refLabels: ReadonlyMap<number, string>): RunSnapshot {
  const cells: Cell[] = [];
  const groups = new Map<string, KeySlot['rounds']>();
  const series = new Map<string, { readonly pkg: string; readonly name: string; readonly byRef: Map<string, number[]> }>();
  const slots = new Map<object, KeySlot>();
  const slotOf = (k: { refId: number; pkg: string; name: string }): KeySlot => {
    const ref = refLabels.get(k.refId) ?? '';
    const bench = topLevelBenchmark(k.name);
    const g = `${ref}\u0000${k.pkg}\u0000${bench}`;
    let rounds = groups.get(g);
    if (!rounds) groups.set(g, (rounds = new Map()));
    const sk = `${k.pkg}\u0000${k.name}`;
    let s = series.get(sk);
    if (!s) series.set(sk, (s = { pkg: k.pkg, name: k.name, byRef: new Map() }));
    return { rounds, group: [ref, k.pkg, bench], values: null, series: s, ref };
  };
  const results = forEachResultTime(db, runId, (k, round, secPerOp) => {
    let slot = slots.get(k);
    if (!slot) slots.set(k, (slot = slotOf(k)));
    if (!slot.rounds.has(round)) {
      slot.rounds.set(round, true);
      cells.push([...slot.group, round]);
    }
    if (secPerOp === undefined) return;
    if (slot.values === null) {
      // Two keys of one benchmark and ref (another cpu or benchtime) share one list, as the view's.
      const had = slot.series.byRef.get(slot.ref);
      slot.values = had ?? [];
      if (!had) slot.series.byRef.set(slot.ref, slot.values);
    }
    slot.values.push(secPerOp);
  });
  return {
    runId,
    results,
    cells,
    series: [...series.values()].filter((s) => s.byRef.size > 0).map((s) => [s.pkg, s.name, [...s.byRef]] as const),
  };
}
