// The one way the lab reads a file whose path a user gave (profiles, imports, compare inputs,
// PGO files, API `{path}` inputs): opened without blocking (a FIFO never hangs the open),
// checked on the opened descriptor (fstat: a regular file, within a size limit) before any
// byte is read, then read in chunks with a hard byte budget (a file that grows while read
// fails too). Errors are typed and name the path: FileNotFound, NotARegularFile,
// FileTooLarge, FileUnreadable.
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, type Stats } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { fail, LabFailure } from '../../shared/errors.js';

export const MiB = 1024 * 1024;
/** Go benchmark text (import, compare): far beyond any real file, well below a Node string's limit. */
export const MAX_BENCH_TEXT_BYTES = 256 * MiB;

export interface SafeReadOptions {
  /** Largest accepted size in bytes. */
  readonly maxBytes: number;
  /** The path as the user wrote it, for error messages (default: the path opened). */
  readonly shownPath?: string;
  /** Refuse a symbolic link as the last component (O_NOFOLLOW). */
  readonly noFollow?: boolean;
}

const CHUNK = 1 << 20;
/** readTextPiecesSync's piece: small enough that its string dies young (V8 puts strings over ~128 KiB straight into the old generation). */
const PIECE = 1 << 16;

/** What kind of non-regular file a stat describes, in words. */
export function fileKind(st: Stats): string {
  if (st.isFile()) return 'regular file';
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a named pipe';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  if (st.isSymbolicLink()) return 'a symbolic link';
  return 'not a file';
}

function openFlags(noFollow: boolean): number {
  const c = constants as Record<string, number | undefined>;
  return (c.O_RDONLY ?? 0) | (c.O_NONBLOCK ?? 0) | (c.O_NOCTTY ?? 0) | (noFollow ? (c.O_NOFOLLOW ?? 0) : 0);
}

function openError(err: unknown, path: string, shown: string, noFollow: boolean): never {
  const code = (err as NodeJS.ErrnoException).code ?? '';
  if (code === 'ENOENT' || code === 'ENOTDIR') fail('FileNotFound', { path: shown });
  if (code === 'ELOOP' && noFollow) fail('NotARegularFile', { path: shown, kind: 'a symbolic link' });
  if (code === 'ENXIO' || code === 'EOPNOTSUPP') {
    // A socket (or a device with no driver behind it) cannot be opened: say what it is.
    let kind = 'not a file';
    try {
      kind = fileKind(lstatSync(path));
    } catch {
      /* keep */
    }
    fail('NotARegularFile', { path: shown, kind });
  }
  fail('FileUnreadable', { path: shown, reason: code || (err as Error).message });
}

/**
 * Opens `path` read-only and non-blocking and checks the opened file: a regular file of at
 * most `maxBytes`. The caller closes the handle.
 */
export async function openRegularFile(path: string, o: SafeReadOptions): Promise<{ handle: FileHandle; size: number }> {
  const shown = o.shownPath ?? path;
  let handle: FileHandle;
  try {
    handle = await open(path, openFlags(o.noFollow === true));
  } catch (err) {
    openError(err, path, shown, o.noFollow === true);
  }
  try {
    const st = await handle.stat();
    if (!st.isFile()) fail('NotARegularFile', { path: shown, kind: fileKind(st) });
    if (st.size > o.maxBytes) fail('FileTooLarge', { path: shown, size: st.size, limit: o.maxBytes });
    return { handle, size: st.size };
  } catch (err) {
    await handle.close().catch(() => undefined);
    throw err;
  }
}

/** Checks, without reading it, that `path` is a regular file within the limit; returns its size. */
export async function checkRegularFile(path: string, o: SafeReadOptions): Promise<number> {
  const { handle, size } = await openRegularFile(path, o);
  await handle.close().catch(() => undefined);
  return size;
}

