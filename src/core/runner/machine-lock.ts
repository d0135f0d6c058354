// One benchmark run at a time per machine: the CLI, `perflab serve` and the desktop app share
// this lock. It is an exclusive SQLite transaction on a small lock file, so the operating
// system releases it when its holder dies (no stale lock files). A waiting run polls, reports
// whom it waits for, and can be canceled while it waits.
import Database from 'better-sqlite3';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { fail } from '../../shared/errors.js';

export interface LockHolder { readonly pid: number; readonly runId: number; readonly dataDir: string; readonly since: string }

export interface MachineLock {
  release(): void;
}

export function defaultLockDir(env: NodeJS.ProcessEnv): string {
  if (env.PERFLAB_LOCK_DIR) return env.PERFLAB_LOCK_DIR;
  let user = 'user';
  try { user = String(userInfo().uid >= 0 ? userInfo().uid : userInfo().username); } catch { /* keep default */ }
  return join(tmpdir(), `perflab-${user}`);
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
  mkdirSync(o.lockDir, { recursive: true, mode: 0o700 });
  const dbPath = join(o.lockDir, 'run.lock');
  const infoPath = join(o.lockDir, 'run.lock.json');
  const db = new Database(dbPath, { nativeBinding: o.nativeBinding });
  db.pragma('busy_timeout = 0');
  let lastHolder = '';
  for (;;) {
    if (o.signal?.aborted) {
      db.close();
      fail('Canceled', { runId: o.holder.runId });
    }
    try {
      db.exec('BEGIN EXCLUSIVE');
      break;
    } catch (err) {
      if (!/SQLITE_BUSY|locked/i.test(String((err as { code?: string }).code ?? (err as Error).message))) {
        db.close();
        throw err;
      }
    }
    const holder = readHolder(infoPath);
    const key = holder ? `${holder.pid}:${holder.runId}` : '?';
    if (key !== lastHolder) {
      lastHolder = key;
      o.onWait?.(holder);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  try { writeFileSync(infoPath, JSON.stringify(o.holder)); } catch { /* informational only */ }
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      try { db.exec('COMMIT'); } catch { /* nothing to commit */ }
      db.close();
    },
  };
}

function readHolder(path: string): LockHolder | null {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as LockHolder;
  } catch {
    return null;
  }
}
