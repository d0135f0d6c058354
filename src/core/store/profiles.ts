// The profiles table: profile and trace files of a run, content-addressed under profiles/.
// A row is written only after its file is in place, so a row never points at nothing.
import type { ProfileRecord } from '../../shared/models.js';
import type { Db } from './open-db.js';

export interface NewProfile {
  readonly runRefId: number | null;
  readonly pkg: string;
  readonly benchmark: string;
  readonly kind: ProfileRecord['kind'];
  readonly sha256: string;
  readonly size: number;
  /** Iterations the profiling process ran (probe included); null when its benchtime was time-based. */
  readonly iterations?: number | null;
}

export function insertProfile(db: Db, runId: number, p: NewProfile): number {
  return Number(
    db
      .prepare(
        'INSERT INTO profiles (run_id, run_ref_id, pkg, benchmark, kind, sha256, size, iterations, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(runId, p.runRefId, p.pkg, p.benchmark, p.kind, p.sha256, p.size, p.iterations ?? null, new Date().toISOString()).lastInsertRowid,
  );
}

interface ProfileRow {
  id: number;
  run_id: number;
  run_ref_id: number | null;
  pkg: string;
  benchmark: string;
  kind: ProfileRecord['kind'];
  sha256: string;
  size: number;
  iterations: number | null;
  label: string | null;
}

function toRecord(r: ProfileRow, pathOf: (sha: string, kind: string) => string): ProfileRecord {
  return {
    id: r.id,
    runId: r.run_id,
    refLabel: r.label ?? '',
    pkg: r.pkg,
    benchmark: r.benchmark,
    kind: r.kind,
    sha256: r.sha256,
    size: r.size,
    iterations: r.iterations,
    path: pathOf(r.sha256, r.kind),
  };
}

export function listProfiles(db: Db, runId: number, pathOf: (sha: string, kind: string) => string): ProfileRecord[] {
  return (
    db
      .prepare('SELECT p.*, rr.label FROM profiles p LEFT JOIN run_refs rr ON rr.id = p.run_ref_id WHERE p.run_id = ? ORDER BY p.id')
      .all(runId) as ProfileRow[]
  ).map((r) => toRecord(r, pathOf));
}

export function getProfile(db: Db, id: number, pathOf: (sha: string, kind: string) => string): ProfileRecord | null {
  const r = db.prepare('SELECT p.*, rr.label FROM profiles p LEFT JOIN run_refs rr ON rr.id = p.run_ref_id WHERE p.id = ?').get(id) as
    | ProfileRow
    | undefined;
  return r ? toRecord(r, pathOf) : null;
}

/** Every sha256 a row points at (gc keeps these files). */
export function referencedProfileHashes(db: Db): Set<string> {
  return new Set((db.prepare('SELECT DISTINCT sha256 FROM profiles').all() as { sha256: string }[]).map((r) => r.sha256));
}
