// The investigations table family: an investigation (title, repository, base ref, benchmarks,
// targets) and its steps, each a run in order (the baseline, then verify runs).
import type { Db } from './open-db.js';

export interface TargetSpec {
  readonly name: string;
  readonly unit: string;
  readonly max?: number;
  readonly min?: number;
  readonly improvePct?: number;
}
export interface InvestigationSettings {
  readonly count: number;
  readonly profile: readonly string[];
  readonly benchtime: readonly string[];
  /** Added by issue 18 (absent in older rows). */
  readonly packages?: readonly string[];
  readonly tests?: 'on' | 'race' | 'off';
  readonly maxAttempts?: number | null;
}

export interface InvestigationRow {
  readonly id: number;
  readonly repoId: number;
  readonly title: string;
  readonly base: string;
  readonly baseSha: string;
  readonly bench: string;
  readonly targets: readonly TargetSpec[];
  readonly settings: InvestigationSettings;
  readonly status: 'open' | 'committed';
  readonly createdAt: string;
}
export interface StepRow {
  readonly id: number;
  readonly runId: number | null;
  readonly kind: 'baseline' | 'verify';
  readonly ref: string;
  readonly createdAt: string;
  readonly snapshot: string | null;
  readonly patchSha: string | null;
  readonly findingsRunId: number | null;
}
export interface NewStep {
  readonly snapshot?: string | null;
  readonly patchSha?: string | null;
  readonly findingsRunId?: number | null;
}

interface RawInv {
  id: number;
  repo_id: number;
  title: string;
  base: string;
  base_sha: string;
  bench: string;
  targets: string;
  settings: string;
  status: 'open' | 'committed';
  created_at: string;
}

const toRow = (r: RawInv): InvestigationRow => ({
  id: r.id,
  repoId: r.repo_id,
  title: r.title,
  base: r.base,
  baseSha: r.base_sha,
  bench: r.bench,
  targets: JSON.parse(r.targets) as TargetSpec[],
  settings: JSON.parse(r.settings) as InvestigationSettings,
  status: r.status,
  createdAt: r.created_at,
});

export function createInvestigation(db: Db, i: Omit<InvestigationRow, 'id' | 'status' | 'createdAt'>): number {
  return Number(
    db
      .prepare(
        'INSERT INTO investigations (repo_id, title, base, base_sha, bench, targets, settings, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(i.repoId, i.title, i.base, i.baseSha, i.bench, JSON.stringify(i.targets), JSON.stringify(i.settings), new Date().toISOString())
      .lastInsertRowid,
  );
}

export function getInvestigation(db: Db, id: number): InvestigationRow | null {
  const r = db.prepare('SELECT * FROM investigations WHERE id = ?').get(id) as RawInv | undefined;
  return r ? toRow(r) : null;
}

export function listInvestigations(db: Db, repoId?: number): InvestigationRow[] {
  const rows = (
    repoId !== undefined
      ? db.prepare('SELECT * FROM investigations WHERE repo_id = ? ORDER BY id DESC').all(repoId)
      : db.prepare('SELECT * FROM investigations ORDER BY id DESC').all()
  ) as RawInv[];
  return rows.map(toRow);
}

export function addStep(
  db: Db,
  investigationId: number,
  runId: number,
  kind: 'baseline' | 'verify',
  ref: string,
  extra: NewStep = {},
): number {
  return Number(
    db
      .prepare(
        'INSERT INTO investigation_steps (investigation_id, run_id, kind, ref, created_at, snapshot, patch_sha, findings) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        investigationId,
        runId,
        kind,
        ref,
        new Date().toISOString(),
        extra.snapshot ?? null,
        extra.patchSha ?? null,
        extra.findingsRunId ? JSON.stringify({ runId: extra.findingsRunId }) : null,
      ).lastInsertRowid,
  );
}

export function getSteps(db: Db, investigationId: number): StepRow[] {
  return (
    db
      .prepare(
        'SELECT id, run_id, kind, ref, created_at, snapshot, patch_sha, findings FROM investigation_steps WHERE investigation_id = ? ORDER BY id',
      )
      .all(investigationId) as {
      id: number;
      run_id: number | null;
      kind: 'baseline' | 'verify';
      ref: string;
      created_at: string;
      snapshot: string | null;
      patch_sha: string | null;
      findings: string | null;
    }[]
  ).map((s) => ({
    id: s.id,
    runId: s.run_id,
    kind: s.kind,
    ref: s.ref,
    createdAt: s.created_at,
    snapshot: s.snapshot,
    patchSha: s.patch_sha,
    findingsRunId: s.findings ? ((JSON.parse(s.findings) as { runId?: number }).runId ?? null) : null,
  }));
}

export function addNote(db: Db, investigationId: number, stepId: number | null, text: string): void {
  db.prepare('INSERT INTO investigation_notes (investigation_id, step_id, text, created_at) VALUES (?, ?, ?, ?)').run(
    investigationId,
    stepId,
    text,
    new Date().toISOString(),
  );
}

export function getNotes(db: Db, investigationId: number): { stepId: number | null; text: string; createdAt: string }[] {
  return (
    db.prepare('SELECT step_id, text, created_at FROM investigation_notes WHERE investigation_id = ? ORDER BY id').all(investigationId) as {
      step_id: number | null;
      text: string;
      created_at: string;
    }[]
  ).map((n) => ({ stepId: n.step_id, text: n.text, createdAt: n.created_at }));
}

export function setInvestigationStatus(db: Db, id: number, status: 'open' | 'committed'): void {
  db.prepare('UPDATE investigations SET status = ? WHERE id = ?').run(status, id);
}
