// `go tool trace`: execution traces are never parsed in-process. Two uses:
// - `go tool trace -pprof=sched|sync|syscall|net FILE > OUT` derives pprof profiles from a
//   trace (scheduler latency, synchronization blocking, syscalls, network blocking); the
//   profile is binary on stdout, so stdout goes straight to OUT (exec() captures text). The
//   process runs in its own group and is killed as a group on timeout or cancel.
// - `go tool trace -http=127.0.0.1:0 FILE` serves the trace viewer (go tool trace prints the
//   port it really got). It opens a browser through $BROWSER first, so BROWSER is set to
//   `true`, which "succeeds" without opening anything.
import { spawn } from 'node:child_process';
import { closeSync, openSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { fail } from '../../shared/errors.js';
import { whichExecutable } from '../proc/exec.js';
import { groupAlive, killGroup } from '../proc/process-group.js';
import { serveTool, type ToolServer } from './go-tool-pprof.js';

export type TraceProfileKind = 'sched' | 'sync' | 'syscall' | 'net';

export interface DeriveTraceProfileOptions {
  readonly goBin: string;
  readonly env: Readonly<Record<string, string>>;
  readonly cwd: string;
  readonly traceFile: string;
  readonly kind: TraceProfileKind;
  /** Where the profile is written. */
  readonly out: string;
  readonly signal?: AbortSignal;
  /** Default 10 minutes. */
  readonly timeoutMs?: number;
}

const KINDS: readonly TraceProfileKind[] = ['sched', 'sync', 'syscall', 'net'];

/** Writes the pprof profile derived from a trace; returns its size. Throws ToolFailed / Canceled. */
export async function deriveTraceProfile(o: DeriveTraceProfileOptions): Promise<{ readonly out: string; readonly bytes: number }> {
  if (!KINDS.includes(o.kind)) fail('InvalidInput', { field: 'kind', value: String(o.kind) });
  if (o.signal?.aborted) fail('Canceled', {});
  const args = ['tool', 'trace', `-pprof=${o.kind}`, resolve(o.traceFile)];
  const fd = openSync(o.out, 'w');
  let child;
  try {
    child = spawn(o.goBin, args, { cwd: o.cwd, env: { ...o.env }, detached: true, stdio: ['ignore', fd, 'pipe'], windowsHide: true });
  } finally {
    closeSync(fd);
  }
  const pid = child.pid;
  if (pid === undefined) fail('ToolMissing', { tool: 'go', hint: `could not start ${o.goBin}` });
  let stderr = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (d: string) => { if (stderr.length < 64 * 1024) stderr += d; });
  let reason: 'timeout' | 'canceled' | null = null;
  const stop = (why: 'timeout' | 'canceled') => { reason ??= why; void killGroup(pid); };
  const timer = setTimeout(() => stop('timeout'), o.timeoutMs ?? 600_000);
  const onAbort = () => stop('canceled');
  o.signal?.addEventListener('abort', onAbort, { once: true });
  const exitCode = await new Promise<number | null>((res) => {
    child.once('error', () => res(null));
    child.once('close', (code) => res(code));
  });
  clearTimeout(timer);
  o.signal?.removeEventListener('abort', onAbort);
  if (groupAlive(pid)) await killGroup(pid);
  const command = `go tool trace -pprof=${o.kind}`;
  if (reason === 'canceled') fail('Canceled', {});
  if (reason === 'timeout') fail('ToolFailed', { command, exitCode: null, output: `timed out\n${stderr}` });
  if (exitCode !== 0) fail('ToolFailed', { command, exitCode, output: stderr });
  return { out: o.out, bytes: statSync(o.out).size };
}

export interface TraceServerOptions {
  readonly goBin: string;
  readonly env: Readonly<Record<string, string>>;
  readonly traceFile: string;
  readonly cwd?: string;
  readonly startTimeoutMs?: number;
  readonly logFile?: string;
}

/** Starts the trace viewer on 127.0.0.1 (a free port) without opening a browser. */
export async function startTraceServer(o: TraceServerOptions): Promise<ToolServer> {
  const noBrowser = (await whichExecutable('true', o.env.PATH)) ?? '/bin/true';
  return serveTool({
    goBin: o.goBin,
    env: { ...o.env, BROWSER: noBrowser },
    args: ['tool', 'trace', '-http=127.0.0.1:0', resolve(o.traceFile)],
    cwd: o.cwd ?? tmpdir(),
    urlPattern: /Trace viewer is listening on (http:\/\/\S+)/,
    command: 'go tool trace',
    startTimeoutMs: o.startTimeoutMs ?? 300_000,
    logFile: o.logFile,
  });
}
