// Runs as the API sees them: start (validate everything cheap up front so bad input fails
// before anything is queued, then execute in the background), cancel, progress for a view
// that comes back, waiting (the CLI), and at start-up the recovery of runs whose process died.
import { fail } from '../../shared/errors.js';
import type { Repo, RunSpec, RunStatus } from '../../shared/models.js';
import type { RunProgressInfo } from '../../shared/api.js';
import { checkRegularFile, MiB } from '../fs/safe-read.js';
import { resolveRef, validateRefName, WORKTREE_REF } from '../git/index.js';
import { validateGcflags } from '../go/gcflags.js';
import { groupAlive, killGroup } from '../proc/process-group.js';
import { isSameProcessAlive, processStartTicks, selfIdentity } from '../proc/process-identity.js';
import { createRun, getRunSummary, unfinishedRuns, updateRun } from '../store/runs.js';
import { validateBenchRegex } from './bench-regex.js';
import { findSnapshot, snapshotRefId } from '../workflow/snapshots.js';
import { executeRun, type AdaptiveHook } from './execute.js';
import { newRunControl, type RunControl } from './run-control.js';
import type { RunDeps } from './run-deps.js';

/** A PGO profile file given by path (the go command's own inputs are far smaller). */
const MAX_PGO_BYTES = 256 * MiB;

export class RunService {
  private readonly active = new Map<number, { ctl: RunControl; done: Promise<RunStatus>; started: boolean; finished: boolean }>();
  /** The run of this process that holds (or waits for) the machine, for queue messages. */
  private current: number | null = null;
  /** In-process FIFO: runs of this process start in the order they were asked for. */
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: () => Promise<RunDeps>) {}

  async start(spec: RunSpec, repo: Repo, hook?: AdaptiveHook): Promise<number> {
    const deps = await this.deps();
    if (!repo.trusted) fail('RepoNotTrusted', { path: repo.path });
    validateBenchRegex(spec.bench);
    for (const ref of spec.refs) {
      if (ref === WORKTREE_REF) continue;
      const snap = snapshotRefId(ref);
      if (snap !== null) {
        if (!(await findSnapshot(deps.git, deps.paths, repo.gitRoot, snap))) fail('RefNotFound', { ref });
        continue;
      }
      validateRefName(ref);
      await resolveRef(deps.git, repo.gitRoot, ref);
    }
    for (const v of spec.variants) {
      if (v.gcflags) validateGcflags(v.gcflags);
      if (v.pgo && v.pgo !== 'off' && v.pgo !== 'auto' && v.pgo !== 'self') {
        // The go command reads this file: a device, a FIFO or a huge file would hang or flood the build.
        await checkRegularFile(v.pgo, { maxBytes: MAX_PGO_BYTES, shownPath: v.pgo });
      }
    }
    const me = selfIdentity();
    const runId = createRun(deps.store.db, {
      repoId: repo.id,
      repoPath: repo.path,
      kind: 'measured',
      label: spec.label,
      status: 'queued',
      spec,
      ownerPid: me.pid,
      ownerStart: me.start,
    });
    const ctl = newRunControl(runId);
    const entry = { ctl, done: Promise.resolve<RunStatus>('queued'), started: false, finished: false };
    if (this.current !== null) {
      // Queued behind a run of this same lab: say so now (the machine lock says it for other processes).
      ctl.queuedBehind = `run ${this.current} in this lab`;
      ctl.progress = { ...ctl.progress, phase: 'queued' };
      setImmediate(() => deps.emit({ type: 'run-queued', runId, behind: ctl.queuedBehind! }));
    }
    entry.done = this.chain.then(async (): Promise<RunStatus> => {
      // Canceled while it waited in this lab's queue: it never ran (cancel() recorded it).
      if (ctl.abort.signal.aborted) return 'canceled';
      entry.started = true;
      this.current = runId;
      try {
        return await executeRun(deps, ctl, spec, repo, hook);
      } finally {
        if (this.current === runId) this.current = null;
      }
    });
    if (this.current === null) this.current = runId;
    this.chain = entry.done.catch(() => undefined);
    this.active.set(runId, entry);
    void entry.done.finally(() => {
      entry.finished = true;
      setTimeout(() => this.active.delete(runId), 60_000).unref();
    });
    deps.emit({ type: 'runs-changed' });
    return runId;
  }

  cancel(runId: number): boolean {
    const a = this.active.get(runId);
    if (!a || a.finished) return false;
    if (!a.ctl.abort.signal.aborted) a.ctl.abort.abort();
    if (!a.started) void this.cancelQueued(runId, a.ctl);
    return true;
  }

  /** A run canceled before it started ends at once, with nothing measured. */
  private async cancelQueued(runId: number, ctl: RunControl): Promise<void> {
    const deps = await this.deps();
    updateRun(deps.store.db, runId, { status: 'canceled', statusDetail: 'canceled while queued', finishedAt: new Date().toISOString() });
    ctl.queuedBehind = null;
    ctl.progress = { ...ctl.progress, phase: 'done' };
    deps.emit({ type: 'run-finished', runId, status: 'canceled', detail: 'canceled while queued' });
    deps.emit({ type: 'runs-changed' });
  }

  /** True while the run is queued or running in this process. */
  isActive(runId: number): boolean {
    const a = this.active.get(runId);
    return a !== undefined && !a.finished;
  }

  async wait(runId: number): Promise<RunStatus> {
    const a = this.active.get(runId);
    if (!a) {
      const deps = await this.deps();
      const s = getRunSummary(deps.store.db, runId);
      if (!s) fail('RunNotFound', { run: String(runId) });
      return s.status;
    }
    return a.done;
  }

  progress(runId: number, status: RunStatus): RunProgressInfo {
    const a = this.active.get(runId);
    if (!a)
      return { runId, status, progress: { phase: 'done', done: 0, total: 0, etaMs: null, current: null }, log: [], queuedBehind: null };
    return { runId, status, progress: a.ctl.progress, log: [...a.ctl.log], queuedBehind: a.ctl.queuedBehind };
  }

  /** Cancels every active run and waits for them to end (lab shutdown). */
  async cancelAll(): Promise<void> {
    for (const a of this.active.values()) if (!a.ctl.abort.signal.aborted) a.ctl.abort.abort();
    await Promise.allSettled([...this.active.values()].map((a) => a.done));
  }
}

