// `go tool trace`: execution traces are never parsed in-process. Two uses:
// - `go tool trace -pprof=sched|sync|syscall|net FILE > OUT` derives pprof profiles from a
//   trace (scheduler latency, synchronization blocking, syscalls, network blocking); the
//   profile is binary on stdout, so stdout goes straight to OUT (go-runner's runGoToFile: its
//   own process group, killed as a group on timeout or cancel, exit 0 expected).
// - `go tool trace -http=127.0.0.1:0 FILE` serves the trace viewer (go tool trace prints the
//   port it really got). It opens a browser through $BROWSER first, so BROWSER is set to
//   `true`, which "succeeds" without opening anything.
import { statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { fail } from '../../shared/errors.js';
import { whichExecutable } from '../proc/exec.js';
import { runGoToFile, serveGoTool, type ToolServer } from './go-runner.js';

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
  await runGoToFile(o.goBin, ['tool', 'trace', `-pprof=${o.kind}`, resolve(o.traceFile)], {
    cwd: o.cwd,
    env: o.env,
    outFile: o.out,
    signal: o.signal,
    timeoutMs: o.timeoutMs,
    command: `go tool trace -pprof=${o.kind}`,
  });
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
  return serveGoTool({
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
