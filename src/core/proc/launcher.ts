// Perflab's launcher seen from Node: builds the Go helper in src/core/launcher with the user's
// toolchain into the data dir (bin/launcher/launcher-<sha256 of its source>, rebuilt when the
// source changes), starts one per run, and drives it over a pipe: one JSON command per line
// in, one JSON event per line out. The launcher starts each benchmark process, copies its
// output to files under a hard byte budget, enforces the timeout, kills every descendant when
// the process ends (a child subreaper on Linux, so setsid daemons too), and reports wait4's
// rusage. See docs/architecture.md ("The launcher") and docs/reliability.md.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { goBuildLauncher } from '../go/go-build-launcher.js';
import { packageRoot } from '../package-root.js';
import type { LiveLauncher, ShortCommand, ShortOutcome } from './child-limits.js';
import type { GroupExit } from './process-group.js';

/** The launcher's Go files (src/core/launcher), tests excluded. */
export const LAUNCHER_FILES = [
  'launcher.go',
  'protocol.go',
  'exec.go',
  'reap.go',
  'support.go',
  'platform_linux.go',
  'platform_darwin.go',
] as const;
const GO_MOD = 'module perflab.dev/launcher\n\ngo 1.21\n';

/** wait4's resource usage of one process (ru_maxrss normalised to bytes). */
export interface ProcessUsage {
  /** Peak resident set of the process itself (the largest single process, not a sum over its tree). */
  readonly maxRssBytes: number;
  readonly userSec: number;
  readonly sysSec: number;
  /** Voluntary and involuntary context switches. */
  readonly nvcsw: number;
  readonly nivcsw: number;
  /** Major page faults. */
  readonly majflt: number;
}

export interface LaunchRequest {
  readonly file: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  readonly stdout: string;
  /** A separate file for stderr; absent: stderr goes to the stdout file. */
  readonly stderr?: string;
  /** A file the process reads as its standard input; absent: /dev/null. */
  readonly stdin?: string;
  /** Hard cap on the bytes written to the output files; past it the process is killed. */
  readonly maxOutputBytes?: number;
  readonly timeoutMs?: number;
  /** Grace between SIGQUIT, SIGTERM and SIGKILL when stopping (default 1 s). */
  readonly graceMs?: number;
  /** RLIMIT_AS in bytes (at least 2 GiB for `go`), RLIMIT_CPU in seconds, RLIMIT_FSIZE in bytes. */
  readonly rlimitAs?: number;
  readonly rlimitCpu?: number;
  readonly rlimitFsize?: number;
}

export type KillReason = 'canceled' | 'output-limit' | 'wall-timeout';

export interface LaunchResult {
  readonly exit: GroupExit;
  /** Wall time of the process as the launcher measured it (null when it never started). */
  readonly wallSec: number | null;
  readonly usage: ProcessUsage | null;
  /** Bytes the process wrote (those past the cap were discarded). */
  readonly outputBytes: number;
  /** Descendants killed and reaped after the process ended (daemons, leftovers). */
  readonly orphansReaped: number;
  /** Why the process could not start (errno name and message), when it could not. */
  readonly spawnError?: string;
}

export interface LaunchHandle {
  /** The process's pid (= its process group) and start ticks, once started; null if it never did. */
  readonly started: Promise<{ readonly pid: number; readonly startTicks: string | null } | null>;
  readonly done: Promise<LaunchResult>;
  kill(reason?: KillReason): void;
}

interface DoneEvent {
  event: 'done';
  id: number;
  kind: 'exited' | 'signaled' | 'killed' | 'error';
  exitCode?: number;
  signal?: string;
  reason?: 'canceled' | 'timeout' | 'output-limit';
  error?: string;
  errno?: string;
  wallSec?: number;
  usage?: ProcessUsage;
  outputBytes?: number;
  orphansReaped?: number;
  /** An exec's output, base64. */
  stdout?: string;
  stderr?: string;
}
type LauncherEvent =
  | { event: 'ready'; subreaper?: boolean; launcherPid: number }
  | { event: 'started'; id: number; pid: number; startTicks?: string }
  | DoneEvent
  | { event: 'error'; id?: number; error: string };