/**
 * Runs left `queued` or `running` by a process that no longer exists are marked
 * `interrupted`; a benchmark process group they left behind is killed, only when its leader is
 * the very process that was recorded (same start time), never a group that reused the pid.
 * Measured results stay.
 */
export async function recoverInterruptedRuns(deps: Pick<RunDeps, 'store'>): Promise<number[]> {
  if (deps.store.readOnlyReason) return [];
  const { db } = deps.store;
  const recovered: number[] = [];
  for (const r of unfinishedRuns(db)) {
    if (r.ownerPid !== null && isSameProcessAlive(r.ownerPid, r.ownerStart)) continue;
    if (r.childPgid !== null && recordedLeaderAlive(r.childPgid, r.childStart) && groupAlive(r.childPgid)) await killGroup(r.childPgid);
    updateRun(db, r.id, {
      status: 'interrupted',
      childPgid: null,
      childStart: null,
      finishedAt: new Date().toISOString(),
      statusDetail: `the lab process (pid ${r.ownerPid ?? '?'}) ended while the run was ${r.status}; results measured before are kept`,
    });
    recovered.push(r.id);
  }
  return recovered;
}

/**
 * True when the group leader is the recorded process: its start time (/proc/PID/stat field 22)
 * matches. A run recorded before start times were kept (null) is signalled as before; where
 * start times cannot be read (not Linux) the group is trusted as before too.
 */
export function recordedLeaderAlive(pgid: number, start: string | null): boolean {
  if (start === null) return true;
  if (process.platform !== 'linux') return true;
  return processStartTicks(pgid) === start;
}
