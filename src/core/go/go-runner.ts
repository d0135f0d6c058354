// The one place `go` is started (as git-runner.ts is for git): no shell, the explicit environment
// the caller built (go-env.ts), declared expected exit codes, and every other outcome a typed
// LabFailure: Canceled, a timeout or a signal, a process that could not start, or an unexpected
// exit code with the tail of go's output. Three shapes:
// - runGo: short commands with text output (go list, go env, go version, go test -c, ...);
// - runGoToFile: a command whose stdout is binary (go tool trace -pprof=KIND), written straight
//   to a file, in its own process group, killed as a group on timeout or cancel;
// - serveGoTool: a long-running web server (go tool pprof -http, go tool trace -http) in its own
//   process group, its output in a log file read for the URL, stopped as a group by close().
// The files next to this one are one go subcommand each over these. Given the lab's launcher,
// a runGo call runs under rlimits (proc/child-limits.ts: address space, CPU time, file size).
// A tool server is never handed out directly: users get a Host-checking proxy with a one-time
// token (tool-proxy.ts), since the tools answer any Host header.
import { closeSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { goLimits } from '../proc/child-limits.js';
import { exec } from '../proc/exec.js';
import { startToolProxy } from './tool-proxy.js';
import { spawnGroup, type GroupExit } from '../proc/process-group.js';
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
  const r = await exec('go', goBin, args, {
    cwd: call.cwd,
    env: call.env,
    timeoutMs,
    signal: call.signal,
    maxBuffer: call.maxBuffer,
    confine,
  });
  if (r.canceled) fail('Canceled', {});
  if (r.exitCode === null || r.timedOut) {
    fail('ToolFailed', {
      command,
      exitCode: null,
      output: r.timedOut ? `timed out after ${timeoutMs} ms` : `killed by ${r.signal ?? 'a signal'}`,
    });
  }
  const expected = call.expected ?? [0];
  if (expected !== 'any' && !expected.includes(r.exitCode)) {
    const output = (r.stderr || r.stdout).slice(0, call.outputLimit ?? 20_000);
    const hint = newerGoHint(output);
    fail('ToolFailed', { command, exitCode: r.exitCode, output: hint ? `${output.trimEnd()}${hint}` : output });
  }
  return { exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr };
}

/** What to do when a module asks for a newer Go than the local one: Perflab runs go with
 * GOTOOLCHAIN=local, so go never fetches a toolchain by itself (`go: go.mod requires go >=
 * 1.27.0 (running go 1.26.8; GOTOOLCHAIN=local)`). Empty for any other output. */
export function newerGoHint(output: string): string {
  const m = /requires go >= (\d+\.\d+(?:\.\d+)?(?:(?:rc|beta)\d+)?) \(running go (\S+); GOTOOLCHAIN=local\)/.exec(output);
  if (!m) return '';
  const release = /^\d+\.\d+$/.test(m[1]) && Number(m[1].split('.')[1]) >= 21 ? `${m[1]}.0` : m[1];
  return (
    `\nperflab: this module needs go ${m[1]} or later and Perflab runs the local go (${m[2]}) without` +
    ` letting it download another: install Go ${m[1]}+ on PATH, or measure with a toolchain` +
    ` variant, which go fetches from the module proxy: --variant go${release.replace(/\./g, '')}:toolchain=go${release}`
  );
}

export interface GoFileCall {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  /** Where stdout goes, byte for byte. */
  readonly outFile: string;
  /** Exit codes that are outcomes rather than failures (default [0]). */
  readonly expected?: readonly number[];
  /** Default 10 minutes. */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  /** How the command is named in errors (default `go <first argument>`). */
  readonly command?: string;
}

/** Bytes of stderr kept for an error (the end of it, where go says what went wrong). */
const STDERR_TAIL = 64 * 1024;

