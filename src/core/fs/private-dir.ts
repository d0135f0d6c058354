// Directories only this user may write: the runtime dir of the machine lock
// ($XDG_RUNTIME_DIR/perflab, else a per-user cache dir; never a shared /tmp path). Created
// 0700; an existing one must be a real directory (not a symbolic link), owned by us, with no
// group or other write bit, or it is refused with UnsafeDirectory. Small files in it are
// written and read with O_NOFOLLOW.
import { closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readSync, writeSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { fail } from '../../shared/errors.js';

/** Where the machine lock and other runtime files live (PERFLAB_LOCK_DIR overrides, for tests). */
export function runtimeDir(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): string {
  if (env.PERFLAB_LOCK_DIR) return env.PERFLAB_LOCK_DIR;
  if (env.XDG_RUNTIME_DIR && isAbsolute(env.XDG_RUNTIME_DIR)) return join(env.XDG_RUNTIME_DIR, 'perflab');
  const home = env.HOME || homedir();
  switch (platform) {
    case 'darwin':
      return join(home, 'Library', 'Caches', 'perflab');
    case 'win32':
      return join(env.LOCALAPPDATA || join(home, 'AppData', 'Local'), 'perflab');
    default:
      return join(env.XDG_CACHE_HOME && isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : join(home, '.cache'), 'perflab');
  }
}

/** Creates `dir` 0700 if absent; refuses one that another user could have planted or can write. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dirname(dir), { recursive: true, mode: 0o700 });
  try {
    mkdirSync(dir, { mode: 0o700 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const st = lstatSync(dir);
  if (st.isSymbolicLink()) fail('UnsafeDirectory', { path: dir, reason: 'it is a symbolic link' });
  if (!st.isDirectory()) fail('UnsafeDirectory', { path: dir, reason: 'it is not a directory' });
  if (process.platform === 'win32') return;
  const uid = process.getuid?.();
  if (uid !== undefined && st.uid !== uid)
    fail('UnsafeDirectory', { path: dir, reason: `it is owned by uid ${st.uid}, not by this user (uid ${uid})` });
  if ((st.mode & 0o022) !== 0)
    fail('UnsafeDirectory', {
      path: dir,
      reason: `group or others can write to it (mode ${(st.mode & 0o777).toString(8).padStart(4, '0')})`,
    });
}

const NOFOLLOW = (constants as Record<string, number | undefined>).O_NOFOLLOW ?? 0;
const NONBLOCK = (constants as Record<string, number | undefined>).O_NONBLOCK ?? 0;

/** Writes a small file 0600 without following a symbolic link at `path`. */
export function writePrivateFile(path: string, text: string): void {
  const fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | NOFOLLOW | NONBLOCK, 0o600);
  try {
    if (!fstatSync(fd).isFile()) return;
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
}

/** Reads a small regular file (at most `maxBytes`) without following a link; null when absent or not one. */
export function readPrivateFile(path: string, maxBytes: number): string | null {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | NOFOLLOW | NONBLOCK);
  } catch {
    return null;
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile() || st.size > maxBytes) return null;
    const buf = Buffer.alloc(Math.min(st.size, maxBytes));
    const n = readSync(fd, buf, 0, buf.length, 0);
    return buf.subarray(0, n).toString('utf8');
  } finally {
    closeSync(fd);
  }
}
