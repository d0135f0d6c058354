// Executing a run: wait for the machine lock, record the environment, prepare (refs, packages,
// binaries, benchmark lists), run the planned benchmark processes one at a time (jobs.ts),
// add adaptive rounds when asked (adaptive.ts), whole-program runs (command-runs.ts), resource runs (resource-capture.ts) and profiles last (profile-capture.ts),
// and always leave the run with a final status, whatever happened.
import { availableParallelism } from 'node:os';
import { fail, toLabError, type LabError } from '../../shared/errors.js';
import type { Progress, Repo, RunSpec, RunStatus, ScheduleEntry } from '../../shared/models.js';
import { fingerprint, withLoadAfter } from '../env/index.js';
import { addRunRefs, updateRun } from '../store/runs.js';
import { decideAdaptive, lookAlpha, plannedLooks, ADAPTIVE_STEP, type AdaptiveDecision } from './adaptive.js';
import { JobRunner } from './jobs.js';
import type { Launcher } from '../proc/launcher.js';
import { openRunLauncher } from './bench-process.js';
import { acquireMachineLock, type MachineLock } from './machine-lock.js';
import { cellsOf, planJobs, type PlannedJob } from './plan.js';
import type { Column, ColumnPackage } from './columns.js';
import { prepareColumns, resolveColumns } from './prepare.js';
import { captureProfiles } from './profile-capture.js';
import { captureResources } from './resource-capture.js';
import { runCommands } from './command-runs.js';
import { buildMains } from './main-build.js';
import { resultWarnings } from './run-warnings.js';
import { runTestPhase } from './test-phase.js';
import type { RunControl } from './run-control.js';
import type { RunDeps } from './run-deps.js';

export { newRunControl, type RunControl } from './run-control.js';
export { splitProcs } from './jobs.js';

const LOG_KEEP = 400;

/**
 * A caller's own rule for adaptive rounds (bisect: is the candidate like good or like bad?),
 * used instead of decideAdaptive when the spec asks for --until-significant. `alpha` is the
 * level each look tests at (recorded with the run); `note` is the run's note on the rule.
 */
export interface AdaptiveHook {
  decide(db: RunDeps['store']['db'], runId: number, columns: readonly Column[]): AdaptiveDecision & { readonly alpha: number };
  readonly note: string;
}

