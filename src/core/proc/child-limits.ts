// Resource limits for the short `go` and `git` commands the lab runs, also before a repository
// is trusted (go list for `bench list`, git in `repo add`): Node cannot set rlimits on a child,
// so the command is started as Perflab's launcher in its exec mode (`launcher -exec-with-rlimits
// AS CPU FSIZE PATH ARGS...`), which sets the limits on itself and execve's the command: same
// pid, same pipes, same environment. The limits hold even if the lab itself dies. Without a
// launcher (none built yet, no Go to build it, PERFLAB_LAUNCHER=off, Windows) the command runs
// bounded only by its timeout and the file checks (see docs/security.md).

export interface ChildLimits {
  /** RLIMIT_AS in bytes (at least 2 GiB for go: at 300 MiB it dies reserving its heap). */
  readonly addressSpaceBytes: number;
  /** RLIMIT_CPU in seconds (the kernel sends SIGXCPU, then SIGKILL). */
  readonly cpuSeconds: number;
  /** RLIMIT_FSIZE in bytes, 0 for none (past it a write fails and SIGXFSZ ends the process). */
  readonly fileSizeBytes: number;
}

/** A short command as a running launcher takes it (Launcher.exec, src/core/launcher/exec.go). */
export interface ShortCommand {
  readonly file: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  readonly limits: ChildLimits;
  readonly timeoutMs: number;
  /** Bytes of stdout and stderr together; past them the command is killed. */
  readonly maxOutputBytes: number;
  readonly signal?: AbortSignal;
}

/** How a short command ended, with its output (a spawn failure: `spawnError` and its errno). */
export interface ShortOutcome {
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
  readonly canceled: boolean;
  readonly outputLimit: boolean;
  readonly spawnError?: string;
  readonly errno?: string;
}

/** A running launcher that starts short commands itself (the lab then forks nothing for them). */
export interface LiveLauncher {
  readonly alive: boolean;
  exec(c: ShortCommand): Promise<ShortOutcome>;
}

/** A launcher binary to confine children with, and the limits to apply. */
export interface Confinement {
  readonly launcher: string;
  readonly limits: ChildLimits;
  /** A running launcher to start the command (same limits, through its exec mode); absent or gone: the lab forks it. */
  readonly live?: LiveLauncher | null;
}

const GiB = 1024 ** 3;

/**
 * `go list`, `go env`, `go version`: 4 GiB of address space (go needs ~1 GiB to start), the
 * command's timeout as CPU seconds, files up to 1 GiB.
 */
export function goLimits(timeoutMs: number): ChildLimits {
  return { addressSpaceBytes: 4 * GiB, cpuSeconds: cpuSeconds(timeoutMs), fileSizeBytes: GiB };
}

/**
 * git: 4 GiB of address space (git maps pack files in windows and releases them when a map
 * fails), twice the timeout as CPU seconds (checkouts run threads), files up to 1 GiB except
 * for commands that write the working tree (a checkout holds the repository's own files).
 */
export function gitLimits(timeoutMs: number, writesWorkTree: boolean): ChildLimits {
  return { addressSpaceBytes: 4 * GiB, cpuSeconds: 2 * cpuSeconds(timeoutMs), fileSizeBytes: writesWorkTree ? 0 : GiB };
}

function cpuSeconds(timeoutMs: number): number {
  return Math.max(1, Math.ceil(timeoutMs / 1000));
}

/** The argv that runs `file args...` under the limits through the launcher's exec mode. */
export function confinedArgv(c: Confinement, file: string, args: readonly string[]): { file: string; args: string[] } {
  const n = (x: number) => String(Math.max(0, Math.floor(x)));
  const l = c.limits;
  return { file: c.launcher, args: ['-exec-with-rlimits', n(l.addressSpaceBytes), n(l.cpuSeconds), n(l.fileSizeBytes), file, ...args] };
}

/** The launcher's own message when its exec of the command failed (exit 127). */
export const LAUNCHER_EXEC_FAILED = /^launcher: (?:exec|setrlimit \w+|-exec-with-rlimits)[^\n]*/m;
