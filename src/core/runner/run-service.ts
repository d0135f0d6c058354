// Runs as the API sees them: start (validate everything cheap up front so bad input fails
// before anything is queued, then execute in the background), cancel, progress for a view
// that comes back, waiting (the CLI), and at start-up the recovery of runs whose process died.
import { fail } from '../../shared/errors.js';
import type { Repo, RunSpec, RunStatus } from '../../shared/models.js';
import type { RunProgressInfo } from '../../shared/api.js';
import { resolveRef, validateRefName, WORKTREE_REF } from '../git/index.js';
import { groupAlive, killGroup } from '../proc/process-group.js';
import { isSameProcessAlive, selfIdentity } from '../proc/process-identity.js';
import { createRun, getRunSummary, unfinishedRuns, updateRun } from '../store/runs.js';
import { validateBenchRegex } from './bench-regex.js';
import { executeRun } from './execute.js';
import { newRunControl, type RunControl } from './run-control.js';
import type { RunDeps } from './run-deps.js';

export class RunService {
  private readonly active = new Map<number, { ctl: RunControl; done: Promise<RunStatus> }>();
  /** In-process FIFO: runs of this process start in the order they were asked for. */
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: () => Promise<RunDeps>) {}

  async start(spec: RunSpec, repo: Repo): Promise<number> {
    const deps = await this.deps();
    if (!repo.trusted) fail('RepoNotTrusted', { path: repo.path });
    validateBenchRegex(spec.bench);
    for (const ref of spec.refs) {
      if (ref === WORKTREE_REF) continue;
      validateRefName(ref);
      await resolveRef(deps.git, repo.gitRoot, ref);
    }
    for (const v of spec.variants) {
      if (v.pgo && v.pgo !== 'off' && v.pgo !== 'auto' && v.pgo !== 'self') {
        const { existsSync } = await import('node:fs');
        if (!existsSync(v.pgo)) fail('FileNotFound', { path: v.pgo });
      }
    }
    const me = selfIdentity();
    const runId = createRun(deps.store.db, {
      repoId: repo.id, repoPath: repo.path, kind: 'measured', label: spec.label, status: 'queued', spec, ownerPid: me.pid, ownerStart: me.start,
    });
    const ctl = newRunControl(runId);
    const done = this.chain.then(() => executeRun(deps, ctl, spec, repo));
    this.chain = done.catch(() => undefined);
    this.active.set(runId, { ctl, done });
    void done.finally(() => setTimeout(() => this.active.delete(runId), 60_000).unref());
    deps.emit({ type: 'runs-changed' });
    return runId;
  }

  cancel(runId: number): boolean {
    const a = this.active.get(runId);
    if (!a) return false;
    if (!a.ctl.abort.signal.aborted) a.ctl.abort.abort();
    return true;
  }

  isActive(runId: number): boolean {
    return this.active.has(runId);
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
    if (!a) return { runId, status, progress: { phase: 'done', done: 0, total: 0, etaMs: null, current: null }, log: [], queuedBehind: null };
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
 * `interrupted`; a benchmark process group they left behind is killed. Measured results stay.
 */
export async function recoverInterruptedRuns(deps: Pick<RunDeps, 'store'>): Promise<number[]> {
  if (deps.store.readOnlyReason) return [];
  const { db } = deps.store;
  const recovered: number[] = [];
  for (const r of unfinishedRuns(db)) {
    if (r.ownerPid !== null && isSameProcessAlive(r.ownerPid, r.ownerStart)) continue;
    if (r.childPgid !== null && groupAlive(r.childPgid)) await killGroup(r.childPgid);
    updateRun(db, r.id, {
      status: 'interrupted', childPgid: null, finishedAt: new Date().toISOString(),
      statusDetail: `the lab process (pid ${r.ownerPid ?? '?'}) ended while the run was ${r.status}; results measured before are kept`,
    });
    recovered.push(r.id);
  }
  return recovered;
}