/** Reads a whole regular file of at most `maxBytes` (checked before and while reading). */
export async function readFileBounded(path: string, o: SafeReadOptions): Promise<Buffer> {
  const shown = o.shownPath ?? path;
  const { handle, size } = await openRegularFile(path, o);
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      // One byte past the limit is enough to know the file grew beyond it.
      const want = Math.min(total < size ? size - total : CHUNK, CHUNK, o.maxBytes + 1 - total);
      const buf = Buffer.allocUnsafe(want);
      let n: number;
      try {
        ({ bytesRead: n } = await handle.read(buf, 0, want, null));
      } catch (err) {
        if (err instanceof LabFailure) throw err;
        fail('FileUnreadable', { path: shown, reason: (err as NodeJS.ErrnoException).code ?? (err as Error).message });
      }
      if (n === 0) break;
      total += n;
      if (total > o.maxBytes) fail('FileTooLarge', { path: shown, size: total, limit: o.maxBytes });
      chunks.push(n === want ? buf : buf.subarray(0, n));
    }
    return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/**
 * Reads a regular file of at most `maxBytes` piece by piece, calling `onBytes` with each piece
 * of raw bytes (a view of one reused buffer, valid only during the call): the whole file is
 * never one buffer. Same checks and errors as readFileBounded, but synchronous: for a one-shot
 * command (the CLI's compare of files), where a round trip to the thread pool per piece would
 * only wait.
 */
export function readBytePiecesSync(path: string, o: SafeReadOptions, onBytes: (bytes: Uint8Array) => void): void {
  const shown = o.shownPath ?? path;
  let fd: number;
  try {
    fd = openSync(path, openFlags(o.noFollow === true));
  } catch (err) {
    openError(err, path, shown, o.noFollow === true);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) fail('NotARegularFile', { path: shown, kind: fileKind(st) });
    if (st.size > o.maxBytes) fail('FileTooLarge', { path: shown, size: st.size, limit: o.maxBytes });
    // A plain Uint8Array (not a Buffer): a consumer that also scans its own Uint8Arrays sees one
    // kind of object, which V8 optimizes better.
    const buf = new Uint8Array(PIECE);
    let total = 0;
    for (;;) {
      const want = Math.min(PIECE, o.maxBytes + 1 - total);
      let n: number;
      try {
        n = readSync(fd, buf, 0, want, null);
      } catch (err) {
        fail('FileUnreadable', { path: shown, reason: (err as NodeJS.ErrnoException).code ?? (err as Error).message });
      }
      if (n === 0) break;
      total += n;
      if (total > o.maxBytes) fail('FileTooLarge', { path: shown, size: total, limit: o.maxBytes });
      onBytes(n === PIECE ? buf : buf.subarray(0, n));
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * readBytePiecesSync, decoded as UTF-8 (a character split between pieces is kept whole): `onText`
 * gets each piece of text; the whole file is never one string.
 */
export function readTextPiecesSync(path: string, o: SafeReadOptions, onText: (text: string) => void): void {
  // ignoreBOM keeps a leading BOM as text, as Buffer.toString does.
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  readBytePiecesSync(path, o, (bytes) => {
    const text = decoder.decode(bytes, { stream: true });
    if (text.length > 0) onText(text);
  });
  const rest = decoder.decode();
  if (rest.length > 0) onText(rest);
}

/** readFileBounded, decoded as UTF-8. */
export async function readTextBounded(path: string, o: SafeReadOptions): Promise<string> {
  return (await readFileBounded(path, o)).toString('utf8');
}

/**
 * For files of a repository read before trust (go.mod, go.sum, go.work, vendor/modules.txt):
 * absent is fine, but one that exists must be a regular file, not a symbolic link, within the
 * limit. Checked with lstat, so a link is refused whatever it points at.
 */
export function assertPlainFileIfPresent(path: string, shownPath: string, maxBytes: number): boolean {
  let st: Stats;
  try {
    st = lstatSync(path);
  } catch {
    return false;
  }
  if (!st.isFile()) fail('NotARegularFile', { path: shownPath, kind: fileKind(st) });
  if (st.size > maxBytes) fail('FileTooLarge', { path: shownPath, size: st.size, limit: maxBytes });
  return true;
}
