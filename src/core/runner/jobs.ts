// Running planned jobs: one benchmark process each, output to a file, results committed in one
// transaction after the process ends. A benchmark that panics, times out or floods its output
// fails its own cell and is left out of later rounds; the rest of that process runs again in a
// new process, so one bad benchmark never costs the others their numbers.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fail } from '../../shared/errors.js';
import type { CellFailure, RunSpec } from '../../shared/models.js';
import { tidyValue } from '../benchunit/index.js';
import { benchArgs } from '../go/test-binary.js';
import type { Launcher, LaunchResult } from '../proc/launcher.js';
import { addProcessUsage } from '../store/process-usage.js';
import { addFailure, updateRun } from '../store/runs.js';
import { insertResults, type NewResult } from '../store/results.js';
import { reportsWhenRun, restrictBenchRegex } from './bench-regex.js';
import { endedTops, parseBenchOutputFile, type ParsedProcess } from './bench-output.js';
import { startBenchProcess, usageFields } from './bench-process.js';
import { processWallTimeoutMs } from './durations.js';
import type { PlannedJob } from './plan.js';
import type { Column, ColumnPackage } from './columns.js';
import type { RunControl } from './run-control.js';
import type { RunDeps } from './run-deps.js';

export const MAX_OUTPUT_BYTES = 64 * 1024 * 1024;

/** Runs planned jobs: one process each, re-running what a crash left out, storing results. */
export class JobRunner {
  results = 0;
  failedCells = 0;
  /** Summed wall time of benchmark processes (ms; as the launcher measured it when there is one), for the run's overhead figure. */
  processMs = 0;
  private seq = 0;
  /** Benchmarks that failed for (column, pkg, benchtime): left out of later rounds. */
  private readonly excluded = new Map<string, Set<string>>();
  private readonly skipsNoted = new Set<string>();
  private launcherLossNoted = false;

  constructor(
    private readonly deps: RunDeps,
    private readonly ctl: RunControl,
    private readonly spec: RunSpec,
    private readonly columns: readonly Column[],
    private readonly pkgs: ReadonlyMap<number, ReadonlyMap<string, ColumnPackage>>,
    private readonly cpuList: readonly number[],
    private readonly log: (l: string, source?: 'lab' | 'output') => void,
    private readonly notes: string[],
    private readonly launcher: Launcher | null = null,
  ) {}

