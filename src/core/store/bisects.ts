// The bisects table: one row per statistical bisect, its report (the JSON every front end
// reads) rewritten at each change by the lab process that runs it (owner_pid, owner_start).
import type { BisectReport } from '../../shared/bisect-types.js';
import type { Db } from './open-db.js';

export interface BisectRow {
  readonly report: BisectReport;
  readonly ownerPid: number | null;
  readonly ownerStart: string | null;
}

interface Raw {
  report: string;
  owner_pid: number | null;
  owner_start: string | null;
}

const fromRaw = (r: Raw): BisectRow => ({ report: JSON.parse(r.report) as BisectReport, ownerPid: r.owner_pid, ownerStart: r.owner_start });

/** Inserts a bisect and returns its id; the report is stored with that id. */
export function insertBisect(db: Db, report: Omit<BisectReport, 'id'>, owner: { pid: number; start: string }): number {
  const id = Number(
    db
      .prepare('INSERT INTO bisects (repo_id, status, report, owner_pid, owner_start, started_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(report.repoId, report.status, '{}', owner.pid, owner.start, report.startedAt).lastInsertRowid,
  );
  saveBisect(db, { ...report, id });
  return id;
}

export function saveBisect(db: Db, report: BisectReport): void {
  db.prepare('UPDATE bisects SET status = ?, report = ?, finished_at = ? WHERE id = ?').run(
    report.status,
    JSON.stringify(report),
    report.finishedAt,
    report.id,
  );
}

export function getBisect(db: Db, id: number): BisectRow | null {
  const r = db.prepare('SELECT report, owner_pid, owner_start FROM bisects WHERE id = ?').get(id) as Raw | undefined;
  return r ? fromRaw(r) : null;
}

/** Newest first, at most `limit`. */
export function listBisectRows(db: Db, limit: number): BisectRow[] {
  return (db.prepare('SELECT report, owner_pid, owner_start FROM bisects ORDER BY id DESC LIMIT ?').all(limit) as Raw[]).map(fromRaw);
}

export function runningBisectRows(db: Db): BisectRow[] {
  return (db.prepare("SELECT report, owner_pid, owner_start FROM bisects WHERE status = 'running'").all() as Raw[]).map(fromRaw);
}
