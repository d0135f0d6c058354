// Profiled runs, after the timing runs: one process per (column, package, benchmark, kind),
// because a trace or a memory/block rate in the same process distorts a CPU profile. Each
// uses a time-based benchtime (a `100x` run yields almost no CPU samples) and absolute
// profile paths in an app-owned directory. Files are stored content-addressed under
// profiles/ and a row is written only once its file is in place. Profiled runs never feed
// the statistics: their benchmark results are not stored.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fail } from '../../shared/errors.js';
import type { Progress, ProfileKind, ProfileRecord, RunSpec } from '../../shared/models.js';
import { benchArgs, type BenchRunArgs } from '../go/test-binary.js';
import { deriveTraceProfile } from '../go/go-tool-trace.js';
import type { Launcher, LaunchResult } from '../proc/launcher.js';
import { insertProfile } from '../store/profiles.js';
import { addProcessUsage } from '../store/process-usage.js';
import { addFailure } from '../store/runs.js';
import { restrictBenchRegex } from './bench-regex.js';
import { startBenchProcess, usageFields } from './bench-process.js';
import { parseBenchOutputFile } from './bench-output.js';
import { goDurationMs, processWallTimeoutMs } from './durations.js';
import { profileIterations } from './profile-iterations.js';
import { loopBenchmarksIn } from './loop-benchmarks.js';
import { readStoredResults } from '../store/results.js';
import type { Column, ColumnPackage } from './columns.js';
import type { RunDeps } from './run-deps.js';

export interface CaptureContext {
  readonly runId: number;
  readonly spec: RunSpec;
  readonly columns: readonly Column[];
  readonly pkgs: ReadonlyMap<number, ReadonlyMap<string, ColumnPackage>>;
  readonly cpuList: readonly number[];
  readonly notes: string[];
  readonly signal: AbortSignal;
  /** The run's launcher (null: processes are spawned as plain process groups). */
  readonly launcher: Launcher | null;
  log(line: string): void;
  setProgress(p: Progress): void;
}

const TRACE_DERIVED = ['sched', 'sync', 'syscall', 'net'] as const;

/** Where a stored profile lives (content-addressed). */
export function profilePath(profilesDir: string, sha256: string, kind: string): string {
  return join(profilesDir, sha256.slice(0, 2), `${sha256}${kind === 'trace' ? '.trace' : '.pb.gz'}`);
}