/** The launcher's source and its hash, read from the installed package. */
export function launcherSource(): { readonly files: readonly { name: string; text: string }[]; readonly hash: string } {
  const root = packageRoot();
  if (!root) throw new Error("the launcher's source was not found (no perflab package.json above this module)");
  const dir = join(root.dir, 'src', 'core', 'launcher');
  const h = createHash('sha256');
  const files = LAUNCHER_FILES.map((name) => {
    const text = readFileSync(join(dir, name), 'utf8');
    h.update(name).update('\0').update(text).update('\0');
    return { name, text };
  });
  h.update(GO_MOD);
  return { files, hash: h.digest('hex') };
}

/**
 * The launcher binary for this source, built first if needed (a few seconds once; later runs
 * find it). Throws an Error saying why when it cannot be built (no Go, unsupported system).
 */
export async function ensureLauncher(o: {
  goBin: string;
  env: Readonly<Record<string, string>>;
  binDir: string;
  signal?: AbortSignal;
}): Promise<{ path: string; built: boolean }> {
  if (process.platform !== 'linux' && process.platform !== 'darwin') throw new Error(`the launcher does not support ${process.platform}`);
  const src = launcherSource();
  const dir = join(o.binDir, 'launcher');
  const path = join(dir, `launcher-${src.hash}`);
  if (existsSync(path)) return { path, built: false };
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const tag = randomBytes(6).toString('hex');
  const srcDir = join(dir, `src-${src.hash.slice(0, 16)}-${tag}`);
  const tmpOut = `${path}.tmp-${tag}`;
  try {
    mkdirSync(srcDir, { mode: 0o700 });
    for (const f of src.files) writeFileSync(join(srcDir, f.name), f.text, { mode: 0o600 });
    writeFileSync(join(srcDir, 'go.mod'), GO_MOD, { mode: 0o600 });
    const r = await goBuildLauncher({ goBin: o.goBin, srcDir, out: tmpOut, env: o.env, signal: o.signal });
    if (r.kind === 'failed')
      throw new Error(`go build of the launcher failed (exit ${r.exitCode ?? 'none'}): ${r.output.split('\n').slice(0, 10).join('\n')}`);
    // Another lab may have built the same source meanwhile: a rename over it is harmless.
    renameSync(tmpOut, path);
    return { path, built: true };
  } finally {
    rmSync(srcDir, { recursive: true, force: true });
    rmSync(tmpOut, { force: true });
  }
}

/** One running launcher: commands go in one at a time, events come back per command. */
export class Launcher implements LiveLauncher {
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { started(e: { pid: number; startTicks: string | null } | null): void; done(e: DoneEvent): void; killReason: KillReason | null }
  >();
  private exited = false;
  private stderrTail = '';
  private readonly closed: Promise<void>;

  private constructor(
    private readonly child: ChildProcess,
    readonly pid: number,
    readonly subreaper: boolean,
  ) {
    this.closed = new Promise((resolve) => child.once('close', () => resolve()));
  }

