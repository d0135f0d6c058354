// The test_results table: the outcome of the tests a run ran at one of its columns (a verify
// step of an investigation runs them at the snapshot it measured).
import type { Db } from './open-db.js';

export interface TestResultRow {
  readonly runId: number;
  readonly runRefId: number | null;
  readonly packages: readonly string[];
  readonly race: boolean;
  readonly passed: boolean;
  readonly failed: readonly string[];
  readonly summary: string;
  readonly seconds: number;
}

interface Raw {
  run_id: number;
  run_ref_id: number | null;
  packages: string;
  race: number;
  passed: number;
  failed: string;
  summary: string;
  seconds: number;
}

export function addTestResult(db: Db, r: TestResultRow): void {
  db.prepare(
    'INSERT INTO test_results (run_id, run_ref_id, packages, race, passed, failed, summary, seconds) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(r.runId, r.runRefId, JSON.stringify(r.packages), r.race ? 1 : 0, r.passed ? 1 : 0, JSON.stringify(r.failed), r.summary, r.seconds);
}

/** The tests of a run (its last recorded outcome), or null when it ran none. */
export function getTestResult(db: Db, runId: number): TestResultRow | null {
  const r = db.prepare('SELECT * FROM test_results WHERE run_id = ? ORDER BY id DESC LIMIT 1').get(runId) as Raw | undefined;
  if (!r) return null;
  return {
    runId: r.run_id,
    runRefId: r.run_ref_id,
    packages: JSON.parse(r.packages) as string[],
    race: r.race === 1,
    passed: r.passed === 1,
    failed: JSON.parse(r.failed) as string[],
    summary: r.summary,
    seconds: r.seconds,
  };
}
