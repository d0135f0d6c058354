// Executing a run: wait for the machine lock, prepare (refs, packages, binaries, benchmark
// lists), then run the planned benchmark processes one at a time. Nothing is parsed or stored
// while a benchmark process runs; after each process its results are committed in one
// transaction, so a crash or cancel keeps everything measured so far. A benchmark that
// panics or times out fails its own cell; the rest of that process runs again in a new one.
import { mkdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { LabFailure, toLabError, type LabError } from '../../shared/errors.js';
import type { Progress, RunSpec, RunStatus, ScheduleEntry, Repo } from '../../shared/models.js';
import { tidyValue } from '../benchunit/index.js';
import { benchArgs } from '../go/test-binary.js';
import { fingerprint, withLoadAfter } from '../env/index.js';
import { spawnGroup } from '../proc/process-group.js';
import { addBuild, addFailure, addRunRefs, updateRun } from '../store/runs.js';
import { insertResults, type NewResult } from '../store/results.js';
import { restrictBenchRegex } from './bench-regex.js';
import { parseBenchOutputFile, type ParsedProcess } from './bench-output.js';
import { acquireMachineLock, type MachineLock } from './machine-lock.js';
import { cellsOf, planJobs, type PlannedJob } from './plan.js';
import { buildTestBinary, listColumnPackages, listSelected, resolveColumns, type Column, type ColumnPackage } from './prepare.js';
import { captureProfiles } from './profile-capture.js';
import type { RunDeps } from './run-deps.js';
import { goDurationMs } from './durations.js';

export interface RunControl {
  readonly runId: number;
  readonly abort: AbortController;
  progress: Progress;
  readonly log: string[];
  queuedBehind: string | null;
}

const LOG_KEEP = 400;
const MAX_OUTPUT_BYTES = 64 * 1024 * 1024;

export function newRunControl(runId: number): RunControl {
  return { runId, abort: new AbortController(), progress: { phase: 'queued', done: 0, total: 0, etaMs: null, current: null }, log: [], queuedBehind: null };
}

export async function executeRun(deps: RunDeps, ctl: RunControl, spec: RunSpec, repo: Repo): Promise<RunStatus> {
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
  let columns: Column[] = [];
  let status: RunStatus = 'completed';
  let detail = '';
  let error: LabError | null = null;
  let environment: Awaited<ReturnType<typeof fingerprint>> | null = null;
  try {
    lock = await acquireMachineLock({
      lockDir: deps.lockDir,
      holder: { pid: process.pid, runId, dataDir: deps.paths.root, since: new Date().toISOString() },
      signal,
      nativeBinding: deps.nativeBinding,
      onWait: (h) => {
        ctl.queuedBehind = h ? `run ${h.runId} (pid ${h.pid}, ${h.dataDir})` : 'another run';
        log(`waiting for ${ctl.queuedBehind} to finish: one benchmark run at a time per machine`);
        deps.emit({ type: 'run-queued', runId, behind: ctl.queuedBehind });
      },
    });
    ctl.queuedBehind = null;
    updateRun(db, runId, { status: 'running', startedAt: new Date().toISOString() });
    deps.emit({ type: 'run-started', runId });
    deps.emit({ type: 'runs-changed' });
    setProgress({ phase: 'prepare', done: 0, total: 0, etaMs: null, current: null });

    const cpuList = spec.cpu.length ? [...spec.cpu] : [Number(spec.env.GOMAXPROCS) > 0 ? Number(spec.env.GOMAXPROCS) : availableParallelism()];
    environment = await fingerprint({
      goVersion: deps.go.version, goos: deps.go.goos, goarch: deps.go.goarch, perflabVersion: deps.perflabVersion,
      goEnv: { ...deps.goEnv.raw, GOFLAGS: deps.goEnv.goflagsKept.join(' ') }, gomaxprocs: cpuList[cpuList.length - 1],
    });
    updateRun(db, runId, { environment });
    if (deps.goEnv.goflagsDropped.length) notes.push(`GOFLAGS entries ignored (not on the allowlist): ${deps.goEnv.goflagsDropped.join(' ')}`);

    columns = await resolveColumns(deps, spec, repo.gitRoot, repo.moduleSubdir);
    const refRows = addRunRefs(db, runId, columns.map((c) => ({ label: c.label, name: c.ref.refName, sha: c.ref.sha, dirty: c.ref.dirty, variant: c.variant })));
    columns.forEach((c, i) => { c.runRefId = refRows[i].id; });
    for (const c of columns) log(`${c.label}: ${c.ref.sha.slice(0, 12)}${c.ref.dirty ? ' with uncommitted changes' : ''}`);

    // Packages, builds and benchmark lists, per column.
    const pkgs = new Map<number, Map<string, ColumnPackage>>();
    let builds = 0;
    for (const col of columns) {
      signal.throwIfAborted();
      const listed = await listColumnPackages(deps, col, spec, signal);
      for (const p of listed.broken) fail2BuildError(p.importPath, col.label, p.error ?? '');
      for (const p of listed.noTests) notes.push(`${p.importPath} has no test files at ${col.label}: skipped`);
      const byPkg = new Map<string, ColumnPackage>();
      for (const p of listed.withTests) {
        signal.throwIfAborted();
        setProgress({ phase: 'build', done: builds, total: 0, etaMs: null, current: { refLabel: col.label, pkg: p.importPath, round: 0, benchtime: '' } });
        log(`building ${p.importPath} at ${col.label}`);
        const b = await buildTestBinary(deps, col, p, spec, signal);
        builds++;
        if (!b) {
          notes.push(`${p.importPath} has no test files at ${col.label}: skipped`);
          continue;
        }
        addBuild(db, runId, col.runRefId, { pkg: p.importPath, binary: b.binary, reused: b.reused, seconds: b.seconds, buildInfo: b.buildInfo });
        if (b.reused) log(`reusing the test binary of ${p.importPath} at ${col.label}`);
        const { all, selected } = await listSelected(b.binary, p.dir, col, spec.bench, signal);
        if (selected.length) byPkg.set(p.importPath, { importPath: p.importPath, dir: p.dir, binary: b.binary, all, selected });
      }
      pkgs.set(col.index, byPkg);
    }
    const allPkgs = [...new Set([...pkgs.values()].flatMap((m) => [...m.keys()]))];
    if (allPkgs.length === 0) throw new LabFailure({ code: 'NoBenchmarks', message: `no benchmark matches ${JSON.stringify(spec.bench)}`, detail: { regex: spec.bench } });
    for (const pkg of allPkgs) {
      const names = new Set(columns.flatMap((c) => pkgs.get(c.index)?.get(pkg)?.selected ?? []));
      for (const c of columns) {
        const have = new Set(pkgs.get(c.index)?.get(pkg)?.selected ?? []);
        for (const n of names) if (!have.has(n)) notes.push(`${pkg}.${n} is missing in ${c.label}`);
      }
    }
    updateRun(db, runId, { notes });

    const jobs = planJobs({
      columns: columns.map((c) => ({ index: c.index, label: c.label })),
      packages: allPkgs.map((importPath) => ({ importPath, benchmarks: new Map(columns.map((c) => [c.index, pkgs.get(c.index)?.get(importPath)?.selected ?? []])) })),
      benchtimes: spec.benchtime, count: spec.count, order: spec.schedule, seed: spec.seed,
    });
    const schedule: ScheduleEntry[] = jobs.map((j) => ({ round: j.round, refLabel: columns[j.column].label, pkg: j.pkg, benchtime: j.benchtime }));
    updateRun(db, runId, { schedule });

    const runner = new JobRunner(deps, ctl, spec, columns, pkgs, cpuList, log, notes);
    const total = cellsOf(jobs);
    let done = 0;
    let benchMs = 0;
    setProgress({ phase: 'bench', done, total, etaMs: null, current: null });
    for (const job of jobs) {
      if (signal.aborted) break;
      const t0 = Date.now();
      const current = { refLabel: columns[job.column].label, pkg: job.pkg, round: job.round, benchtime: job.benchtime };
      setProgress({ phase: 'bench', done, total, etaMs: eta(benchMs, done, total), current });
      await runner.run(job);
      benchMs += Date.now() - t0;
      done += job.benchmarks.length;
      setProgress({ phase: 'bench', done, total, etaMs: eta(benchMs, done, total), current });
    }
    if (!signal.aborted && spec.profile.length) {
      await captureProfiles(deps, { runId, spec, columns, pkgs, log, setProgress, signal, notes, cpuList });
    }
    if (signal.aborted) {
      status = 'canceled';
      detail = `canceled after ${done} of ${total} cells`;
    } else {
      const failed = runner.failedCells;
      status = runner.results === 0 && failed > 0 ? 'failed' : 'completed';
      detail = `${runner.results} results${failed ? `, ${failed} failed cells` : ''}`;
    }
  } catch (err) {
    const e = toLabError(err);
    if (signal.aborted || e.code === 'Canceled') {
      status = 'canceled';
      detail = 'canceled';
    } else {
      status = 'failed';
      error = e;
      detail = e.code === 'BuildFailed' ? `${e.message}:\n${e.detail.output}` : e.message;
      log(detail);
    }
  } finally {
    for (const r of new Set(columns.map((c) => c.ref))) await r.release().catch(() => undefined);
    updateRun(db, runId, {
      status, statusDetail: detail, error, finishedAt: new Date().toISOString(), childPgid: null, notes,
      ...(environment ? { environment: withLoadAfter(environment) } : {}),
    });
    lock?.release();
    setProgress({ ...ctl.progress, phase: 'done', etaMs: 0 });
    deps.emit({ type: 'run-finished', runId, status, detail });
    deps.emit({ type: 'runs-changed' });
  }
  return status;
}

function fail2BuildError(pkg: string, ref: string, output: string): never {
  throw new LabFailure({ code: 'BuildFailed', message: `package ${pkg} does not compile at ${ref}`, detail: { pkg, ref, output } });
}

function eta(ms: number, done: number, total: number): number | null {
  return done > 0 ? Math.round((ms / done) * (total - done)) : null;
}

/** Runs planned jobs: one process each, re-running what a crash left out, storing results. */
class JobRunner {
  results = 0;
  failedCells = 0;
  private seq = 0;
  /** Benchmarks that failed for (column, pkg, benchtime): left out of later rounds. */
  private readonly excluded = new Map<string, Set<string>>();
  private readonly skipsNoted = new Set<string>();

  constructor(
    private readonly deps: RunDeps,
    private readonly ctl: RunControl,
    private readonly spec: RunSpec,
    private readonly columns: readonly Column[],
    private readonly pkgs: ReadonlyMap<number, ReadonlyMap<string, ColumnPackage>>,
    private readonly cpuList: readonly number[],
    private readonly log: (l: string, source?: 'lab' | 'output') => void,
    private readonly notes: string[],
  ) {}

  async run(job: PlannedJob): Promise<void> {
    const key = `${job.column}\0${job.pkg}\0${job.benchtime}`;
    const excluded = this.excluded.get(key) ?? new Set<string>();
    this.excluded.set(key, excluded);
    let todo = job.benchmarks.filter((b) => !excluded.has(b));
    while (todo.length > 0 && !this.ctl.abort.signal.aborted) {
      const parsed = await this.runProcess(job, todo, todo.length !== job.benchmarks.length);
      if (!parsed) return;
      const { process: p, exit } = parsed;
      if (exit.kind === 'killed' && exit.reason === 'canceled') return;
      const clean = exit.kind === 'exited' && (exit.exitCode === 0 || (exit.exitCode === 1 && p.ended === 'fail' && !p.crash));
      if (clean) return;
      const culprit = p.runningAtEnd ?? (p.started.length ? p.started[p.started.length - 1] : null);
      const kind = exit.kind === 'killed' ? (exit.reason === 'output-limit' ? 'output-limit' : 'timeout') : p.crash?.kind ?? 'crash';
      const message = exit.kind === 'killed'
        ? exit.reason === 'output-limit' ? `output exceeded ${MAX_OUTPUT_BYTES} bytes: the process was stopped` : `no end after ${this.spec.timeout} plus a minute: the process was stopped`
        : p.crash?.message ?? (p.log.slice(-20).join('\n') || `exit ${exit.kind === 'exited' ? exit.exitCode : exit.signal}`);
      if (culprit === null || !todo.includes(culprit)) {
        // Died before any selected benchmark started (init panic, TestMain, bad flag): every cell of the process fails.
        if (/invalid regexp/.test(message)) {
          throw new LabFailure({ code: 'InvalidRegex', message: `invalid benchmark regexp ${JSON.stringify(this.spec.bench)}: ${message}`, detail: { regex: this.spec.bench, reason: message } });
        }
        for (const b of todo) { this.recordFailure(job, b, kind, message); excluded.add(b); }
        this.log(`${job.pkg} at ${this.columns[job.column].label}: the test binary failed before its benchmarks ran: ${message.split('\n')[0]}`);
        return;
      }
      this.recordFailure(job, culprit, kind, message);
      excluded.add(culprit);
      this.log(`${culprit} (${this.columns[job.column].label}, round ${job.round}) ${kind === 'timeout' ? 'timed out' : kind === 'output-limit' ? 'flooded its output' : 'crashed'}: ${message.split('\n')[0]}`);
      const startedSet = new Set(p.started);
      todo = todo.filter((b) => !startedSet.has(b) && todo.indexOf(b) > todo.indexOf(culprit));
    }
  }

  private recordFailure(job: PlannedJob, name: string, kind: 'panic' | 'timeout' | 'fail' | 'skip' | 'crash' | 'output-limit', message: string): void {
    addFailure(this.deps.store.db, this.ctl.runId, this.columns[job.column].runRefId, { pkg: job.pkg, name, benchtime: job.benchtime, round: job.round, kind, message });
    if (kind !== 'skip') this.failedCells++;
  }

  private async runProcess(job: PlannedJob, todo: readonly string[], restricted: boolean) {
    const col = this.columns[job.column];
    const pkg = this.pkgs.get(job.column)?.get(job.pkg);
    if (!pkg) return null;
    const bench = restricted ? restrictBenchRegex(this.spec.bench, todo) : this.spec.bench;
    if (bench === null) return null;
    const dir = join(this.deps.paths.runs, String(this.ctl.runId));
    mkdirSync(dir, { recursive: true });
    const outFile = join(dir, `${String(++this.seq).padStart(5, '0')}.out`);
    const args = benchArgs({ bench, benchtime: job.benchtime, cpu: this.cpuList, timeout: this.spec.timeout });
    const handle = spawnGroup(pkg.binary, args, {
      cwd: pkg.dir, env: col.benchEnv, outFile, maxOutputBytes: MAX_OUTPUT_BYTES, wallTimeoutMs: goDurationMs(this.spec.timeout) + 60_000,
    });
    const { db } = this.deps.store;
    updateRun(db, this.ctl.runId, { childPgid: handle.pid });
    const onAbort = () => void handle.kill('canceled');
    this.ctl.abort.signal.addEventListener('abort', onAbort);
    const exit = await handle.done;
    this.ctl.abort.signal.removeEventListener('abort', onAbort);
    updateRun(db, this.ctl.runId, { childPgid: null });
    const p = await parseBenchOutputFile(outFile);
    this.store(job, col, p);
    return { process: p, exit };
  }

  private store(job: PlannedJob, col: Column, p: ParsedProcess): void {
    const config = Object.fromEntries(p.config);
    const rows: NewResult[] = p.results.map((r) => {
      const { name, cpu } = splitProcs(r.fullName, r.runName, this.cpuList);
      return {
        runRefId: col.runRefId, config, pkg: job.pkg, name, cpu, benchtime: job.benchtime, iterations: r.iterations, round: job.round,
        metrics: r.values.map((v) => {
          const t = tidyValue(v.value, v.unit);
          return { unit: t.unit, value: t.value, rawUnit: v.unit, rawValue: v.value };
        }),
      };
    });
    this.results += insertResults(this.deps.store.db, this.ctl.runId, rows);
    for (const r of rows) {
      const ns = r.metrics.find((m) => m.unit === 'sec/op');
      this.deps.emit({ type: 'run-result', runId: this.ctl.runId, refLabel: col.label, pkg: r.pkg, name: r.name, cpu: r.cpu, round: r.round, secPerOp: ns ? ns.value : null });
    }
    for (const f of p.failures) {
      if (f.kind === 'skip') {
        const k = `${col.index}\0${job.pkg}\0${f.name}`;
        if (this.skipsNoted.has(k)) continue;
        this.skipsNoted.add(k);
        this.notes.push(`${job.pkg}.${f.name} skipped at ${col.label}${f.message ? `: ${f.message.split('\n')[0]}` : ''}`);
      }
      this.recordFailure(job, f.name, f.kind, f.message);
    }
    for (const l of p.log.slice(0, 50)) this.log(l, 'output');
    if (p.longLines) this.log(`${p.longLines} over-long output lines were truncated`);
  }
}

/**
 * The stored name and -cpu value of a result line. The `=== RUN` frame carries the name
 * without the -N suffix, so `BenchmarkF/size-1024` at -cpu 1 is never read as 1024 procs.
 */
export function splitProcs(fullName: string, runName: string | null, cpuList: readonly number[]): { name: string; cpu: number } {
  if (runName !== null) {
    if (fullName === runName) return { name: runName, cpu: 1 };
    const rest = fullName.startsWith(`${runName}-`) ? fullName.slice(runName.length + 1) : '';
    if (/^\d+$/.test(rest)) return { name: runName, cpu: Number(rest) };
  }
  const m = /^(.*)-(\d+)$/.exec(fullName);
  if (m && cpuList.includes(Number(m[2])) && Number(m[2]) !== 1) return { name: m[1], cpu: Number(m[2]) };
  return { name: fullName, cpu: cpuList.includes(1) ? 1 : cpuList[0] ?? 1 };
}
