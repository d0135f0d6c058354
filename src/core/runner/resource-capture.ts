// Resource runs (`--resources`), after the timing rounds: for each round, one process per
// (ref, package, benchmark) run with `-test.benchtime=Nx` (N from the timing rounds), through
// the run's launcher, which reports wait4's rusage, with stderr in a file of its own so the
// runtime's GODEBUG=gctrace=1 lines stay out of the result lines. Each process becomes one
// stored result of the benchmark with the units peak-RSS-B (ru_maxrss of the test binary: the
// largest single process, not a sum over its tree), user-sec/op and sys-sec/op (CPU time of
// the whole process divided by the iterations it ran), GCs/op and STW-sec/op (gctrace.ts).
// These processes never feed the timing statistics: their own sec/op, B/op and allocs/op
// lines are not stored. --count of them gives the figures the same statistics as time.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { benchArgs } from '../go/test-binary.js';
import type { LaunchResult } from '../proc/launcher.js';
import { addProcessUsage } from '../store/process-usage.js';
import { insertResults, readStoredResults, type StoredMetric, type StoredResult } from '../store/results.js';
import { addFailure } from '../store/runs.js';
import { exactBenchRegex } from './bench-regex.js';
import { parseBenchOutputFile } from './bench-output.js';
import { exitText, usageFields } from './bench-process.js';
import { processWallTimeoutMs } from './durations.js';
import { parseGcTrace } from './gctrace.js';
import { splitProcs } from './jobs.js';
import { loopBenchmarksIn } from './loop-benchmarks.js';
import type { CaptureContext } from './profile-capture.js';
import { iterationsOfN } from './profile-iterations.js';
import type { Column, ColumnPackage } from './columns.js';
import type { RunDeps } from './run-deps.js';

/** The units a resource process stores (all lower-is-better). */
export const RESOURCE_UNITS = ['peak-RSS-B', 'user-sec/op', 'sys-sec/op', 'GCs/op', 'STW-sec/op'] as const;

const MAX_OUTPUT = 64 << 20;