  /**
   * Runs the job's benchmarks; returns the number of its cells that ended (measured or failed):
   * all of them, unless the run was canceled mid-way, when only those that ended before the kill
   * count (so "canceled after N of M cells" is what was stored).
   */
  async run(job: PlannedJob): Promise<number> {
    const key = `${job.column}\0${job.pkg}\0${job.benchtime}`;
    const excluded = this.excluded.get(key) ?? new Set<string>();
    this.excluded.set(key, excluded);
    let todo = job.benchmarks.filter((b) => !excluded.has(b));
    const ended = new Set(job.benchmarks.filter((b) => excluded.has(b)));
    const endedIn = (p: ParsedProcess) => {
      for (const b of endedTops(p)) ended.add(b);
    };
    while (todo.length > 0 && !this.ctl.abort.signal.aborted) {
      const parsed = await this.runProcess(job, todo, todo.length !== job.benchmarks.length);
      if (!parsed) return job.benchmarks.length;
      const { process: p, exit, launched } = parsed;
      if (launched.spawnError !== undefined) {
        // The binary could not start (removed, not executable, arguments too long): every cell
        // of this process fails with the reason; the run goes on with the others.
        const message = `could not start the test binary ${pkgBinary(this.pkgs, job)}: ${launched.spawnError}`;
        for (const b of todo) {
          this.recordFailure(job, b, 'spawn-failed', message);
          excluded.add(b);
          ended.add(b);
        }
        this.log(`${job.pkg} at ${this.columns[job.column].label}: ${message}`);
        return job.benchmarks.filter((b) => ended.has(b)).length;
      }
      endedIn(p);
      if (exit.kind === 'killed' && exit.reason === 'canceled') return job.benchmarks.filter((b) => ended.has(b)).length;
      // Output over the cap is the flooding benchmark's failure, also when the process ended
      // before the periodic size check stopped it (so the outcome does not depend on timing).
      // The launcher writes no byte past the cap, and says how many the process wrote.
      const killedForOutput = exit.kind === 'killed' && exit.reason === 'output-limit';
      const over = killedForOutput || p.bytes > MAX_OUTPUT_BYTES || launched.outputBytes > MAX_OUTPUT_BYTES;
      const flooder = over ? (p.runningAtMark ?? null) : null;
      if (flooder && !killedForOutput && todo.includes(flooder) && !excluded.has(flooder)) {
        this.recordFailure(job, flooder, 'output-limit', `output exceeded ${MAX_OUTPUT_BYTES} bytes`);
        excluded.add(flooder);
        this.log(
          `${flooder} (${this.columns[job.column].label}, round ${job.round}) flooded its output: more than ${MAX_OUTPUT_BYTES} bytes`,
        );
      }
      const clean = exit.kind === 'exited' && (exit.exitCode === 0 || (exit.exitCode === 1 && p.ended === 'fail' && !p.crash));
      if (clean) {
        this.noteMissingResults(job, p, todo);
        return job.benchmarks.length;
      }
      // An output flood is blamed on the benchmark that was running when the output passed the
      // cap (a fast writer overshoots it before the size check lands), not on whichever ran last.
      const culprit = (killedForOutput ? flooder : null) ?? p.runningAtEnd ?? (p.started.length ? p.started[p.started.length - 1] : null);
      const kind = exit.kind === 'killed' ? (exit.reason === 'output-limit' ? 'output-limit' : 'timeout') : (p.crash?.kind ?? 'crash');
      const message =
        launched.spawnError !== undefined
          ? `the benchmark process could not start: ${launched.spawnError}`
          : exit.kind === 'killed'
            ? exit.reason === 'output-limit'
              ? `output exceeded ${MAX_OUTPUT_BYTES} bytes: the process was stopped`
              : `still running after the timeout of ${this.spec.timeout}: the process was stopped`
            : (p.crash?.message ??
              (p.log.slice(-20).join('\n') ||
                `exit ${exit.kind === 'exited' ? exit.exitCode : exit.kind === 'signaled' ? exit.signal : exit.message}`));
      if (culprit === null || !todo.includes(culprit)) {
        // Died before any selected benchmark started (init panic, TestMain, bad flag): every cell of the process fails.
        if (/invalid regexp/.test(message)) {
          fail('InvalidRegex', { regex: this.spec.bench, reason: message });
        }
        for (const b of todo) {
          this.recordFailure(job, b, kind, message);
          excluded.add(b);
        }
        this.log(
          `${job.pkg} at ${this.columns[job.column].label}: the test binary failed before its benchmarks ran: ${message.split('\n')[0]}`,
        );
        return job.benchmarks.length;
      }
      this.recordFailure(job, culprit, kind, message);
      excluded.add(culprit);
      // A later benchmark of the same process that crashed before the kill landed fails with its
      // own message (a SIGQUIT dump after our kill is ours, not its crash: that one runs again).
      const ownCrash = p.crash && !(exit.kind === 'killed' && /^SIGQUIT/.test(p.crash.message));
      if (p.crash && ownCrash && p.runningAtEnd && p.runningAtEnd !== culprit && todo.includes(p.runningAtEnd)) {
        this.recordFailure(job, p.runningAtEnd, p.crash.kind, p.crash.message);
        excluded.add(p.runningAtEnd);
      }
      this.log(
        `${culprit} (${this.columns[job.column].label}, round ${job.round}) ${kind === 'timeout' ? 'timed out' : kind === 'output-limit' ? 'flooded its output' : 'crashed'}: ${message.split('\n')[0]}`,
      );
      // What comes after the culprit runs again, except benchmarks that finished with a result.
      const measured = new Set(p.results.map((r) => r.top));
      todo = todo.filter((b) => todo.indexOf(b) > todo.indexOf(culprit) && !excluded.has(b) && !measured.has(b));
    }
    return this.ctl.abort.signal.aborted ? job.benchmarks.filter((b) => ended.has(b)).length : job.benchmarks.length;
  }

  /**
   * A benchmark that ran in a process that ended cleanly but left no result line the parser
   * could read (a line another writer broke beyond repair, say): its sample is missing, and the
   * run says so instead of showing one sample fewer without a word. Not when the pattern has a
   * sub-benchmark level for it: Go then runs it once to look for sub-benchmarks and may rightly
   * report nothing.
   */
  private noteMissingResults(job: PlannedJob, p: ParsedProcess, todo: readonly string[]): void {
    const got = new Set([...p.results.map((r) => r.top), ...p.failures.map((f) => f.top)]);
    for (const b of todo) {
      if (!p.started.includes(b) || got.has(b) || !reportsWhenRun(b, this.spec.bench)) continue;
      const tail = p.log.slice(-3).join(' | ');
      this.notes.push(
        `${b} (${this.columns[job.column].label}, round ${job.round}): the process ended cleanly but printed no result line Perflab could read; this sample is missing${tail ? ` (its last output: ${tail.slice(0, 300)})` : ''}`,
      );
    }
  }

  private recordFailure(job: PlannedJob, name: string, kind: CellFailure['kind'], message: string): void {
    addFailure(this.deps.store.db, this.ctl.runId, this.columns[job.column].runRefId, {
      pkg: job.pkg,
      name,
      benchtime: job.benchtime,
      round: job.round,
      kind,
      message,
    });
    if (kind !== 'skip') this.failedCells++;
  }

