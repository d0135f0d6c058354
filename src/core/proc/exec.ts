// The one way core runs a short external command: no shell, an argument array, an explicit
// environment (nothing inherited), captured output, and typed errors, and resource limits
// through the launcher's exec mode when a confinement is given (child-limits.ts); with a
// running launcher in it (a run's), that launcher starts the command and the lab forks nothing. The go and git
// runners build on it; long benchmark processes use process-group.ts instead.
import { existsSync } from 'node:fs';
import { fail } from '../../shared/errors.js';
import { confinedArgv, LAUNCHER_EXEC_FAILED, type Confinement, type LiveLauncher } from './child-limits.js';

export interface ExecOptions {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  readonly input?: string;
  /** Bytes of stdout/stderr kept in memory (default 64 MiB). */
  readonly maxBuffer?: number;
  /** Run under rlimits through this launcher (absent: no limits but the timeout). */
  readonly confine?: Confinement;
}

export interface ExecResult {
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly signal: string | null;
  readonly timedOut: boolean;
  readonly canceled: boolean;
}

/**
 * Runs `file args...` and returns its outcome whatever the exit code; the caller decides which
 * codes it expects. A missing executable is a ToolMissing error naming `tool`.
 */
export async function exec(tool: string, file: string, args: readonly string[], opts: ExecOptions): Promise<ExecResult> {
  const live = opts.confine?.live;
  if (live?.alive && opts.input === undefined) return execLive(tool, file, args, opts, live);
  // Loaded on first use: execa costs ~100-400 ms of start-up that commands which run nothing
  // (compare, show, runs) should not pay.
  const { execa } = await import('execa');
  // A launcher removed since the lab found it (its bin/ deleted, gc by another Perflab version):
  // the command runs bounded by its timeout only, as without a launcher.
  const confine = opts.confine && existsSync(opts.confine.launcher) ? opts.confine : undefined;
  const argv = confine ? confinedArgv(confine, file, args) : { file, args: [...args] };
  const r = await execa(argv.file, argv.args, {
    cwd: opts.cwd,
    env: { ...opts.env },
    extendEnv: false,
    reject: false,
    stripFinalNewline: false,
    timeout: opts.timeoutMs,
    cancelSignal: opts.signal,
    input: opts.input,
    stdin: opts.input === undefined ? 'ignore' : 'pipe',
    maxBuffer: opts.maxBuffer ?? 64 * 1024 * 1024,
    windowsHide: true,
    killSignal: 'SIGKILL',
  });
  const code = (r as { code?: string }).code ?? (r.cause as { code?: string } | undefined)?.code;
  if (code === 'ENOENT' && r.exitCode === undefined) {
    fail('ToolMissing', { tool, hint: `looked for ${argv.file}` });
  }
  // The launcher could not set a limit or exec the command: its message, not the command's.
  const launcherSaid = confine && r.exitCode === 127 && typeof r.stderr === 'string' ? LAUNCHER_EXEC_FAILED.exec(r.stderr) : null;
  if (launcherSaid) {
    if (/no such file or directory/.test(launcherSaid[0])) fail('ToolMissing', { tool, hint: `looked for ${file}` });
    fail('ToolFailed', { command: `${tool} ${args[0] ?? ''}`.trim(), exitCode: null, output: launcherSaid[0] });
  }
  if (r.exitCode === undefined && !r.signal && !r.timedOut && !r.isCanceled) {
    fail('ToolFailed', { command: `${tool} ${args[0] ?? ''}`.trim(), exitCode: null, output: r.message ?? '' });
  }
  return {
    exitCode: r.exitCode ?? null,
    stdout: typeof r.stdout === 'string' ? r.stdout : '',
    stderr: typeof r.stderr === 'string' ? r.stderr : '',
    signal: r.signal ?? null,
    timedOut: r.timedOut,
    canceled: r.isCanceled,
  };
}

/** Finds an executable on PATH (no shell); null when absent. */
export async function whichExecutable(name: string, pathEnv: string | undefined): Promise<string | null> {
  const { access, constants } = await import('node:fs/promises');
  const { join, delimiter, isAbsolute } = await import('node:path');
  if (isAbsolute(name)) {
    try {
      await access(name, constants.X_OK);
      return name;
    } catch {
      return null;
    }
  }
  for (const dir of (pathEnv ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      /* next */
    }
  }
  return null;
}

/** The same command started by a running launcher (no fork of the lab; same limits, same outcome). */
async function execLive(tool: string, file: string, args: readonly string[], opts: ExecOptions, live: LiveLauncher): Promise<ExecResult> {
  const r = await live.exec({
    file,
    args,
    cwd: opts.cwd,
    env: opts.env,
    limits: opts.confine!.limits,
    timeoutMs: opts.timeoutMs ?? 0,
    maxOutputBytes: opts.maxBuffer ?? 64 * 1024 * 1024,
    signal: opts.signal,
  });
  if (r.spawnError !== undefined) {
    if (r.errno === 'ENOENT') fail('ToolMissing', { tool, hint: `looked for ${file}` });
    fail('ToolFailed', { command: `${tool} ${args[0] ?? ''}`.trim(), exitCode: null, output: r.spawnError });
  }
  const launcherSaid = r.exitCode === 127 ? LAUNCHER_EXEC_FAILED.exec(r.stderr) : null;
  if (launcherSaid) {
    if (/no such file or directory/.test(launcherSaid[0])) fail('ToolMissing', { tool, hint: `looked for ${file}` });
    fail('ToolFailed', { command: `${tool} ${args[0] ?? ''}`.trim(), exitCode: null, output: launcherSaid[0] });
  }
  if (r.outputLimit) {
    fail('ToolFailed', {
      command: `${tool} ${args[0] ?? ''}`.trim(),
      exitCode: null,
      output: `output over ${opts.maxBuffer ?? 64 * 1024 * 1024} bytes`,
    });
  }
  return { exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr, signal: r.signal, timedOut: r.timedOut, canceled: r.canceled };
}
