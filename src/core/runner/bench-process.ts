// One benchmark or profile process of a run: through the run's launcher (proc/launcher.ts) when
// it has one, else as a process group that Node spawns itself (proc/process-group.ts: no
// rusage, the output cap checked every 250 ms, a daemon that left the group not stopped). The
// run opens its launcher once (openRunLauncher) and closes it when it ends.
import { rmSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { goCommandEnv } from '../go/go-env.js';
import { ensureLauncher, Launcher, type LaunchHandle, type LaunchResult } from '../proc/launcher.js';
import { spawnGroup } from '../proc/process-group.js';
import { processStartTicks } from '../proc/process-identity.js';
import type { RunDeps } from './run-deps.js';

export interface BenchProcessOptions {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  readonly outFile: string;
  readonly maxOutputBytes: number;
  readonly wallTimeoutMs: number;
}

/**
 * Builds (first time only) and starts the run's launcher. Null, with a note saying what is
 * lost, when it cannot be had (PERFLAB_LAUNCHER=off, an unsupported system, a failed build).
 */
export async function openRunLauncher(
  deps: RunDeps,
  notes: string[],
  log: (l: string) => void,
  signal?: AbortSignal,
): Promise<Launcher | null> {
  const without =
    'benchmark processes run without it (no per-process resource usage; the output cap is checked every 250 ms; a daemon that leaves the process group is not stopped)';
  if (deps.processEnv.PERFLAB_LAUNCHER === 'off') {
    notes.push(`launcher off (PERFLAB_LAUNCHER=off): ${without}`);
    return null;
  }
  try {
    const build = async () => {
      const t0 = performance.now();
      const b = await ensureLauncher({
        goBin: deps.go.bin,
        env: goCommandEnv(deps.goEnv, deps.processEnv),
        binDir: deps.paths.bin,
        signal,
      });
      if (b.built) log(`built the launcher in ${Math.round(performance.now() - t0)} ms`);
      return b;
    };
    let b = await build();
    let l: Launcher;
    try {
      l = await Launcher.start(b.path);
    } catch (err) {
      if (b.built) throw err;
      // A damaged binary from an earlier build (a truncated file, say): build it again, once.
      log(`the launcher did not start (${(err as Error).message}); building it again`);
      rmSync(b.path, { force: true });
      b = await build();
      l = await Launcher.start(b.path);
    }
    if (!l.subreaper)
      notes.push('launcher: no child subreaper on this system: a daemon that leaves the process group (setsid) is not stopped');
    return l;
  } catch (err) {
    if (signal?.aborted) return null;
    const why = (err as Error).message.split('\n').slice(0, 4).join(' ');
    notes.push(`launcher unavailable (${why}): ${without}`);
    log(`launcher unavailable: ${why}`);
    return null;
  }
}

export function startBenchProcess(launcher: Launcher | null, file: string, args: readonly string[], o: BenchProcessOptions): LaunchHandle {
  if (launcher?.alive) {
    return launcher.run({
      file,
      args,
      cwd: o.cwd,
      env: o.env,
      stdout: o.outFile,
      maxOutputBytes: o.maxOutputBytes,
      timeoutMs: o.wallTimeoutMs,
    });
  }
  const t0 = performance.now();
  let g: ReturnType<typeof spawnGroup>;
  try {
    g = spawnGroup(file, args, {
      cwd: o.cwd,
      env: o.env,
      outFile: o.outFile,
      maxOutputBytes: o.maxOutputBytes,
      wallTimeoutMs: o.wallTimeoutMs,
    });
  } catch (err) {
    const done: LaunchResult = {
      exit: { kind: 'signaled', signal: 'spawn-error' },
      wallSec: null,
      usage: null,
      outputBytes: 0,
      orphansReaped: 0,
      spawnError: (err as Error).message,
    };
    return { started: Promise.resolve(null), done: Promise.resolve(done), kill: () => undefined };
  }
  const pid = g.pid;
  return {
    started: Promise.resolve({ pid, startTicks: processStartTicks(pid) }),
    done: g.done.then(
      (exit): LaunchResult =>
        exit.kind === 'spawn-failed'
          ? {
              exit: { kind: 'signaled', signal: 'spawn-error' },
              wallSec: null,
              usage: null,
              outputBytes: 0,
              orphansReaped: 0,
              spawnError: `${exit.errno}: ${exit.message}`,
            }
          : { exit, wallSec: (performance.now() - t0) / 1000, usage: null, outputBytes: 0, orphansReaped: 0 },
    ),
    kill: (reason) => void g.kill(reason),
  };
}

/** What the launcher reported of a process, as its process_usage row stores it (how it ended,
 * wall time, the OS's rusage; nulls where the launcher reported none). */
export function usageFields(r: LaunchResult) {
  const u = r.usage;
  return {
    exit: exitText(r),
    wallSec: r.wallSec,
    maxRssBytes: u?.maxRssBytes ?? null,
    userSec: u?.userSec ?? null,
    sysSec: u?.sysSec ?? null,
    nvcsw: u?.nvcsw ?? null,
    nivcsw: u?.nivcsw ?? null,
    majflt: u?.majflt ?? null,
    outputBytes: u ? r.outputBytes : null,
    orphansReaped: r.orphansReaped,
  };
}

/** How a process ended, as stored with its usage: `exit 0`, `signal SIGSEGV`, `killed: wall-timeout`. */
export function exitText(r: LaunchResult): string {
  if (r.spawnError !== undefined) return `spawn-error: ${r.spawnError}`;
  switch (r.exit.kind) {
    case 'exited':
      return `exit ${r.exit.exitCode}`;
    case 'signaled':
      return `signal ${r.exit.signal}`;
    case 'killed':
      return `killed: ${r.exit.reason}`;
    case 'spawn-failed':
      return `spawn-error: ${r.exit.errno}: ${r.exit.message}`;
  }
}
