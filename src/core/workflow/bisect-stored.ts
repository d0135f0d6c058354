// Stored bisects as they stand (store/bisects.ts holds the rows): one that a gone lab process
// left `running` reads as `interrupted`, and is written so at the next lab start.
import type { BisectReport } from '../../shared/bisect-types.js';
import { fail } from '../../shared/errors.js';
import { isSameProcessAlive } from '../proc/process-identity.js';
import type { OpenedDb } from '../store/open-db.js';
import { getBisect, listBisectRows, runningBisectRows, saveBisect, type BisectRow } from '../store/bisects.js';
import { reproduceCommands } from './bisect-text.js';

/**
 * A stored report as it stands: one left running by a lab process that is gone is
 * `interrupted` (its measuring step too); the runs of its steps are stored.
 */
export function asSeen(row: BisectRow): BisectReport {
  const r = row.report;
  if (r.status !== 'running' || (row.ownerPid !== null && isSameProcessAlive(row.ownerPid, row.ownerStart))) return r;
  const message = `the lab process (pid ${row.ownerPid ?? '?'}) ended while the bisect was running; the runs of its steps are stored`;
  return {
    ...r,
    status: 'interrupted',
    message,
    steps: r.steps.map((st) => (st.state === 'measuring' ? { ...st, state: 'undecided', note: 'interrupted' } : st)),
    reproduce: reproduceCommands(r),
  };
}

/** A stored bisect as it stands, with its row (owner); a typed error when there is none. */
export function storedBisect(db: OpenedDb['db'], id: number): { readonly report: BisectReport; readonly row: BisectRow } {
  const row = getBisect(db, id);
  if (!row) fail('InvalidInput', { field: 'id', value: String(id) }, 'no bisect of that id');
  return { report: asSeen(row), row };
}

/** The newest `limit` stored bisects as they stand. */
export function storedBisects(db: OpenedDb['db'], limit: number): BisectReport[] {
  return listBisectRows(db, limit).map(asSeen);
}

/** Bisects left running by a lab process that no longer exists, stored as interrupted; their ids. */
export function recoverInterruptedBisects(store: OpenedDb): number[] {
  if (store.readOnlyReason) return [];
  const ids: number[] = [];
  for (const row of runningBisectRows(store.db)) {
    const seen = asSeen(row);
    if (seen.status !== 'interrupted') continue;
    saveBisect(store.db, seen);
    ids.push(seen.id);
  }
  return ids;
}
