// The runs table family: runs, their refs (columns), builds and failed cells. Status moves
// queued -> running -> completed | failed | canceled, or to interrupted when the process that
// owned the run died (found at the next start).
import type {
  BuildRecord,
  CellFailure,
  Environment,
  RunDetail,
  RunRef,
  RunSpec,
  RunStatus,
  RunSummary,
  ScheduleEntry,
  Variant,
} from '../../shared/models.js';
import type { LabError } from '../../shared/errors.js';
import { redactEnvironment, redactSpec, redactVariant } from '../env/redact.js';
import type { Db } from './open-db.js';
import { listProcessUsage } from './process-usage.js';

interface RunRow {
  id: number;
  repo_id: number | null;
  repo_path: string;
  kind: 'measured' | 'imported';
  label: string;
  status: RunStatus;
  status_detail: string;
  spec: string | null;
  environment: string | null;
  notes: string;
  schedule: string;
  owner_pid: number | null;
  owner_start: string | null;
  child_pgid: number | null;
  child_start?: string | null;
  error: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  alpha: number | null;
  /** The run's last result id (null without results), where the query asks for it. */
  last_result?: number | null;
  failed_cells?: number;
}
interface RefRow {
  id: number;
  run_id: number;
  position: number;
  label: string;
  name: string;
  sha: string;
  dirty: number;
  variant: string | null;
  snapshot?: string | null;
}

export interface NewRun {
  readonly repoId: number | null;
  readonly repoPath: string;
  readonly kind: 'measured' | 'imported';
  readonly label: string;
  readonly status: RunStatus;
  readonly spec: RunSpec | null;
  readonly ownerPid?: number;
  readonly ownerStart?: string;
}

export function createRun(db: Db, r: NewRun): number {
  const info = db
    .prepare(
      `
    INSERT INTO runs (id, repo_id, repo_path, kind, label, status, spec, owner_pid, owner_start, created_at)
    VALUES (MAX(COALESCE((SELECT MAX(id) FROM runs), 0), COALESCE((SELECT value FROM id_floor WHERE name = 'runs'), 0)) + 1,
      ?, ?, ?, ?, ?, ?, ?, ?, ?)
  `,
    )
    .run(
      r.repoId,
      r.repoPath,
      r.kind,
      r.label,
      r.status,
      r.spec ? JSON.stringify(redactSpec(r.spec)) : null,
      r.ownerPid ?? null,
      r.ownerStart ?? null,
      new Date().toISOString(),
    );
  return Number(info.lastInsertRowid);
}

export interface NewRunRef {
  readonly label: string;
  readonly name: string;
  readonly sha: string;
  readonly dirty: boolean;
  readonly variant: Variant | null;
  /** A WORKTREE or snapshot column: the tree hash of what was measured (src/core/workflow/snapshots.ts). */
  readonly snapshot?: string | null;
}