  private async runProcess(job: PlannedJob, todo: readonly string[], restricted: boolean) {
    const col = this.columns[job.column];
    const pkg = this.pkgs.get(job.column)?.get(job.pkg);
    if (!pkg) return null;
    const bench = restricted ? restrictBenchRegex(this.spec.bench, todo) : this.spec.bench;
    if (bench === null) return null;
    const dir = join(this.deps.paths.runs, String(this.ctl.runId));
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const outFile = join(dir, `${String(++this.seq).padStart(5, '0')}.out`);
    const args = benchArgs({ bench, benchtime: job.benchtime, cpu: this.cpuList, timeout: this.spec.timeout });
    if (this.launcher && !this.launcher.alive && !this.launcherLossNoted) {
      this.launcherLossNoted = true;
      this.notes.push(
        `${this.launcher.deathMessage()} mid-run: later benchmark processes ran without it (no rusage, output cap checked every 250 ms)`,
      );
      this.log(`${this.launcher.deathMessage()}: later benchmark processes run without it`);
    }
    const handle = startBenchProcess(this.launcher, pkg.binary, args, {
      cwd: pkg.dir,
      env: col.benchEnv,
      outFile,
      maxOutputBytes: MAX_OUTPUT_BYTES,
      wallTimeoutMs: processWallTimeoutMs(this.spec.timeout),
    });
    const { db } = this.deps.store;
    const onAbort = () => handle.kill('canceled');
    this.ctl.abort.signal.addEventListener('abort', onAbort);
    if (this.ctl.abort.signal.aborted) onAbort();
    const t0 = performance.now();
    const started = await handle.started;
    if (started) updateRun(db, this.ctl.runId, { childPgid: started.pid, childStart: started.startTicks });
    const launched = await handle.done;
    this.processMs += launched.wallSec !== null ? launched.wallSec * 1000 : performance.now() - t0;
    this.ctl.abort.signal.removeEventListener('abort', onAbort);
    if (!existsSync(outFile)) writeFileSync(outFile, '');
    // The launcher writes at most the cap: the benchmark running when it was reached is the flood's source.
    const p = await parseBenchOutputFile(outFile, { markAt: MAX_OUTPUT_BYTES - 1 });
    // What the process left (its usage, results and failures, and that no child runs now) is
    // committed at once, in one transaction, before the next process starts.
    // Its events go out once it is committed.
    const announce = db
      .transaction(() => {
        if (started) updateRun(db, this.ctl.runId, { childPgid: null, childStart: null });
        this.storeUsage(job, col, todo, launched);
        // After a cancel the output ends in the goroutine dump of our own SIGQUIT: it stays in the
        // stored raw output (runs/ID/*.out) and stays out of the log, which says "canceled" once.
        return this.store(job, col, p, launched.exit.kind === 'killed' && launched.exit.reason === 'canceled');
      })
      .immediate();
    announce();
    return { process: p, exit: launched.exit, launched };
  }

  private storeUsage(job: PlannedJob, col: Column, benchmarks: readonly string[], r: LaunchResult): void {
    addProcessUsage(this.deps.store.db, this.ctl.runId, col.runRefId, {
      pkg: job.pkg,
      purpose: 'bench',
      round: job.round,
      benchtime: job.benchtime,
      benchmarks,
      ...usageFields(r),
    });
  }

  /** Stores what a process printed; returns what announces it (its events and log lines). */
  private store(job: PlannedJob, col: Column, p: ParsedProcess, canceled = false): () => void {
    const config = Object.fromEntries(p.config);
    const rows: NewResult[] = p.results.map((r) => {
      const { name, cpu } = splitProcs(r.fullName, r.runName, this.cpuList);
      return {
        runRefId: col.runRefId,
        config,
        pkg: job.pkg,
        name,
        cpu,
        benchtime: job.benchtime,
        iterations: r.iterations,
        round: job.round,
        metrics: r.values.map((v) => {
          const t = tidyValue(v.value, v.unit);
          return { unit: t.unit, value: t.value, rawUnit: v.unit, rawValue: v.value };
        }),
      };
    });
    this.results += insertResults(this.deps.store.db, this.ctl.runId, rows);
    for (const f of p.failures) {
      if (f.kind === 'skip') {
        const k = `${col.index}\0${job.pkg}\0${f.name}`;
        if (this.skipsNoted.has(k)) continue;
        this.skipsNoted.add(k);
        this.notes.push(`${job.pkg}.${f.name} skipped at ${col.label}${f.message ? `: ${f.message.split('\n')[0]}` : ''}`);
      }
      this.recordFailure(job, f.name, f.kind, f.message);
    }
    return () => {
      for (const r of rows) {
        const ns = r.metrics.find((m) => m.unit === 'sec/op');
        this.deps.emit({
          type: 'run-result',
          runId: this.ctl.runId,
          refLabel: col.label,
          pkg: r.pkg,
          name: r.name,
          cpu: r.cpu,
          round: r.round,
          secPerOp: ns ? ns.value : null,
        });
      }
      if (!canceled) for (const l of p.log.slice(0, 50)) this.log(l, 'output');
      if (p.longLines) this.log(`${p.longLines} over-long output lines were truncated`);
    };
  }
}

function pkgBinary(pkgs: ReadonlyMap<number, ReadonlyMap<string, ColumnPackage>>, job: PlannedJob): string {
  return pkgs.get(job.column)?.get(job.pkg)?.binary ?? job.pkg;
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
  return { name: fullName, cpu: cpuList.includes(1) ? 1 : (cpuList[0] ?? 1) };
}