interface Work {
  readonly col: Column;
  readonly pkg: ColumnPackage;
  readonly top: string;
  readonly leaf: string;
  readonly n: number;
  readonly loop: boolean;
  readonly round: number;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** GODEBUG with gctrace=1 added to what the run sets (a later setting wins in Go's parser). */
export function withGcTrace(godebug: string | undefined): string {
  return godebug && godebug.trim() ? `${godebug},gctrace=1` : 'gctrace=1';
}

/**
 * N per leaf benchmark (a sub-benchmark, or a top-level one without subs) of one column and
 * package at the given -cpu and benchtime: the median b.N the timing rounds ran.
 */
export function resourceIterations(
  timing: readonly StoredResult[],
  o: {
    readonly runRefId: number;
    readonly pkg: string;
    readonly top: string;
    readonly cpu: number;
    readonly benchtime: string;
  },
): Map<string, number> {
  const per = new Map<string, number[]>();
  for (const r of timing) {
    if (r.refId !== o.runRefId || r.pkg !== o.pkg || r.cpu !== o.cpu || r.benchtime !== o.benchtime) continue;
    if (r.name !== o.top && !r.name.startsWith(`${o.top}/`)) continue;
    if (!r.metrics.some((m) => m.unit === 'sec/op')) continue;
    const list = per.get(r.name) ?? [];
    list.push(r.iterations);
    per.set(r.name, list);
  }
  return new Map([...per].map(([name, ns]) => [name, Math.max(1, Math.round(median(ns)))]));
}

export async function captureResources(deps: RunDeps, c: CaptureContext): Promise<void> {
  const { db } = deps.store;
  if (!c.launcher?.alive) {
    c.notes.push('resources: skipped: they need the launcher (wait4 rusage), which this run does not have');
    c.log('resources skipped: no launcher');
    return;
  }
  const cpu = c.cpuList[c.cpuList.length - 1];
  const benchtime = c.spec.benchtime[0];
  const timing = readStoredResults(db, c.runId);
  const loops = new Map<string, Set<string>>();
  const work: Work[] = [];
  for (let round = 1; round <= c.spec.count; round++) {
    // The column order rotates between rounds, as the timing rounds do, so drift hits all refs alike.
    const cols = c.columns.map((_, i) => c.columns[(i + round - 1) % c.columns.length]);
    for (const col of cols) {
      for (const pkg of c.pkgs.get(col.index)?.values() ?? []) {
        let loop = loops.get(pkg.dir);
        if (!loop) {
          loop = await loopBenchmarksIn(pkg.dir);
          loops.set(pkg.dir, loop);
        }
        for (const top of pkg.selected) {
          const its = resourceIterations(timing, { runRefId: col.runRefId, pkg: pkg.importPath, top, cpu, benchtime });
          for (const [leaf, n] of its) work.push({ col, pkg, top, leaf, n, loop: loop.has(top), round });
        }
      }
    }
  }
  c.notes.push(
    `resources: ${work.length} processes (${c.spec.count} rounds), ` +
      `-benchtime=Nx with N the median b.N of the -benchtime=${benchtime} timing results, ` +
      `-cpu=${cpu}, GODEBUG=gctrace=1; per-op figures divide by N+1 iterations (N for b.Loop benchmarks) and include the process's start; ` +
      'peak-RSS-B is ru_maxrss of the test binary (the largest single process, not a sum over its tree)',
  );
  const tmp = join(deps.paths.tmp, `run-${c.runId}-resources`);
  mkdirSync(tmp, { recursive: true, mode: 0o700 });
  const t0 = Date.now();
  let done = 0;
  try {
    for (const w of work) {
      if (c.signal.aborted) break;
      const eta = done > 0 ? Math.round(((Date.now() - t0) / done) * (work.length - done)) : null;
      const current = { refLabel: w.col.label, pkg: w.pkg.importPath, round: w.round, benchtime: `${w.n}x`, bench: w.leaf };
      c.setProgress({ phase: 'resources', done, total: work.length, etaMs: eta, current });
      await runOne(deps, c, w, cpu, benchtime, join(tmp, String(done)));
      done++;
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

async function runOne(deps: RunDeps, c: CaptureContext, w: Work, cpu: number, benchtime: string, base: string): Promise<void> {
  const { db } = deps.store;
  const outFile = `${base}.out`;
  const errFile = `${base}.err`;
  const env = { ...w.col.benchEnv, GODEBUG: withGcTrace(w.col.benchEnv.GODEBUG) };
  const args = benchArgs({ bench: exactBenchRegex(w.leaf), benchtime: `${w.n}x`, cpu: [cpu], timeout: c.spec.timeout });
  const handle = c.launcher!.run({
    file: w.pkg.binary,
    args,
    cwd: w.pkg.dir,
    env,
    stdout: outFile,
    stderr: errFile,
    maxOutputBytes: MAX_OUTPUT,
    timeoutMs: processWallTimeoutMs(c.spec.timeout),
  });
  const onAbort = () => handle.kill('canceled');
  c.signal.addEventListener('abort', onAbort);
  const launched = await handle.done;
  c.signal.removeEventListener('abort', onAbort);
  storeUsage(deps, c.runId, w, `${w.n}x`, launched);
  if (c.signal.aborted) return;
  const fail = (message: string) => {
    const f = {
      pkg: w.pkg.importPath,
      name: w.leaf,
      benchtime,
      round: w.round,
      kind: 'crash' as const,
      message: `resource run failed: ${message}`,
    };
    addFailure(db, c.runId, w.col.runRefId, f);
    c.log(`resources of ${w.leaf} at ${w.col.label} (round ${w.round}) failed: ${message.split('\n')[0]}`);
  };
  const stderr = existsSync(errFile) ? readFileSync(errFile, 'utf8') : '';
  if (launched.spawnError !== undefined) return fail(`could not start the test binary ${w.pkg.binary}: ${launched.spawnError}`);
  const parsed = existsSync(outFile) ? await parseBenchOutputFile(outFile) : null;
  const result = parsed?.results.find((r) => splitProcs(r.fullName, r.runName, [cpu]).name === w.leaf);
  if (launched.exit.kind !== 'exited' || launched.exit.exitCode !== 0 || !result || !launched.usage) {
    const tail = stderr
      .split('\n')
      .filter((l) => !l.startsWith('gc '))
      .slice(-20)
      .join('\n')
      .trim();
    const exit = launched.usage ? exitText(launched) : `${exitText(launched)} (no resource usage reported)`;
    return fail(parsed?.crash?.message ?? (tail || (parsed?.log.slice(-10).join('\n') ?? '') || exit));
  }
  const iterations = w.loop ? w.n : iterationsOfN(w.n);
  const gc = parseGcTrace(stderr);
  const u = launched.usage;
  const metric = (unit: string, value: number): StoredMetric => ({ unit, value, rawUnit: unit, rawValue: value });
  insertResults(db, c.runId, [
    {
      runRefId: w.col.runRefId,
      config: Object.fromEntries(parsed!.config),
      pkg: w.pkg.importPath,
      name: w.leaf,
      cpu,
      benchtime,
      iterations: result.iterations,
      round: w.round,
      metrics: [
        metric('peak-RSS-B', u.maxRssBytes),
        metric('user-sec/op', u.userSec / iterations),
        metric('sys-sec/op', u.sysSec / iterations),
        metric('GCs/op', gc.gcs / iterations),
        metric('STW-sec/op', gc.stwSec / iterations),
      ],
    },
  ]);
}

function storeUsage(deps: RunDeps, runId: number, w: Work, benchtime: string, r: LaunchResult): void {
  addProcessUsage(deps.store.db, runId, w.col.runRefId, {
    pkg: w.pkg.importPath,
    purpose: 'resources',
    round: w.round,
    benchtime,
    benchmarks: [w.leaf],
    ...usageFields(r),
  });
}
