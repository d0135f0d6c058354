// Lock files that mark an app-owned worktree as in use, so `perflab gc` and a concurrent run
// never delete or recreate it under a running benchmark. A lock is a small JSON file created
// with O_EXCL beside the worktree (`<dir>.lock`) holding pid, process start time, host and a
// random token. A lock whose process is gone (or whose pid now belongs to a process started
// at another time) is stale and is taken over. Within one process, holders of the same lock
// share it with a count (two refs of one run may resolve to the same commit).
import { randomBytes } from 'node:crypto';
import { readFile, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';

export interface LockInfo {
  readonly pid: number;
  /** Process start time as the OS reports it (Linux: /proc/PID/stat field 22); null when unknown. */
  readonly start: string | null;
  readonly host: string;
  readonly token: string;
  readonly created: string;
}

export interface HeldLock {
  readonly path: string;
  /** Another holder in this process already had it (so it was prepared and checked by that one). */
  readonly shared: boolean;
  release(): Promise<void>;
}

interface Shared {
  count: number;
  readonly token: string;
}

/** Locks this process holds, by lock path (created on first use; nothing runs at import). */
const held = new Map<string, Shared>();
/** Acquisitions under way in this process, by lock path: they run one after another. */
const inflight = new Map<string, Promise<unknown>>();

/** The start time of a process, from /proc where there is one; null elsewhere or when unreadable. */
export async function processStartTime(pid: number): Promise<string | null> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces and parentheses) start at field 3.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return rest[22 - 3] ?? null;
  } catch {
    return null;
  }
}

/** Whether the process that wrote a lock still runs (a lock from another host counts as live). */
export async function holderAlive(info: LockInfo): Promise<boolean> {
  if (info.host !== hostname()) return true;
  if (!Number.isInteger(info.pid) || info.pid <= 0) return false;
  try {
    process.kill(info.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  if (info.start === null) return true;
  const now = await processStartTime(info.pid);
  return now === null || now === info.start;
}

/** Reads a lock file; null when absent, 'corrupt' when unreadable as a lock. */
export async function readLock(path: string): Promise<LockInfo | null | 'corrupt'> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  try {
    const v = JSON.parse(text) as Partial<LockInfo>;
    if (typeof v.pid !== 'number' || typeof v.token !== 'string' || typeof v.host !== 'string') return 'corrupt';
    return {
      pid: v.pid,
      start: typeof v.start === 'string' ? v.start : null,
      host: v.host,
      token: v.token,
      created: String(v.created ?? ''),
    };
  } catch {
    return 'corrupt';
  }
}

/** True when a live process (this one included) holds the lock at path. */
export async function isLocked(path: string): Promise<boolean> {
  if (held.has(path)) return true;
  const info = await readLock(path);
  if (info === null) return false;
  if (info === 'corrupt') return true; // being written right now, or damaged: leave it alone
  return holderAlive(info);
}

/**
 * Takes the lock at path, or null when another live process holds it. `share` lets a holder
 * in this same process share it (counted) instead of being refused.
 */
export async function acquireLock(path: string, share: boolean): Promise<HeldLock | null> {
  const prev = inflight.get(path) ?? Promise.resolve();
  const next = prev.then(
    () => acquireNow(path, share),
    () => acquireNow(path, share),
  );
  inflight.set(path, next);
  try {
    return await next;
  } finally {
    if (inflight.get(path) === next) inflight.delete(path);
  }
}

async function acquireNow(path: string, share: boolean): Promise<HeldLock | null> {
  const mine = held.get(path);
  if (mine) {
    if (!share) return null;
    mine.count++;
    return handle(path, mine, true);
  }
  const info: LockInfo = {
    pid: process.pid,
    start: await processStartTime(process.pid),
    host: hostname(),
    token: randomBytes(16).toString('hex'),
    created: new Date().toISOString(),
  };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await writeFile(path, JSON.stringify(info), { flag: 'wx', mode: 0o644 });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const other = await readLock(path);
      if (other === 'corrupt' || (other !== null && (await holderAlive(other)))) return null;
      await unlink(path).catch(() => undefined); // stale: its process is gone
      continue;
    }
    // A concurrent taker of the same stale lock may have replaced ours: only the file decides.
    const now = await readLock(path);
    if (now === null || now === 'corrupt' || now.token !== info.token) return null;
    const shared: Shared = { count: 1, token: info.token };
    held.set(path, shared);
    return handle(path, shared, false);
  }
  return null;
}

function handle(path: string, shared: Shared, isShared: boolean): HeldLock {
  let released = false;
  return {
    path,
    shared: isShared,
    async release(): Promise<void> {
      if (released) return;
      released = true;
      shared.count--;
      if (shared.count > 0) return;
      if (held.get(path) === shared) held.delete(path);
      const now = await readLock(path);
      if (now !== null && now !== 'corrupt' && now.token === shared.token) await unlink(path).catch(() => undefined);
    },
  };
}
