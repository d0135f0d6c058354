// Long-running child processes (benchmark and profile runs): each in its own process group
// (setsid), stdout and stderr written straight to one file (or two; no pipe backpressure, every byte
// kept, nothing parsed while the benchmark runs), a cap on output size, and a kill that takes
// the whole group down: SIGQUIT (Go prints a goroutine dump), then SIGTERM, then SIGKILL.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync, statSync } from 'node:fs';

export interface GroupOptions {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  readonly outFile: string;
  /** Where stderr goes when it must not mix with stdout (a binary stdout); default outFile. */
  readonly errFile?: string;
  /** Kill the group when the output file grows past this many bytes. */
  readonly maxOutputBytes?: number;
  /** Kill the group after this long (a safety net beyond -test.timeout). */
  readonly wallTimeoutMs?: number;
}

export type GroupExit =
  | { readonly kind: 'exited'; readonly exitCode: number }
  | { readonly kind: 'signaled'; readonly signal: string }
  | { readonly kind: 'killed'; readonly reason: 'canceled' | 'output-limit' | 'wall-timeout' }
  /** The process never started (ENOENT: binary removed, EACCES, E2BIG...): a failure of this cell, not of the lab. */
  | { readonly kind: 'spawn-failed'; readonly errno: string; readonly message: string };

export interface GroupHandle {
  readonly pid: number;
  readonly done: Promise<GroupExit>;
  /** Ends the whole group: SIGQUIT, SIGTERM, SIGKILL with short grace periods. Resolves when no member is left. */
  kill(reason?: 'canceled' | 'output-limit' | 'wall-timeout'): Promise<void>;
}

/**
 * Starts `file` in its own process group. Never throws for a process that cannot start: the
 * returned handle's `done` resolves to `spawn-failed` with the errno (Node reports ENOENT and
 * EACCES as an 'error' event after spawn returns, E2BIG or a bad cwd as a throw; an 'error'
 * event with no listener would end the whole lab).
 */
export function spawnGroup(file: string, args: readonly string[], o: GroupOptions): GroupHandle {
  let child: ChildProcess;
  try {
    const fd = openSync(o.outFile, 'w');
    let errFd = fd;
    try {
      if (o.errFile !== undefined) errFd = openSync(o.errFile, 'w');
      child = spawn(file, [...args], { cwd: o.cwd, env: { ...o.env }, detached: true, stdio: ['ignore', fd, errFd], windowsHide: true });
    } finally {
      closeSync(fd);
      if (errFd !== fd) closeSync(errFd);
    }
  } catch (err) {
    return spawnFailed(err);
  }
  // Attached before anything else can run, so an asynchronous spawn error is always handled.
  const early = new Promise<GroupExit>((resolve) => {
    child.once('error', (err) => resolve(failedExit(err)));
  });
  if (child.pid === undefined) return { pid: 0, done: early, kill: () => Promise.resolve() };
  const pid = child.pid;
  let killReason: 'canceled' | 'output-limit' | 'wall-timeout' | null = null;
  let killing: Promise<void> | null = null;

  const kill = (reason: 'canceled' | 'output-limit' | 'wall-timeout' = 'canceled'): Promise<void> => {
    killReason ??= reason;
    killing ??= killGroup(pid);
    return killing;
  };

  const timers: NodeJS.Timeout[] = [];
  if (o.maxOutputBytes !== undefined) {
    const limit = o.maxOutputBytes;
    timers.push(
      setInterval(() => {
        try {
          if (statSync(o.outFile).size > limit) void kill('output-limit');
        } catch {
          /* file gone */
        }
      }, 250),
    );
  }
  if (o.wallTimeoutMs !== undefined) timers.push(setTimeout(() => void kill('wall-timeout'), o.wallTimeoutMs));

  const done = new Promise<GroupExit>((resolve) => {
    child.once('exit', (code, signal) => {
      for (const t of timers) clearInterval(t);
      // The leader is gone; make sure no member of its group outlives it (a grandchild, or the
      // test binary under a wrapper).
      void (async () => {
        if (groupAlive(pid)) await killGroup(pid);
        else if (killing) await killing;
        if (killReason) resolve({ kind: 'killed', reason: killReason });
        else if (code !== null) resolve({ kind: 'exited', exitCode: code });
        else resolve({ kind: 'signaled', signal: signal ?? 'unknown' });
      })();
    });
  });
  return { pid, done, kill };
}

function failedExit(err: unknown): GroupExit {
  const e = err as NodeJS.ErrnoException;
  return { kind: 'spawn-failed', errno: e.code ?? 'unknown', message: e.message ?? String(err) };
}

function spawnFailed(err: unknown): GroupHandle {
  return { pid: 0, done: Promise.resolve(failedExit(err)), kill: () => Promise.resolve() };
}

/**
 * True while any process of the group exists and has not exited. A zombie has exited: where
 * init reaps orphans slowly (some containers), a grandchild's zombie would otherwise hold
 * every kill to its full grace periods.
 */
export function groupAlive(pgid: number): boolean {
  // kill(-0) would be our own group: a pgid of 0 (a process that never started) has none.
  if (!(pgid > 1)) return false;
  try {
    process.kill(-pgid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  return process.platform === 'linux' ? liveMemberOnLinux(pgid) : true;
}

/** State and process group of a pid from /proc/PID/stat (Linux), null when gone. */
function procStat(pid: string | number): { state: string; pgrp: number } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces and parentheses: fields resume after the last ')'.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: rest[0], pgrp: Number(rest[2]) };
  } catch {
    return null;
  }
}

function liveMemberOnLinux(pgid: number): boolean {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return true;
  }
  for (const e of entries) {
    if (e.charCodeAt(0) < 48 || e.charCodeAt(0) > 57) continue;
    const st = procStat(e);
    if (st && st.pgrp === pgid && st.state !== 'Z' && st.state !== 'X') return true;
  }
  return false;
}

/** True while the group's leader (pid = pgid) runs. */
function leaderAlive(pgid: number): boolean {
  if (process.platform === 'linux') {
    const st = procStat(pgid);
    return st !== null && st.state !== 'Z' && st.state !== 'X';
  }
  try {
    process.kill(pgid, 0);
    return true;
  } catch {
    return false;
  }
}

function signalGroup(pgid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(-pgid, sig);
  } catch {
    /* already gone */
  }
}

async function waitUntil(f: () => boolean, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (f()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return f();
}

const waitGone = (pgid: number, ms: number) => waitUntil(() => !groupAlive(pgid), ms);

/**
 * SIGQUIT, SIGTERM, SIGKILL to a process group, each with a short grace period. SIGQUIT is
 * for the Go binary's goroutine dump: once the leader has ended, the rest of the group (a
 * grandchild may ignore SIGQUIT) gets SIGTERM at once rather than after the full grace.
 */
export async function killGroup(pgid: number): Promise<void> {
  if (!groupAlive(pgid)) return;
  signalGroup(pgid, 'SIGQUIT');
  await waitUntil(() => !groupAlive(pgid) || !leaderAlive(pgid), 1000);
  if (!groupAlive(pgid)) return;
  signalGroup(pgid, 'SIGTERM');
  if (await waitGone(pgid, 1000)) return;
  signalGroup(pgid, 'SIGKILL');
  await waitGone(pgid, 5000);
}