export async function captureProfiles(deps: RunDeps, c: CaptureContext): Promise<void> {
  const kinds = [...new Set(c.spec.profile)];
  const work: { col: Column; pkg: ColumnPackage; bench: string; kind: ProfileKind }[] = [];
  for (const col of c.columns) {
    for (const pkg of c.pkgs.get(col.index)?.values() ?? []) {
      for (const bench of pkg.selected) for (const kind of kinds) work.push({ col, pkg, bench, kind });
    }
  }
  const tmp = join(deps.paths.tmp, `run-${c.runId}`);
  mkdirSync(tmp, { recursive: true, mode: 0o700 });
  const cpu = [c.cpuList[c.cpuList.length - 1]];
  const timing = readStoredResults(deps.store.db, c.runId);
  c.notes.push(
    `profiles: -benchtime=Nx lasting about ${c.spec.profileBenchtime} (N from the timing results; diffs divide by N+1), -cpu=${cpu[0]}` +
      `${kinds.includes('mem') ? `, -memprofilerate=${c.spec.memProfileRate ?? 'Go default (512 KiB)'}` : ''}` +
      `${kinds.includes('block') ? `, -blockprofilerate=${c.spec.blockProfileRate ?? 1}` : ''}` +
      `${kinds.includes('mutex') ? `, -mutexprofilefraction=${c.spec.mutexProfileFraction ?? 1}` : ''}`,
  );
  let done = 0;
  const loopSets = new Map<string, Set<string>>();
  const t0 = Date.now();
  // Until the first profile ends, a time benchtime gives a floor (Go runs at least that long per
  // benchmark); after it, the mean time per profile so far.
  let perProfileMs: number | null = null;
  try {
    perProfileMs = goDurationMs(c.spec.profileBenchtime);
  } catch {
    /* an `Nx` benchtime: no estimate yet */
  }
  const eta = () => {
    const per = done > 0 ? (Date.now() - t0) / done : perProfileMs;
    return per === null ? null : Math.round(per * (work.length - done));
  };
  for (const w of work) {
    if (c.signal.aborted) break;
    c.setProgress({
      phase: 'profile',
      done,
      total: work.length,
      etaMs: eta(),
      current: { refLabel: w.col.label, pkg: w.pkg.importPath, round: 0, benchtime: c.spec.profileBenchtime, bench: w.bench },
    });
    const bench = restrictBenchRegex(c.spec.bench, [w.bench]);
    if (bench === null) continue;
    const file = join(tmp, `${done}.${w.kind}`);
    const its = profileIterations(timing, {
      runRefId: w.col.runRefId,
      pkg: w.pkg.importPath,
      bench: w.bench,
      cpu: cpu[0],
      profileBenchtime: c.spec.profileBenchtime,
    });
    const a: BenchRunArgs = {
      bench,
      benchtime: its?.benchtime ?? c.spec.profileBenchtime,
      cpu,
      timeout: c.spec.timeout,
      ...(w.kind === 'cpu' ? { cpuprofile: file } : {}),
      ...(w.kind === 'mem' ? { memprofile: file, ...(c.spec.memProfileRate ? { memprofilerate: c.spec.memProfileRate } : {}) } : {}),
      ...(w.kind === 'block' ? { blockprofile: file, blockprofilerate: c.spec.blockProfileRate ?? 1 } : {}),
      ...(w.kind === 'mutex' ? { mutexprofile: file, mutexprofilefraction: c.spec.mutexProfileFraction ?? 1 } : {}),
      ...(w.kind === 'trace' ? { trace: file } : {}),
    };
    const outFile = `${file}.out`;
    const handle = startBenchProcess(c.launcher, w.pkg.binary, benchArgs(a), {
      cwd: w.pkg.dir,
      env: w.col.benchEnv,
      outFile,
      maxOutputBytes: 64 << 20,
      wallTimeoutMs: processWallTimeoutMs(c.spec.timeout),
    });
    const onAbort = () => handle.kill('canceled');
    c.signal.addEventListener('abort', onAbort);
    const launched = await handle.done;
    const exit = launched.exit;
    c.signal.removeEventListener('abort', onAbort);
    storeProfileUsage(deps, c.runId, w.col.runRefId, w.pkg.importPath, `profile-${w.kind}`, c.spec.profileBenchtime, [w.bench], launched);
    done++;
    if (c.signal.aborted) break;
    if (exit.kind === 'spawn-failed') {
      const message = `could not start the test binary ${w.pkg.binary} (${exit.errno}): ${exit.message}`;
      addFailure(deps.store.db, c.runId, w.col.runRefId, {
        pkg: w.pkg.importPath,
        name: w.bench,
        benchtime: c.spec.profileBenchtime,
        round: 0,
        kind: 'spawn-failed',
        message: `${w.kind} profile run failed: ${message}`,
      });
      c.log(`${w.kind} profile of ${w.bench} at ${w.col.label} failed: ${message}`);
      continue;
    }
    if (exit.kind !== 'exited' || exit.exitCode !== 0 || !existsSync(file)) {
      const parsed = await parseBenchOutputFile(outFile);
      const message = parsed.crash?.message ?? (parsed.log.slice(-10).join('\n') || 'no profile written');
      addFailure(deps.store.db, c.runId, w.col.runRefId, {
        pkg: w.pkg.importPath,
        name: w.bench,
        benchtime: c.spec.profileBenchtime,
        round: 0,
        kind: 'crash',
        message: `${w.kind} profile run failed: ${message}`,
      });
      c.log(`${w.kind} profile of ${w.bench} at ${w.col.label} failed: ${message.split('\n')[0]}`);
      continue;
    }
    // A b.Loop benchmark at -benchtime=Nx loops exactly N times (no separate probe run).
    let loops = loopSets.get(w.pkg.dir);
    if (!loops) {
      loops = await loopBenchmarksIn(w.pkg.dir);
      loopSets.set(w.pkg.dir, loops);
    }
    const iterations = its ? (loops.has(w.bench) ? Number(its.benchtime.slice(0, -1)) : its.iterations) : null;
    const stored = storeProfile(deps, c.runId, w.col.runRefId, w.pkg.importPath, w.bench, w.kind, file, iterations);
    c.log(
      `${w.kind} profile of ${w.bench} at ${w.col.label}: ${stored.size} bytes, ${iterations === null ? `-benchtime=${c.spec.profileBenchtime} (no timing result to count iterations by)` : `${iterations} iterations`}`,
    );
    if (w.kind === 'trace') {
      for (const d of TRACE_DERIVED) {
        if (c.signal.aborted) break;
        const out = `${file}.${d}.pb`;
        try {
          await deriveTraceProfile({
            goBin: deps.go.bin,
            env: w.col.buildEnv,
            cwd: w.pkg.dir,
            traceFile: stored.path,
            kind: d,
            out,
            signal: c.signal,
          });
          if (existsSync(out) && statSync(out).size > 0)
            storeProfile(deps, c.runId, w.col.runRefId, w.pkg.importPath, w.bench, `trace-${d}`, out, iterations);
        } catch (err) {
          c.log(`go tool trace -pprof=${d} failed for ${w.bench}: ${(err as Error).message}`);
        }
      }
    }
  }
  rmSync(tmp, { recursive: true, force: true });
}

