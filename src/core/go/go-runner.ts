// The one runner of short `go` commands (as git-runner.ts is for git): no shell, the explicit
// environment the caller built (go-env.ts), declared expected exit codes, and every other
// outcome a typed LabFailure: Canceled, a timeout or a signal, or an unexpected exit code with
// the tail of go's output. The files next to this one (go-list.ts, go-env.ts, go-version.ts,
// go-version-m.ts, go-test-compile.ts) are one go subcommand each over this runner. Long-lived
// go processes (go tool pprof -http, go tool trace) use process groups instead. Given the lab's
// launcher, a call runs under rlimits (proc/child-limits.ts: address space, CPU time, file size).
import { goLimits } from '../proc/child-limits.js';
import { exec } from '../proc/exec.js';
import { fail } from '../../shared/errors.js';

export interface GoCall {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  /** Exit codes that are outcomes rather than failures (default [0]); 'any' hands every exit code back. */
  readonly expected?: readonly number[] | 'any';
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  readonly maxBuffer?: number;
  /** How the command is named in errors (default `go <first argument>`). */
  readonly command?: string;
  /** Characters of output kept in a ToolFailed error (default 20,000). */
  readonly outputLimit?: number;
  /** The lab's launcher binary: run under goLimits through its exec mode (null/absent: no rlimits). */
  readonly launcher?: string | null;
}

export interface GoOutput {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

const DEFAULT_TIMEOUT_MS = 300_000;

/** Runs `goBin args...` and returns the outcome when its exit code is expected. */
export async function runGo(goBin: string, args: readonly string[], call: GoCall): Promise<GoOutput> {
  const command = call.command ?? `go ${args[0] ?? ''}`.trim();
  const timeoutMs = call.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const confine = call.launcher ? { launcher: call.launcher, limits: goLimits(timeoutMs) } : undefined;
  const r = await exec('go', goBin, args, { cwd: call.cwd, env: call.env, timeoutMs, signal: call.signal, maxBuffer: call.maxBuffer, confine });
  if (r.canceled) fail('Canceled', {});
  if (r.exitCode === null || r.timedOut) {
    fail('ToolFailed', { command, exitCode: null, output: r.timedOut ? `timed out after ${timeoutMs} ms` : `killed by ${r.signal ?? 'a signal'}` });
  }
  const expected = call.expected ?? [0];
  if (expected !== 'any' && !expected.includes(r.exitCode)) {
    fail('ToolFailed', { command, exitCode: r.exitCode, output: (r.stderr || r.stdout).slice(0, call.outputLimit ?? 20_000) });
  }
  return { exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr };
}