  /** Starts the launcher binary and waits for its ready line. */
  static async start(binary: string): Promise<Launcher> {
    // Its own session: a Ctrl-C in the lab's terminal reaches the lab, which cancels through
    // the pipe; the launcher must not die first and leave the benchmark behind.
    const child = spawn(binary, [], { stdio: ['pipe', 'pipe', 'pipe'], detached: true, env: { GOMAXPROCS: '1' }, windowsHide: true });
    const lines = createInterface({ input: child.stdout! });
    const ready = await new Promise<LauncherEvent & { event: 'ready' }>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error('the launcher did not start within 10 s'));
      }, 10_000);
      child.once('error', (e) => {
        clearTimeout(timer);
        reject(new Error(`the launcher could not start: ${e.message}`));
      });
      child.once('exit', (code, sig) => {
        clearTimeout(timer);
        reject(new Error(`the launcher exited at start (${sig ?? `exit ${code}`})`));
      });
      lines.once('line', (l) => {
        clearTimeout(timer);
        try {
          const e = JSON.parse(l) as LauncherEvent;
          if (e.event === 'ready') resolve(e);
          else reject(new Error(`the launcher said ${l.slice(0, 200)}`));
        } catch {
          reject(new Error(`the launcher said ${l.slice(0, 200)}`));
        }
      });
    });
    child.removeAllListeners('exit');
    child.removeAllListeners('error');
    const l = new Launcher(child, ready.launcherPid, ready.subreaper === true);
    lines.on('line', (line) => l.onLine(line));
    child.stderr!.on('data', (b: Buffer) => {
      l.stderrTail = (l.stderrTail + b.toString()).slice(-4096);
    });
    child.on('error', () => l.onExit());
    child.on('exit', () => l.onExit());
    child.stdin!.on('error', () => l.onExit());
    return l;
  }

  get alive(): boolean {
    return !this.exited;
  }

  run(req: LaunchRequest): LaunchHandle {
    const id = this.nextId++;
    let startedResolve!: (v: { pid: number; startTicks: string | null } | null) => void;
    const started = new Promise<{ pid: number; startTicks: string | null } | null>((r) => {
      startedResolve = r;
    });
    let doneResolve!: (e: DoneEvent) => void;
    const doneEvent = new Promise<DoneEvent>((r) => {
      doneResolve = r;
    });
    const entry = {
      killReason: null as KillReason | null,
      started: (v: { pid: number; startTicks: string | null } | null) => startedResolve(v),
      done: (e: DoneEvent) => {
        startedResolve(null);
        doneResolve(e);
      },
    };
    this.pending.set(id, entry);
    if (this.exited) {
      entry.done({ event: 'done', id, kind: 'error', error: this.deathMessage() });
    } else {
      this.send({
        op: 'run',
        id,
        path: req.file,
        args: req.args,
        dir: req.cwd,
        env: Object.entries(req.env).map(([k, v]) => `${k}=${v}`),
        stdout: req.stdout,
        stderr: req.stderr ?? '',
        stdin: req.stdin ?? '',
        maxOutputBytes: req.maxOutputBytes ?? 0,
        timeoutMs: req.timeoutMs ?? 0,
        graceMs: req.graceMs ?? 0,
        rlimitAs: req.rlimitAs ?? 0,
        rlimitCpu: req.rlimitCpu ?? 0,
        rlimitFsize: req.rlimitFsize ?? 0,
      });
    }
    const done = doneEvent.then((e) => toResult(e, entry.killReason));
    return {
      started,
      done,
      kill: (reason: KillReason = 'canceled') => {
        if (!this.pending.has(id)) return;
        entry.killReason ??= reason;
        this.send({ op: 'cancel', id });
      },
    };
  }

  /**
   * Runs a short command beside the queue (never while a run's command runs), its output
   * returned in memory: the lab forks nothing for it (see src/core/launcher/exec.go).
   */
  exec(c: ShortCommand): Promise<ShortOutcome> {
    const id = this.nextId++;
    const onAbort = () => this.send({ op: 'cancel', id });
    return new Promise<DoneEvent>((resolve) => {
      this.pending.set(id, { killReason: null, started: () => undefined, done: resolve });
      if (this.exited) {
        this.pending.delete(id);
        resolve({ event: 'done', id, kind: 'error', error: this.deathMessage() });
        return;
      }
      c.signal?.addEventListener('abort', onAbort, { once: true });
      this.send({
        op: 'exec',
        id,
        path: c.file,
        args: c.args,
        dir: c.cwd,
        env: Object.entries(c.env).map(([k, v]) => `${k}=${v}`),
        maxOutputBytes: c.maxOutputBytes,
        timeoutMs: c.timeoutMs,
        rlimitAs: Math.max(0, Math.floor(c.limits.addressSpaceBytes)),
        rlimitCpu: Math.max(0, Math.floor(c.limits.cpuSeconds)),
        rlimitFsize: Math.max(0, Math.floor(c.limits.fileSizeBytes)),
      });
      if (c.signal?.aborted) onAbort();
    }).then((e) => {
      c.signal?.removeEventListener('abort', onAbort);
      const text = (b64: string | undefined) => (b64 ? Buffer.from(b64, 'base64').toString('utf8') : '');
      return {
        exitCode: e.kind === 'exited' ? (e.exitCode ?? 0) : null,
        signal: e.kind === 'signaled' ? (e.signal ?? 'unknown') : e.kind === 'killed' ? 'SIGKILL' : null,
        stdout: text(e.stdout),
        stderr: text(e.stderr),
        timedOut: e.kind === 'killed' && e.reason === 'timeout',
        canceled: e.kind === 'killed' && e.reason === 'canceled',
        outputLimit: e.kind === 'killed' && e.reason === 'output-limit',
        ...(e.kind === 'error' ? { spawnError: e.error ?? 'unknown error', errno: e.errno } : {}),
      };
    });
  }

  /** Ends the launcher: the running command (if any) is stopped and cleaned up first. */
  async close(): Promise<void> {
    if (!this.exited) this.child.stdin!.end();
    const timer = setTimeout(() => {
      try {
        this.child.kill('SIGKILL');
      } catch {
        /* gone */
      }
    }, 15_000);
    await this.closed;
    clearTimeout(timer);
  }

  private send(msg: unknown): void {
    if (this.exited) return;
    this.child.stdin!.write(`${JSON.stringify(msg)}\n`);
  }

  private onLine(line: string): void {
    let e: LauncherEvent;
    try {
      e = JSON.parse(line) as LauncherEvent;
    } catch {
      return;
    }
    if (e.event === 'started') {
      this.pending.get(e.id)?.started({ pid: e.pid, startTicks: e.startTicks || null });
    } else if (e.event === 'done') {
      const p = this.pending.get(e.id);
      this.pending.delete(e.id);
      p?.done(e);
    } else if (e.event === 'error' && e.id !== undefined) {
      const p = this.pending.get(e.id);
      this.pending.delete(e.id);
      p?.done({ event: 'done', id: e.id, kind: 'error', error: e.error });
    }
  }

  /** Why the launcher is gone (its last stderr lines), once it is. */
  deathMessage(): string {
    const tail = this.stderrTail.trim();
    return `the launcher exited${tail ? `: ${tail.split('\n').slice(-3).join(' ')}` : ''}`;
  }

  private onExit(): void {
    if (this.exited) return;
    this.exited = true;
    for (const [id, p] of this.pending) p.done({ event: 'done', id, kind: 'error', error: this.deathMessage() });
    this.pending.clear();
  }
}

function toResult(e: DoneEvent, killReason: KillReason | null): LaunchResult {
  const base = { wallSec: e.wallSec ?? null, usage: e.usage ?? null, outputBytes: e.outputBytes ?? 0, orphansReaped: e.orphansReaped ?? 0 };
  switch (e.kind) {
    case 'exited':
      return { ...base, exit: { kind: 'exited', exitCode: e.exitCode ?? 0 } };
    case 'signaled':
      return { ...base, exit: { kind: 'signaled', signal: e.signal ?? 'unknown' } };
    case 'killed': {
      // The lab's own reason wins for a kill it asked for (a cancel over the pipe arrives as `canceled`).
      const own: KillReason = e.reason === 'timeout' ? 'wall-timeout' : e.reason === 'output-limit' ? 'output-limit' : 'canceled';
      return { ...base, exit: { kind: 'killed', reason: killReason && own === 'canceled' ? killReason : own } };
    }
    case 'error':
      return {
        ...base,
        exit: { kind: 'signaled', signal: 'spawn-error' },
        spawnError: `${e.errno ? `${e.errno}: ` : ''}${e.error ?? 'unknown error'}`,
      };
  }
}