/** Moves a file into the content-addressed store, then writes its row. */
export function storeProfile(
  deps: RunDeps,
  runId: number,
  runRefId: number | null,
  pkg: string,
  benchmark: string,
  kind: ProfileRecord['kind'],
  file: string,
  iterations: number | null = null,
): { id: number; sha256: string; size: number; path: string } {
  const bytes = readFileSync(file);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const dest = profilePath(deps.paths.profiles, sha256, kind);
  mkdirSync(join(dest, '..'), { recursive: true, mode: 0o700 });
  if (!existsSync(dest)) renameSync(file, dest);
  const id = insertProfile(deps.store.db, runId, { runRefId, pkg, benchmark, kind, sha256, size: bytes.length, iterations });
  return { id, sha256, size: bytes.length, path: dest };
}

function storeProfileUsage(
  deps: RunDeps,
  runId: number,
  runRefId: number | null,
  pkg: string,
  purpose: string,
  benchtime: string,
  benchmarks: readonly string[],
  r: LaunchResult,
): void {
  addProcessUsage(deps.store.db, runId, runRefId, {
    pkg,
    purpose,
    round: 0,
    benchtime,
    benchmarks,
    ...usageFields(r),
  });
}

/** A CPU profile of one package's selected benchmarks, for building with -pgo (the PGO loop). */
export async function capturePgoProfile(
  deps: RunDeps,
  c: {
    readonly runId: number;
    readonly spec: RunSpec;
    readonly column: Column;
    readonly pkg: ColumnPackage;
    readonly cpuList: readonly number[];
    readonly signal: AbortSignal;
    readonly launcher: Launcher | null;
  },
): Promise<string> {
  const tmp = join(deps.paths.tmp, `run-${c.runId}`);
  mkdirSync(tmp, { recursive: true, mode: 0o700 });
  const file = join(tmp, `pgo-${c.column.index}-${createHash('sha256').update(c.pkg.importPath).digest('hex').slice(0, 12)}.pprof`);
  const bench = restrictBenchRegex(c.spec.bench, c.pkg.selected) ?? c.spec.bench;
  const handle = startBenchProcess(
    c.launcher,
    c.pkg.binary,
    benchArgs({
      bench,
      benchtime: c.spec.profileBenchtime,
      cpu: [c.cpuList[c.cpuList.length - 1]],
      timeout: c.spec.timeout,
      cpuprofile: file,
    }),
    {
      cwd: c.pkg.dir,
      env: c.column.benchEnv,
      outFile: `${file}.out`,
      maxOutputBytes: 64 << 20,
      wallTimeoutMs: processWallTimeoutMs(c.spec.timeout),
    },
  );
  const onAbort = () => handle.kill('canceled');
  c.signal.addEventListener('abort', onAbort);
  const launched = await handle.done;
  const exit = launched.exit;
  c.signal.removeEventListener('abort', onAbort);
  storeProfileUsage(deps, c.runId, c.column.runRefId, c.pkg.importPath, 'profile-pgo', c.spec.profileBenchtime, c.pkg.selected, launched);
  c.signal.throwIfAborted();
  if (exit.kind === 'spawn-failed') {
    fail('BuildFailed', {
      pkg: c.pkg.importPath,
      ref: `${c.column.label} (PGO profile)`,
      output: `could not start the test binary ${c.pkg.binary} (${exit.errno}): ${exit.message}`,
    });
  }
  if (exit.kind !== 'exited' || exit.exitCode !== 0 || !existsSync(file)) {
    const parsed = await parseBenchOutputFile(`${file}.out`);
    fail('BuildFailed', {
      pkg: c.pkg.importPath,
      ref: `${c.column.label} (PGO profile)`,
      output: parsed.crash?.message ?? parsed.log.slice(-20).join('\n'),
    });
  }
  return storeProfile(deps, c.runId, c.column.runRefId, c.pkg.importPath, '(pgo)', 'cpu', file).path;
}