export function addRunRefs(db: Db, runId: number, refs: readonly NewRunRef[]): RunRef[] {
  const ins = db.prepare(
    'INSERT INTO run_refs (run_id, position, label, name, sha, dirty, variant, snapshot) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const start = (db.prepare('SELECT COALESCE(MAX(position) + 1, 0) AS p FROM run_refs WHERE run_id = ?').get(runId) as { p: number }).p;
  db.transaction(() => {
    refs.forEach((r, i) =>
      ins.run(
        runId,
        start + i,
        r.label,
        r.name,
        r.sha,
        r.dirty ? 1 : 0,
        r.variant ? JSON.stringify(redactVariant(r.variant)) : null,
        r.snapshot ?? null,
      ),
    );
  })();
  return getRunRefs(db, runId);
}

export function getRunRefs(db: Db, runId: number): RunRef[] {
  return (db.prepare('SELECT * FROM run_refs WHERE run_id = ? ORDER BY position').all(runId) as RefRow[]).map((r) => ({
    id: r.id,
    label: r.label,
    name: r.name,
    sha: r.sha,
    dirty: r.dirty === 1,
    position: r.position,
    variant: r.variant ? redactVariant(JSON.parse(r.variant) as Variant) : null,
    ...(r.snapshot ? { snapshot: r.snapshot } : {}),
  }));
}

export interface RunPatch {
  readonly status?: RunStatus;
  readonly statusDetail?: string;
  readonly environment?: Environment;
  readonly notes?: readonly string[];
  readonly schedule?: readonly ScheduleEntry[];
  readonly startedAt?: string;
  readonly finishedAt?: string;
  readonly childPgid?: number | null;
  /** Start time (clock ticks, /proc/PID/stat field 22) of the process group's leader. */
  readonly childStart?: string | null;
  readonly error?: LabError | null;
  readonly label?: string;
  readonly ownerPid?: number;
  readonly ownerStart?: string;
  /** The run's own significance level (an adaptive run's corrected alpha). */
  readonly alpha?: number;
}

export function updateRun(db: Db, id: number, p: RunPatch): void {
  const sets: string[] = [];
  const vals: unknown[] = [];
  const put = (col: string, v: unknown) => {
    sets.push(`${col} = ?`);
    vals.push(v);
  };
  if (p.status !== undefined) put('status', p.status);
  if (p.statusDetail !== undefined) put('status_detail', p.statusDetail);
  if (p.environment !== undefined) put('environment', JSON.stringify(redactEnvironment(p.environment)));
  if (p.notes !== undefined) put('notes', JSON.stringify(p.notes));
  if (p.schedule !== undefined) put('schedule', JSON.stringify(p.schedule));
  if (p.startedAt !== undefined) put('started_at', p.startedAt);
  if (p.finishedAt !== undefined) put('finished_at', p.finishedAt);
  if (p.childPgid !== undefined) put('child_pgid', p.childPgid);
  if (p.childStart !== undefined) put('child_start', p.childStart);
  if (p.error !== undefined) put('error', p.error ? JSON.stringify(p.error) : null);
  if (p.label !== undefined) put('label', p.label);
  if (p.ownerPid !== undefined) put('owner_pid', p.ownerPid);
  if (p.ownerStart !== undefined) put('owner_start', p.ownerStart);
  if (p.alpha !== undefined) put('alpha', p.alpha);
  if (sets.length === 0) return;
  vals.push(id);
  db.prepare(`UPDATE runs SET ${sets.join(', ')} WHERE id = ?`).run(...vals);
}

// A run's result count is counted once per state of the run: results are only ever added to a
// run (they go with it when it is deleted), so a run with the same creation time and the same
// last result id (an index seek) has the count it had. Counting is a walk of the run's index
// entries (3.5 ms per 100,000 results), and the History view lists up to 500 runs on every
// run event. Kept per database handle, so a run another process adds results to is recounted.
const SUMMARY_SQL = `
  SELECT runs.*,
    (SELECT MAX(results.id) FROM results WHERE results.run_id = runs.id) AS last_result,
    (SELECT COUNT(*) FROM failures WHERE failures.run_id = runs.id AND failures.kind <> 'skip') AS failed_cells
  FROM runs`;

const resultCounts = new WeakMap<Db, Map<number, { readonly stamp: string; readonly count: number }>>();

function resultCount(db: Db, r: RunRow): number {
  if (r.last_result === null || r.last_result === undefined) return 0;
  let kept = resultCounts.get(db);
  if (!kept) resultCounts.set(db, (kept = new Map()));
  const stamp = `${r.created_at} ${r.last_result}`;
  const hit = kept.get(r.id);
  if (hit?.stamp === stamp) return hit.count;
  const count = (db.prepare('SELECT COUNT(*) AS n FROM results WHERE run_id = ?').get(r.id) as { n: number }).n;
  kept.set(r.id, { stamp, count });
  return count;
}

function toSummary(db: Db, r: RunRow, o: { readonly count: boolean } = { count: true }): RunSummary {
  return {
    id: r.id,
    repoId: r.repo_id,
    repoPath: r.repo_path,
    label: r.label,
    status: r.status,
    statusDetail: r.status_detail,
    error: r.error ? (JSON.parse(r.error) as LabError) : null,
    kind: r.kind,
    createdAt: r.created_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    refs: getRunRefs(db, r.id),
    resultCount: o.count ? resultCount(db, r) : 0,
    failedCells: r.failed_cells ?? 0,
    spec: r.spec ? redactSpec(JSON.parse(r.spec) as RunSpec) : null,
    alpha: r.alpha ?? null,
  };
}

export function getRunSummary(db: Db, id: number): RunSummary | null {
  const row = db.prepare(`${SUMMARY_SQL} WHERE runs.id = ?`).get(id) as RunRow | undefined;
  return row ? toSummary(db, row) : null;
}

/** A run's summary without its counts, for comparing it: what a stored comparison depends on
 * is stamped by the id of the run's last result (an index seek; counting 100,000 results took
 * 3-4 ms on every re-projection). Results are only ever appended to a run. */
export type RunHead = Omit<RunSummary, 'resultCount' | 'failedCells'> & {
  readonly lastResultId: number | null;
  /** The run's build tags (`--tags`), '' when none. */
  readonly tags: string;
};

export function getRunHead(db: Db, id: number): RunHead | null {
  const row = db
    .prepare(
      'SELECT runs.*, (SELECT MAX(results.id) FROM results WHERE results.run_id = runs.id) AS last_result FROM runs WHERE runs.id = ?',
    )
    .get(id) as (RunRow & { last_result: number | null }) | undefined;
  if (!row) return null;
  const { resultCount: _c, failedCells: _f, ...head } = toSummary(db, row, { count: false });
  let tags = '';
  try {
    tags = row.spec ? String((JSON.parse(row.spec) as { tags?: unknown }).tags ?? '') : '';
  } catch {
    // A spec that does not parse names no tags.
  }
  return { ...head, lastResultId: row.last_result, tags };
}

export function listRuns(db: Db, o: { repoId?: number; limit: number }): RunSummary[] {
  const rows = (
    o.repoId !== undefined
      ? db.prepare(`${SUMMARY_SQL} WHERE runs.repo_id = ? ORDER BY runs.id DESC LIMIT ?`).all(o.repoId, o.limit)
      : db.prepare(`${SUMMARY_SQL} ORDER BY runs.id DESC LIMIT ?`).all(o.limit)
  ) as RunRow[];
  return rows.map((r) => toSummary(db, r));
}

export function latestRunId(db: Db, repoId?: number): number | null {
  const row = (
    repoId !== undefined
      ? db.prepare('SELECT MAX(id) AS id FROM runs WHERE repo_id = ?').get(repoId)
      : db.prepare('SELECT MAX(id) AS id FROM runs').get()
  ) as { id: number | null };
  return row.id;
}

export function getRunDetail(db: Db, id: number): RunDetail | null {
  const row = db.prepare(`${SUMMARY_SQL} WHERE runs.id = ?`).get(id) as RunRow | undefined;
  if (!row) return null;
  const refs = getRunRefs(db, id);
  const labelOf = new Map(refs.map((r) => [r.id, r.label]));
  const failures = (
    db.prepare('SELECT * FROM failures WHERE run_id = ? ORDER BY id').all(id) as {
      run_ref_id: number | null;
      pkg: string;
      name: string;
      benchtime: string;
      round: number;
      kind: CellFailure['kind'];
      message: string;
    }[]
  ).map((f) => ({
    refLabel: f.run_ref_id !== null ? (labelOf.get(f.run_ref_id) ?? '') : '',
    pkg: f.pkg,
    name: f.name,
    benchtime: f.benchtime,
    round: f.round,
    kind: f.kind,
    message: f.message,
  }));
  const builds = (
    db.prepare('SELECT * FROM builds WHERE run_id = ? ORDER BY id').all(id) as {
      run_ref_id: number;
      pkg: string;
      binary: string;
      reused: number;
      seconds: number;
      build_info: string;
      flags: string;
    }[]
  ).map((b) => ({
    refLabel: labelOf.get(b.run_ref_id) ?? '',
    pkg: b.pkg,
    binary: b.binary,
    reused: b.reused === 1,
    seconds: b.seconds,
    buildInfo: b.build_info,
    flags: b.flags,
  }));
  return {
    ...toSummary(db, row),
    environment: row.environment ? redactEnvironment(JSON.parse(row.environment) as Environment) : null,
    notes: JSON.parse(row.notes) as string[],
    failures,
    builds,
    schedule: JSON.parse(row.schedule) as ScheduleEntry[],
    processes: listProcessUsage(db, id, labelOf),
  };
}

export function addFailure(db: Db, runId: number, runRefId: number | null, f: Omit<CellFailure, 'refLabel'>): void {
  db.prepare('INSERT INTO failures (run_id, run_ref_id, pkg, name, benchtime, round, kind, message) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
    runId,
    runRefId,
    f.pkg,
    f.name,
    f.benchtime,
    f.round,
    f.kind,
    f.message,
  );
}

export function addBuild(db: Db, runId: number, runRefId: number, b: Omit<BuildRecord, 'refLabel'>): void {
  db.prepare(
    'INSERT INTO builds (run_id, run_ref_id, pkg, binary, reused, seconds, build_info, flags) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(runId, runRefId, b.pkg, b.binary, b.reused ? 1 : 0, b.seconds, b.buildInfo, b.flags);
}

export function deleteRun(db: Db, id: number): boolean {
  return db.prepare('DELETE FROM runs WHERE id = ?').run(id).changes > 0;
}

export interface OrphanRun {
  readonly id: number;
  readonly ownerPid: number | null;
  readonly ownerStart: string | null;
  readonly childPgid: number | null;
  readonly childStart: string | null;
  readonly status: RunStatus;
}

/** Runs left queued or running by some process. */
export function unfinishedRuns(db: Db): OrphanRun[] {
  return (
    db
      .prepare("SELECT id, owner_pid, owner_start, child_pgid, child_start, status FROM runs WHERE status IN ('queued', 'running')")
      .all() as RunRow[]
  ).map((r) => ({
    id: r.id,
    ownerPid: r.owner_pid,
    ownerStart: r.owner_start,
    childPgid: r.child_pgid,
    childStart: r.child_start ?? null,
    status: r.status,
  }));
}

/** The typed error a failed run ended with, if any. */
export function getRunError(db: Db, id: number): LabError | null {
  const row = db.prepare('SELECT error FROM runs WHERE id = ?').get(id) as { error: string | null } | undefined;
  return row?.error ? (JSON.parse(row.error) as LabError) : null;
}
