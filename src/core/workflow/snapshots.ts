// Snapshots: exactly what a measurement of WORKTREE measured. A snapshot's id is the tree hash
// of the working tree (git/snapshot-tree.ts, written to the app's own object store); beside it
// the data dir keeps a record (the HEAD it sits on, its commit in the store, the files it
// changes) and its patch against HEAD, content-addressed (patches/<sha256>.patch). A stored
// snapshot can be checked out again in an app-owned worktree of the store repository
// (materialise), so an attempt can be re-measured and tested long after the working tree moved on.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fail } from '../../shared/errors.js';
import { commitTree } from '../git/commit-tree.js';
import { diffNames, diffPatch } from '../git/diff-trees.js';
import { ensureWorktree, gitCommonDir, headCommit, repoKey, type AppWorktree, type GitTool } from '../git/index.js';
import { initStore } from '../git/init-store.js';
import { gitPath, snapshotTree, storeEnv } from '../git/snapshot-tree.js';
import type { DataPaths } from '../store/data-dir.js';

export interface SnapshotRecord {
  /** The id: the tree hash of the working tree. */
  readonly tree: string;
  /** The commit the working tree sat on ('' without commits). */
  readonly head: string;
  /** The snapshot as a commit on top of head, in the app store. */
  readonly commit: string;
  /** sha256 of the patch against head (patches/<sha256>.patch). */
  readonly patchSha: string;
  /** What the patch changes: `M\tpath`, `A\tpath`, `D\tpath`. */
  readonly files: readonly { readonly status: string; readonly path: string }[];
  readonly createdAt: string;
}

/** The run-spec ref of a stored snapshot: `snapshot:<tree hash or prefix>`. */
export const SNAPSHOT_REF_PREFIX = 'snapshot:';

/** The snapshot id of a `snapshot:ID` ref, null for any other ref. */
export function snapshotRefId(ref: string): string | null {
  if (!ref.startsWith(SNAPSHOT_REF_PREFIX)) return null;
  const id = ref.slice(SNAPSHOT_REF_PREFIX.length);
  if (!/^[0-9a-f]{7,64}$/.test(id)) fail('InvalidRef', { ref });
  return id;
}

type Paths = Pick<DataPaths, 'snapshots' | 'patches' | 'tmp' | 'worktrees'>;

interface Store {
  readonly dir: string;
  readonly records: string;
  readonly env: Record<string, string>;
}

async function openStore(git: GitTool, paths: Paths, gitRoot: string): Promise<Store> {
  const key = repoKey(await gitCommonDir(git, gitRoot));
  const dir = join(paths.snapshots, `${key}.git`);
  const repoObjects = await gitPath(git, gitRoot, 'objects');
  await initStore(git, dir, repoObjects);
  const records = join(paths.snapshots, key);
  mkdirSync(records, { recursive: true, mode: 0o700 });
  return { dir, records, env: storeEnv({ storeObjects: join(dir, 'objects'), repoObjects }) };
}

/** Snapshots the working tree at gitRoot: tree, commit and patch stored; nothing of the user's touched. */
export async function takeSnapshot(git: GitTool, paths: Paths, gitRoot: string): Promise<SnapshotRecord> {
  const store = await openStore(git, paths, gitRoot);
  mkdirSync(paths.tmp, { recursive: true, mode: 0o700 });
  const [head, tree] = await Promise.all([
    headCommit(git, gitRoot),
    snapshotTree(
      git,
      gitRoot,
      { storeObjects: join(store.dir, 'objects'), repoObjects: store.env.GIT_ALTERNATE_OBJECT_DIRECTORIES },
      paths.tmp,
    ),
  ]);
  const [commit, patch, files] = await Promise.all([
    commitTree(git, store.dir, tree, head),
    diffPatch(git, gitRoot, store.env, head, tree),
    diffNames(git, gitRoot, store.env, head, tree),
  ]);
  const patchSha = writePatch(paths, patch);
  const rec: SnapshotRecord = { tree, head, commit, patchSha, files, createdAt: new Date().toISOString() };
  writeAtomic(join(store.records, `${tree}.json`), `${JSON.stringify(rec)}\n`);
  return rec;
}

/** Only the id (the tree hash) of the working tree, for a run's WORKTREE column. */
export async function snapshotId(git: GitTool, paths: Paths, gitRoot: string): Promise<string> {
  const store = await openStore(git, paths, gitRoot);
  mkdirSync(paths.tmp, { recursive: true, mode: 0o700 });
  return snapshotTree(
    git,
    gitRoot,
    { storeObjects: join(store.dir, 'objects'), repoObjects: store.env.GIT_ALTERNATE_OBJECT_DIRECTORIES },
    paths.tmp,
  );
}

/** The stored record of a snapshot id (or a unique prefix of 7+ hex digits); null when none. */
export async function findSnapshot(git: GitTool, paths: Paths, gitRoot: string, id: string): Promise<SnapshotRecord | null> {
  if (!/^[0-9a-f]{7,64}$/.test(id)) return null;
  const store = await openStore(git, paths, gitRoot);
  const exact = join(store.records, `${id}.json`);
  if (existsSync(exact)) return JSON.parse(readFileSync(exact, 'utf8')) as SnapshotRecord;
  const { readdirSync } = await import('node:fs');
  const hits = readdirSync(store.records).filter((n) => n.endsWith('.json') && n.startsWith(id));
  if (hits.length > 1) fail('InvalidInput', { field: 'snapshot', value: id }, `the prefix fits ${hits.length} snapshots; give more digits`);
  return hits.length ? (JSON.parse(readFileSync(join(store.records, hits[0]), 'utf8')) as SnapshotRecord) : null;
}

/** The patch text of a stored snapshot. */
export function readPatch(paths: Pick<DataPaths, 'patches'>, patchSha: string): string {
  if (!/^[0-9a-f]{64}$/.test(patchSha)) fail('InvalidInput', { field: 'patch', value: patchSha }, 'not a patch id');
  return readFileSync(join(paths.patches, `${patchSha}.patch`), 'utf8');
}

/** A locked app-owned worktree holding the snapshot's files (a worktree of the store repository). */
export async function materialiseSnapshot(git: GitTool, paths: Paths, gitRoot: string, rec: SnapshotRecord): Promise<AppWorktree> {
  const store = await openStore(git, paths, gitRoot);
  // The store's commit is deterministic: make sure it exists (a store deleted by hand is rebuilt from the record).
  const commit = await commitTree(git, store.dir, rec.tree, rec.head).catch(() => null);
  if (commit === null)
    fail('InvalidInput', { field: 'snapshot', value: rec.tree }, 'its objects are gone from the app store (was the data dir cleaned?)');
  return ensureWorktree(git, store.dir, commit, paths.worktrees);
}

function writePatch(paths: Pick<DataPaths, 'patches'>, patch: string): string {
  const sha = createHash('sha256').update(patch).digest('hex');
  mkdirSync(paths.patches, { recursive: true, mode: 0o700 });
  const file = join(paths.patches, `${sha}.patch`);
  if (!existsSync(file)) writeAtomic(file, patch);
  return sha;
}

function writeAtomic(file: string, text: string): void {
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, text, { mode: 0o600 });
  renameSync(tmp, file);
}
