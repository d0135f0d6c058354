// One benchmark run at a time per machine: the CLI, `perflab serve` and the desktop app share
// this lock. It is an exclusive SQLite transaction on a small lock file, so the operating
// system releases it when its holder dies (no stale lock files). A waiting run polls, reports
// whom it waits for, and can be canceled while it waits. The lock lives in a private runtime
// dir (private-dir.ts: $XDG_RUNTIME_DIR/perflab or a per-user cache dir, 0700, owner-checked),
// never in a shared /tmp path another local user could plant.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { fail } from '../../shared/errors.js';
import { ensurePrivateDir, readPrivateFile, runtimeDir, writePrivateFile } from '../fs/private-dir.js';

export interface LockHolder {
  readonly pid: number;
  readonly runId: number;
  readonly dataDir: string;
  readonly since: string;
}

export interface MachineLock {
  release(): void;
}

export function defaultLockDir(env: NodeJS.ProcessEnv): string {
  return runtimeDir(env);
}

function openLockDb(lockDir: string, nativeBinding: string | undefined): { db: Database.Database; infoPath: string } {
  ensurePrivateDir(lockDir);
  const db = new Database(join(lockDir, 'run.lock'), { nativeBinding });
  db.pragma('busy_timeout = 0');
  return { db, infoPath: join(lockDir, 'run.lock.json') };
}

function tryBegin(db: Database.Database): boolean {
  try {
    db.exec('BEGIN EXCLUSIVE');
    return true;
  } catch (err) {
    if (!/SQLITE_BUSY|locked/i.test(String((err as { code?: string }).code ?? (err as Error).message))) {
      db.close();
      throw err;
    }
    return false;
  }
}

function handleOf(db: Database.Database): MachineLock {
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      try {
        db.exec('COMMIT');
      } catch {
        /* nothing to commit */
      }
      db.close();
    },
  };
}

/**
 * Takes the machine's run lock if it is free (gc holds it while it removes binaries and
 * worktrees); otherwise returns null and whoever holds it.
 */
export function tryMachineLock(o: {
  readonly lockDir: string;
  readonly holder: LockHolder;
  readonly nativeBinding?: string;
}): { lock: MachineLock } | { lock: null; holder: LockHolder | null } {
  const { db, infoPath } = openLockDb(o.lockDir, o.nativeBinding);
  if (!tryBegin(db)) {
    db.close();
    return { lock: null, holder: readHolder(infoPath) };
  }
  try {
    writePrivateFile(infoPath, JSON.stringify(o.holder));
  } catch {
    /* informational only */
  }
  return { lock: handleOf(db) };
}

/**
 * Waits for the machine's run lock. `onWait` is called (once, then on holder change) while
 * another run holds it. Rejects with Canceled when `signal` aborts.
 */
export async function acquireMachineLock(o: {
  readonly lockDir: string;
  readonly holder: LockHolder;
  readonly signal?: AbortSignal;
  readonly onWait?: (holder: LockHolder | null) => void;
  readonly nativeBinding?: string;
}): Promise<MachineLock> {
  const { db, infoPath } = openLockDb(o.lockDir, o.nativeBinding);
  let lastHolder = '';
  for (;;) {
    if (o.signal?.aborted) {
      db.close();
      fail('Canceled', { runId: o.holder.runId });
    }
    if (tryBegin(db)) break;
    const holder = readHolder(infoPath);
    const key = holder ? `${holder.pid}:${holder.runId}` : '?';
    if (key !== lastHolder) {
      lastHolder = key;
      o.onWait?.(holder);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  try {
    writePrivateFile(infoPath, JSON.stringify(o.holder));
  } catch {
    /* informational only */
  }
  return handleOf(db);
}

function readHolder(path: string): LockHolder | null {
  try {
    const text = readPrivateFile(path, 64 * 1024);
    return text === null ? null : (JSON.parse(text) as LockHolder);
  } catch {
    return null;
  }
}
