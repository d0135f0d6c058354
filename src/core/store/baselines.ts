// Named baselines: a run's column that `perflab gate RUN --baseline NAME` compares against
// (e.g. `release-1.4`, the column measured on the release commit). A name points at one run
// and column; setting it again moves it. Deleting the run deletes the baseline.
import type { Db } from './open-db.js';

export interface BaselineRow {
  readonly name: string;
  readonly runId: number;
  readonly runRefId: number;
  readonly createdAt: string;
}

export function setBaseline(db: Db, name: string, runId: number, runRefId: number): BaselineRow {
  const createdAt = new Date().toISOString();
  db.prepare(
    `INSERT INTO baselines (name, run_id, run_ref_id, created_at) VALUES (?, ?, ?, ?)
    ON CONFLICT(name) DO UPDATE SET run_id = excluded.run_id, run_ref_id = excluded.run_ref_id, created_at = excluded.created_at`,
  ).run(name, runId, runRefId, createdAt);
  return { name, runId, runRefId, createdAt };
}

export function getBaseline(db: Db, name: string): BaselineRow | null {
  const r = db.prepare('SELECT name, run_id, run_ref_id, created_at FROM baselines WHERE name = ?').get(name) as
    | { name: string; run_id: number; run_ref_id: number; created_at: string }
    | undefined;
  return r ? { name: r.name, runId: r.run_id, runRefId: r.run_ref_id, createdAt: r.created_at } : null;
}

export function listBaselines(db: Db): BaselineRow[] {
  return (
    db.prepare('SELECT name, run_id, run_ref_id, created_at FROM baselines ORDER BY name').all() as {
      name: string;
      run_id: number;
      run_ref_id: number;
      created_at: string;
    }[]
  ).map((r) => ({ name: r.name, runId: r.run_id, runRefId: r.run_ref_id, createdAt: r.created_at }));
}