function readTail(file: string, max: number): string {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return '';
  }
  try {
    const size = statSync(file).size;
    const n = Math.min(size, max);
    const buf = Buffer.alloc(n);
    readSync(fd, buf, 0, n, size - n);
    return buf.toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/**
 * Runs `goBin args...` with stdout written to `outFile` and stderr kept apart; returns the exit
 * code (an expected one) and the end of stderr. The process runs in its own group, which is
 * killed as a whole on timeout or cancel and never outlives the call.
 */
export async function runGoToFile(
  goBin: string,
  args: readonly string[],
  call: GoFileCall,
): Promise<{ readonly exitCode: number; readonly stderr: string }> {
  const command = call.command ?? `go ${args[0] ?? ''}`.trim();
  const timeoutMs = call.timeoutMs ?? 600_000;
  if (call.signal?.aborted) fail('Canceled', {});
  const errFile = `${call.outFile}.stderr`;
  const g = spawnGroup(goBin, args, { cwd: call.cwd, env: call.env, outFile: call.outFile, errFile, wallTimeoutMs: timeoutMs });
  const onAbort = () => void g.kill('canceled');
  call.signal?.addEventListener('abort', onAbort, { once: true });
  let exit: GroupExit;
  try {
    exit = await g.done;
  } finally {
    call.signal?.removeEventListener('abort', onAbort);
  }
  const stderr = readTail(errFile, STDERR_TAIL);
  rmSync(errFile, { force: true });
  switch (exit.kind) {
    case 'spawn-failed':
      return fail('SpawnFailed', { command, errno: exit.errno });
    case 'killed':
      if (exit.reason === 'canceled') fail('Canceled', {});
      return fail('ToolFailed', { command, exitCode: null, output: `timed out after ${timeoutMs} ms\n${stderr}` });
    case 'signaled':
      return fail('ToolFailed', { command, exitCode: null, output: `killed by ${exit.signal}\n${stderr}` });
    case 'exited':
      if (!(call.expected ?? [0]).includes(exit.exitCode)) fail('ToolFailed', { command, exitCode: exit.exitCode, output: stderr });
      return { exitCode: exit.exitCode, stderr };
  }
}

export interface ToolServer {
  /** The guard proxy's URL with its token (http://127.0.0.1:PROXYPORT/__perflab/open?token=...): what users get. */
  readonly url: string;
  /** The tool's own http://127.0.0.1:PORT/ (no Host check: never handed out). */
  readonly toolUrl: string;
  /** Process group id (the `go` process). */
  readonly pid: number;
  readonly logFile: string;
  /** Resolves when the server's process group has ended (closed or died). */
  readonly done: Promise<GroupExit>;
  /** Stops the proxy and the whole process group; resolves when none of it is left. Idempotent. */
  close(): Promise<void>;
}

export interface ServeToolOptions {
  readonly goBin: string;
  /** The explicit go environment (goCommandEnv). */
  readonly env: Readonly<Record<string, string>>;
  readonly args: readonly string[];
  readonly cwd: string;
  /** The line that carries the URL; group 1 is the URL. */
  readonly urlPattern: RegExp;
  /** Command named in errors ("go tool pprof"). */
  readonly command: string;
  readonly startTimeoutMs: number;
  readonly logFile?: string;
}

/** Starts a long-running go tool web server in its own process group and waits for its URL (loopback only). */
export async function serveGoTool(o: ServeToolOptions): Promise<ToolServer> {
  const ownDir = o.logFile ? null : mkdtempSync(join(tmpdir(), 'perflab-tool-'));
  const logFile = o.logFile ?? join(ownDir!, 'server.log');
  const g = spawnGroup(o.goBin, o.args, { cwd: o.cwd, env: o.env, outFile: logFile });
  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      await g.kill('canceled');
      await g.done;
      if (ownDir) rmSync(ownDir, { recursive: true, force: true });
    })();
    return closing;
  };
  const state: { exited: GroupExit | null } = { exited: null };
  void g.done.then((e) => {
    state.exited = e;
  });
  const until = Date.now() + o.startTimeoutMs;
  const read = () => {
    try {
      return readFileSync(logFile, 'utf8');
    } catch {
      return '';
    }
  };
  for (;;) {
    const out = read();
    const m = o.urlPattern.exec(out);
    if (m) {
      const url = new URL(m[1]);
      if (url.hostname !== '127.0.0.1' || url.port === '' || url.port === '0') {
        await close();
        fail('ToolFailed', { command: o.command, exitCode: null, output: `refusing to use ${m[1]}: not a loopback URL with a port` });
      }
      const proxy = await startToolProxy(`${url.origin}/`).catch(async (err: Error) => {
        await close();
        return fail('ToolFailed', { command: o.command, exitCode: null, output: `could not start the guard proxy: ${err.message}` });
      });
      const closeBoth = async () => {
        await proxy.close();
        await close();
      };
      // A tool that dies takes its proxy with it.
      void g.done.then(() => proxy.close());
      return { url: proxy.url, toolUrl: `${url.origin}/`, pid: g.pid, logFile, done: g.done, close: closeBoth };
    }
    if (state.exited !== null) {
      const e = state.exited;
      await close();
      if (e.kind === 'spawn-failed') fail('SpawnFailed', { command: o.command, errno: e.errno });
      fail('ToolFailed', { command: o.command, exitCode: e.kind === 'exited' ? e.exitCode : null, output: out.slice(-4000) });
    }
    if (Date.now() > until) {
      await close();
      fail('ToolFailed', { command: o.command, exitCode: null, output: `no URL after ${o.startTimeoutMs} ms\n${out.slice(-4000)}` });
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
