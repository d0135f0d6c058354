// Opens the lab's SQLite database: WAL, foreign keys, busy timeout, a quick integrity check,
// and migrations by PRAGMA user_version, each in one transaction after a VACUUM INTO backup.
// A database written by a newer Perflab is opened read-only; a damaged one is never touched.
import Database from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fail, LabFailure, labError } from '../../shared/errors.js';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations.js';

export type Db = Database.Database;

export interface OpenedDb {
  readonly db: Db;
  readonly path: string;
  /** Set when the database is newer than this Perflab: reads work, writes are refused. */
  readonly readOnlyReason: LabFailure | null;
}

export interface OpenDbOptions {
  /** Path of a better-sqlite3 binary built for another ABI (the Electron utility process). */
  readonly nativeBinding?: string;
  /** synchronous=FULL instead of NORMAL (survives power loss, slower commits). */
  readonly durable?: boolean;
}

export function openDb(path: string, opts: OpenDbOptions = {}): OpenedDb {
  // The data dir and the database are the user's own: 0700 and 0600 (SQLite gives its -wal and
  // -shm files the database file's mode). A database we own that others can read is narrowed.
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const existed = existsSync(path) && statSync(path).size > 0;
  privateDbFile(path);
  let db: Db;
  try {
    db = new Database(path, { nativeBinding: opts.nativeBinding, fileMustExist: false });
  } catch (err) {
    fail('DatabaseCorrupt', { path, reason: (err as Error).message });
  }
  try {
    // Reading the header first: a file that is not a database fails here, before any write.
    const version = db.pragma('user_version', { simple: true }) as number;
    if (existed) {
      const check = db.pragma('quick_check', { simple: true }) as string;
      if (check !== 'ok') fail('DatabaseCorrupt', { path, reason: `quick_check: ${check}` });
    }
    if (version > SCHEMA_VERSION) {
      db.close();
      const ro = new Database(path, { readonly: true, nativeBinding: opts.nativeBinding });
      ro.pragma('foreign_keys = ON');
      return { db: ro, path, readOnlyReason: new LabFailure(labError('DatabaseTooNew', { path, version, supported: SCHEMA_VERSION })) };
    }
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${opts.durable ? 'FULL' : 'NORMAL'}`);
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 10000');
    if (version < SCHEMA_VERSION) migrate(db, path, version);
    return { db, path, readOnlyReason: null };
  } catch (err) {
    try {
      db.close();
    } catch {
      /* already closed */
    }
    if (err instanceof LabFailure) throw err;
    const code = (err as { code?: string }).code ?? '';
    if (/SQLITE_(NOTADB|CORRUPT)/.test(code)) fail('DatabaseCorrupt', { path, reason: (err as Error).message });
    throw err;
  }
}

/** Creates the database file 0600, or narrows an existing one of ours (and its -wal/-shm) to 0600. */
function privateDbFile(path: string): void {
  if (process.platform === 'win32') return;
  try {
    closeSync(openSync(path, 'a', 0o600));
  } catch {
    return; // read-only location: opening reports it
  }
  const uid = process.getuid?.();
  for (const f of [path, `${path}-wal`, `${path}-shm`]) {
    try {
      const st = statSync(f);
      if ((st.mode & 0o077) !== 0 && st.uid === uid) chmodSync(f, st.mode & 0o700);
    } catch {
      /* absent */
    }
  }
}

function migrate(db: Db, path: string, from: number): void {
  if (from > 0) {
    // Written under a temporary name and renamed: a kill mid-VACUUM leaves no partial file
    // where a whole backup is expected (the next start writes it again).
    const backup = join(dirname(path), `perflab.db.v${from}.backup`);
    if (!existsSync(backup)) {
      const partial = `${backup}.partial`;
      rmSync(partial, { force: true });
      db.exec(`VACUUM INTO '${partial.replace(/'/g, "''")}'`);
      if (process.platform !== 'win32') chmodSync(partial, 0o600);
      renameSync(partial, backup);
    }
  }
  for (let v = from; v < SCHEMA_VERSION; v++) {
    const tx = db.transaction(() => {
      // Another process opening the same database may have applied this migration since the
      // version was read (two first starts at once): the version is read again under the
      // write lock, so a migration never runs twice ("table ... already exists").
      if ((db.pragma('user_version', { simple: true }) as number) > v) return;
      db.exec(MIGRATIONS[v]);
      db.pragma(`user_version = ${v + 1}`);
    });
    tx.immediate();
  }
}

/** Throws the read-only reason when the database cannot be written. */
export function assertWritable(o: OpenedDb): void {
  if (o.readOnlyReason) throw o.readOnlyReason;
}