export async function executeRun(deps: RunDeps, ctl: RunControl, spec: RunSpec, repo: Repo, hook?: AdaptiveHook): Promise<RunStatus> {
  const { db } = deps.store;
  const runId = ctl.runId;
  const signal = ctl.abort.signal;
  const notes: string[] = [];
  const log = (line: string, source: 'lab' | 'output' = 'lab') => {
    ctl.log.push(line);
    if (ctl.log.length > LOG_KEEP) ctl.log.splice(0, ctl.log.length - LOG_KEEP);
    deps.emit({ type: 'run-log', runId, line, source });
  };
  const setProgress = (p: Progress) => {
    ctl.progress = p;
    deps.emit({ type: 'run-progress', runId, progress: p });
  };
  let lock: MachineLock | null = null;
  let launcher: Launcher | null = null;
  let columns: Column[] = [];
  let status: RunStatus = 'completed';
  let detail = '';
  let error: LabError | null = null;
  let environment: Awaited<ReturnType<typeof fingerprint>> | null = null;
  let commandResults = 0;
  let commandFailed = 0;
  try {
    lock = await acquireMachineLock({
      lockDir: deps.lockDir,
      holder: { pid: process.pid, runId, dataDir: deps.paths.root, since: new Date().toISOString() },
      signal,
      nativeBinding: deps.nativeBinding,
      onWait: (h) => {
        ctl.queuedBehind = h ? `${h.runId === 0 ? 'perflab gc' : `run ${h.runId}`} (pid ${h.pid}, ${h.dataDir})` : 'another run';
        log(`waiting for ${ctl.queuedBehind} to finish: one benchmark run at a time per machine`);
        deps.emit({ type: 'run-queued', runId, behind: ctl.queuedBehind });
      },
    });
    ctl.queuedBehind = null;
    updateRun(db, runId, { status: 'running', startedAt: new Date().toISOString() });
    deps.emit({ type: 'run-started', runId });
    deps.emit({ type: 'runs-changed' });
    setProgress({ phase: 'prepare', done: 0, total: 0, etaMs: null, current: null });

    const cpuList = spec.cpu.length
      ? [...spec.cpu]
      : [Number(spec.env.GOMAXPROCS) > 0 ? Number(spec.env.GOMAXPROCS) : availableParallelism()];
    if (deps.goEnv.goflagsDropped.length)
      notes.push(`GOFLAGS entries ignored (not on the allowlist): ${deps.goEnv.goflagsDropped.join(' ')}`);
    // The machine's fingerprint is taken while the run's one launcher starts (every benchmark and
    // profile process of the run goes through it; built on first use; null when it cannot be had)
    // and the refs resolve: their git calls are started by that launcher, so the lab forks none.
    const fingerprinting = fingerprint({
      goVersion: deps.go.version,
      goos: deps.go.goos,
      goarch: deps.go.goarch,
      perflabVersion: deps.perflabVersion,
      goEnv: { ...deps.goEnv.raw, GOFLAGS: deps.goEnv.goflagsKept.join(' '), ...spec.env },
      gomaxprocs: cpuList[cpuList.length - 1],
    });
    fingerprinting.catch(() => undefined); // its failure is reported below, once the refs are settled
    launcher = await openRunLauncher(deps, notes, log, signal);
    const refDeps = launcher ? { ...deps, git: { ...deps.git, live: launcher } } : deps;
    const [env, cols] = await Promise.allSettled([fingerprinting, resolveColumns(refDeps, spec, repo.gitRoot, repo.moduleSubdir)]);
    if (cols.status === 'fulfilled') columns = cols.value; // released at the end, whatever happens
    if (env.status === 'rejected') throw env.reason;
    environment = env.value;
    updateRun(db, runId, { environment });
    if (cols.status === 'rejected') throw cols.reason;
    const refRows = addRunRefs(
      db,
      runId,
      columns.map((c) => ({
        label: c.label,
        name: c.ref.refName,
        sha: c.ref.sha,
        dirty: c.ref.dirty,
        variant: c.variant,
        snapshot: c.ref.snapshot,
      })),
    );
    columns.forEach((c, i) => {
      c.runRefId = refRows[i].id;
    });
    deps.emit({ type: 'runs-changed' }); // views showing the run learn its columns (labels and commits) now
    for (const c of columns) {
      log(
        `${c.label}: ${c.ref.sha.slice(0, 12)}${c.ref.dirty ? ' with uncommitted changes' : ''}${c.ref.snapshot ? ` (snapshot ${c.ref.snapshot.slice(0, 12)})` : ''}`,
      );
    }

    const mains = spec.main?.length ? await buildMains(deps, { runId, spec, columns, signal, log }) : null;
    const pkgs = spec.commandsOnly
      ? new Map<number, Map<string, ColumnPackage>>()
      : await prepareColumns(deps, { runId, spec, columns, cpuList, notes, signal, launcher, log, setProgress });
    updateRun(db, runId, { notes });

    const runner = new JobRunner(deps, ctl, spec, columns, pkgs, cpuList, log, notes, launcher);
    const schedule: ScheduleEntry[] = [];
    let done = 0;
    let total = 0;
    let benchMs = 0;
    const runJobs = async (jobs: readonly PlannedJob[]) => {
      const first = schedule.length;
      schedule.push(...jobs.map((j) => ({ round: j.round, refLabel: columns[j.column].label, pkg: j.pkg, benchtime: j.benchtime })));
      updateRun(db, runId, { schedule });
      total += cellsOf(jobs);
      setProgress({ phase: 'bench', done, total, etaMs: null, current: null });
      for (const [i, job] of jobs.entries()) {
        if (signal.aborted) break;
        const t0 = Date.now();
        const current = { refLabel: columns[job.column].label, pkg: job.pkg, round: job.round, benchtime: job.benchtime };
        setProgress({ phase: 'bench', done, total, etaMs: eta(benchMs, done, total), current });
        const before = runner.processMs;
        const ended = await runner.run(job);
        schedule[first + i] = { ...schedule[first + i], ms: Math.round((runner.processMs - before) * 10) / 10 };
        benchMs += Date.now() - t0;
        done += ended;
        setProgress({ phase: 'bench', done, total, etaMs: eta(benchMs, done, total), current });
      }
    };
    const plan = (count: number, firstRound: number, only?: ReadonlySet<string>) =>
      planJobs({
        columns: columns.map((c) => ({ index: c.index, label: c.label })),
        packages: packagesOf(columns, pkgs, only),
        benchtimes: spec.benchtime,
        count,
        order: spec.schedule,
        seed: spec.seed === undefined ? undefined : spec.seed + firstRound,
        firstRound,
      });
    if (!spec.commandsOnly) await runJobs(plan(spec.count, 1));

    if (hook && spec.untilSignificant && spec.untilSignificant > spec.count && !signal.aborted) {
      let rounds = spec.count;
      let d = hook.decide(db, runId, columns);
      updateRun(db, runId, { alpha: d.alpha });
      while (d.undecided.size > 0 && rounds < spec.untilSignificant && !signal.aborted) {
        const add = Math.min(ADAPTIVE_STEP, spec.untilSignificant - rounds);
        log(`adaptive: undecided after ${rounds} rounds; adding ${add} interleaved rounds`);
        await runJobs(plan(add, rounds + 1, d.undecided));
        rounds += add;
        d = hook.decide(db, runId, columns);
      }
      notes.push(
        `adaptive (up to ${spec.untilSignificant} rounds): ${rounds} rounds, ` +
          `${d.undecided.size ? 'still undecided' : 'decided'}; ${hook.note}`,
      );
    } else if (spec.untilSignificant && spec.untilSignificant > spec.count && columns.length > 1 && !signal.aborted) {
      const looks = plannedLooks(spec.count, spec.untilSignificant);
      const alpha = lookAlpha(0.05, looks);
      // The run's data will have been looked at up to `looks` times: every later judgement of
      // it (compare, gate, export, investigate) uses this level by default.
      updateRun(db, runId, { alpha });
      let rounds = spec.count;
      let d = decideAdaptive(db, runId, columns, alpha);
      while (d.undecided.size > 0 && rounds < spec.untilSignificant && !signal.aborted) {
        const add = Math.min(ADAPTIVE_STEP, spec.untilSignificant - rounds);
        log(`adaptive: ${d.undecidedRows} rows undecided after ${rounds} rounds; adding ${add} interleaved rounds`);
        await runJobs(plan(add, rounds + 1, d.undecided));
        rounds += add;
        d = decideAdaptive(db, runId, columns, alpha);
      }
      notes.push(
        `adaptive (--until-significant ${spec.untilSignificant}): ${rounds} rounds; ${d.decidedRows} of ${d.decidedRows + d.undecidedRows} rows decided; ` +
          `up to ${looks} looks, each tested at alpha ${alpha.toPrecision(3)} (0.05 / ${looks}, Bonferroni over looks) so repeated looking does not inflate false alarms; ` +
          `compare, gate, export and investigate judge this run at alpha ${alpha.toPrecision(3)} by default`,
      );
    }
    updateRun(db, runId, { schedule });
    if (mains && !signal.aborted) {
      // A command gets no -cpu: its name carries a -N suffix only when the run sets GOMAXPROCS=N.
      const cpu = Number(spec.env.GOMAXPROCS) > 0 ? Number(spec.env.GOMAXPROCS) : 1;
      const got = await runCommands(deps, { runId, spec, columns, pkgs, log, setProgress, signal, notes, cpuList, launcher, mains, cpu });
      commandResults += got.results;
      commandFailed += got.failedCells;
    }
    if (!signal.aborted && spec.resources) {
      await captureResources(deps, { runId, spec, columns, pkgs, log, setProgress, signal, notes, cpuList, launcher });
    }
    if (!signal.aborted && spec.tests) {
      const last = columns[columns.length - 1];
      await runTestPhase(deps, { runId, spec, column: last, pkgs: pkgs.get(last.index) ?? new Map(), signal, log, setProgress });
    }
    if (!signal.aborted && spec.profile.length) {
      await captureProfiles(deps, { runId, spec, columns, pkgs, log, setProgress, signal, notes, cpuList, launcher });
    }
    if (signal.aborted) {
      status = 'canceled';
      detail = `canceled after ${done} of ${total} cells (${runner.results + commandResults} results stored)`;
      log('canceled');
    } else {
      const failed = runner.failedCells + commandFailed;
      const results = runner.results + commandResults;
      status = results === 0 && failed > 0 ? 'failed' : 'completed';
      detail = `${results} results${failed ? `, ${failed} failed cells` : ''}`;
    }
  } catch (err) {
    const e = toLabError(err);
    if (signal.aborted || e.code === 'Canceled') {
      status = 'canceled';
      detail = 'canceled';
      log('canceled');
    } else {
      status = 'failed';
      error = e;
      // Keep the tool's own words (e.g. go: go.mod requires go >= 1.99.0 (running go 1.26.8; GOTOOLCHAIN=local)).
      detail =
        e.code === 'BuildFailed'
          ? `${e.message}:\n${e.detail.output}`
          : e.code === 'ToolFailed' && e.detail.output.trim()
            ? `${e.message}:\n${e.detail.output.trim().split('\n').slice(0, 20).join('\n')}`
            : e.message;
      log(detail);
    }
  } finally {
    // The launcher ends (stopping anything still running first) while the worktrees are released.
    const closing = launcher?.close().catch(() => undefined);
    for (const r of new Set(columns.map((c) => c.ref))) await r.release().catch(() => undefined);
    await closing;
    let finalEnv = environment ? withLoadAfter(environment) : null;
    if (finalEnv) {
      try {
        finalEnv = { ...finalEnv, warnings: [...finalEnv.warnings, ...resultWarnings(db, runId)] };
      } catch {
        /* warnings are advisory */
      }
    }
    updateRun(db, runId, {
      status,
      statusDetail: detail,
      error,
      finishedAt: new Date().toISOString(),
      childPgid: null,
      childStart: null,
      notes,
      ...(finalEnv ? { environment: finalEnv } : {}),
    });
    lock?.release();
    setProgress({ ...ctl.progress, phase: 'done', etaMs: 0 });
    deps.emit({ type: 'run-finished', runId, status, detail });
    deps.emit({ type: 'runs-changed' });
  }
  return status;
}

function packagesOf(columns: readonly Column[], pkgs: ReadonlyMap<number, ReadonlyMap<string, ColumnPackage>>, only?: ReadonlySet<string>) {
  const all = [...new Set([...pkgs.values()].flatMap((m) => [...m.keys()]))];
  return all.map((importPath) => ({
    importPath,
    benchmarks: new Map(
      columns.map((c) => [
        c.index,
        (pkgs.get(c.index)?.get(importPath)?.selected ?? []).filter((b) => !only || only.has(`${importPath}\0${b}`)),
      ]),
    ),
  }));
}

function eta(ms: number, done: number, total: number): number | null {
  return done > 0 ? Math.round((ms / done) * (total - done)) : null;
}

export function noBenchmarks(spec: RunSpec): never {
  fail('NoBenchmarks', { regex: spec.bench });
}
