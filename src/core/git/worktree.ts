// App-owned worktrees (`git worktree add --detach`): one checkout per (repository, commit)
// under the data dir's worktrees/ folder, reused across runs, locked while in use, removed by
// `perflab gc`. The user's own working tree, HEAD, index and stash are never touched; the
// repository only gains an entry under .git/worktrees/.
//
// Layout: <root>/<repo key>/<sha>[.<slot>]/ with <dir>.lock beside each (worktree-lock.ts),
// and <root>/<repo key>/repo.json naming the repository. The repo key is a hash of the real
// path of the repository's common git dir. Slot 0 is the usual one; a run that finds it held
// by another live process takes slot 1, 2...
//
// Hardening: the checkout is `worktree add --no-checkout` and then `reset --hard` inside the
// new worktree, so the filter drivers are listed and neutralised in the worktree's own
// config context (includeIf gitdir: included). Hooks never run and filter drivers are
// emptied: git-lfs files stay pointer files, and a build that needs LFS content sees the
// pointers. Sparse checkout is off, so the whole tree of the commit is there.
import { createHash } from 'node:crypto';
import { lstat, mkdir, readdir, realpath, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { fail } from '../../shared/errors.js';
import type { GitTool } from './git-tool.js';
import { runGit } from './git-runner.js';
import { gitCommonDir, requireSha } from './rev-parse.js';
import { acquireLock, isLocked } from './worktree-lock.js';

export interface AppWorktree {
  /** The worktree's root directory (the repository root at that commit). */
  readonly dir: string;
  /** The directory already held this commit from an earlier run. */
  readonly reused: boolean;
  /** Gives up this holder's lock (idempotent). */
  release(): Promise<void>;
}

const MAX_SLOTS = 8;
const SLOT_NAME = /^(?:[0-9a-f]{40}|[0-9a-f]{64})(?:\.\d+)?$/;
const WORKTREE_TIMEOUT_MS = 30 * 60_000;

/** The folder of a repository's worktrees under root: a hash of its common git dir's real path. */
export function repoKey(commonDir: string): string {
  return createHash('sha256').update(commonDir).digest('hex').slice(0, 16);
}

/**
 * What a caller already knows of the repository, so a run of several refs asks git once: the
 * repository's common git dir (gitCommonDir of repoDir, shared by its refs), and that `sha` is a
 * commit (it came from resolveRef, which verified `NAME^{commit}`).
 */
export interface KnownRepo {
  readonly commonDir?: string;
  readonly shaIsCommit?: boolean;
}

/** Prepares (or reuses) a detached worktree of `sha` for the repository containing repoDir, and locks it. */
export async function ensureWorktree(
  git: GitTool,
  repoDir: string,
  sha: string,
  worktreesRoot: string,
  known: KnownRepo = {},
): Promise<AppWorktree> {
  requireSha(sha);
  // Independent questions, asked side by side (each git process is ~10-15 ms, most of it start-up).
  const [common, exists] = await Promise.all([
    known.commonDir ?? gitCommonDir(git, repoDir),
    known.shaIsCommit ? null : runGit(git, ['cat-file', '-e', `${sha}^{commit}`], { cwd: repoDir, expected: [0, 1, 128] }),
  ]);
  if (exists && exists.exitCode !== 0) fail('RefNotFound', { ref: sha });
  const keyDir = join(await realRoot(worktreesRoot), repoKey(common));
  await mkdir(keyDir, { recursive: true, mode: 0o700 });
  await writeFile(join(keyDir, 'repo.json'), JSON.stringify({ commonDir: common }) + '\n');
  for (let slot = 0; slot < MAX_SLOTS; slot++) {
    const dir = join(keyDir, slot === 0 ? sha : `${sha}.${slot}`);
    const got = await oneAtATime(dir, async () => {
      const lock = await acquireLock(`${dir}.lock`, true);
      if (!lock) return null;
      try {
        // A holder in this process prepared and checked it already; it may be using it now.
        const reused = lock.shared ? true : await prepare(git, repoDir, common, sha, dir);
        return { lock, reused };
      } catch (err) {
        await lock.release();
        throw err;
      }
    });
    if (got) return { dir, reused: got.reused, release: () => got.lock.release() };
  }
  return fail('Conflict', { reason: `all ${MAX_SLOTS} worktree slots of ${sha} are in use by other processes` });
}

/**
 * `git worktree add` and `remove` of one repository, one at a time in this process: git reads
 * every registered worktree's admin directory while adding one, and a sibling admin directory
 * still being written makes it fail ("failed to read .git/worktrees/<name>/commondir"), which
 * nine refs resolved side by side hit (a range run).
 */
const worktreeAdmin = new Map<string, Promise<unknown>>();

function oneAdminAtATime<T>(common: string, fn: () => Promise<T>): Promise<T> {
  const prev = worktreeAdmin.get(common) ?? Promise.resolve();
  const next = prev.then(fn, fn);
  const tail = next.catch(() => undefined);
  worktreeAdmin.set(common, tail);
  void tail.then(() => {
    if (worktreeAdmin.get(common) === tail) worktreeAdmin.delete(common);
  });
  return next;
}

/** Makes dir a clean worktree of sha; true when an existing one could be kept. */
async function prepare(git: GitTool, repoDir: string, common: string, sha: string, dir: string): Promise<boolean> {
  if (await pathExists(dir)) {
    let state = await inspect(git, dir, common, sha);
    if (state === 'dirty') {
      await runGit(git, ['reset', '--hard', '--no-recurse-submodules', '-q'], {
        cwd: dir,
        touchesWorkTree: true,
        config: ['core.sparseCheckout=false'],
        timeoutMs: WORKTREE_TIMEOUT_MS,
      });
      await runGit(git, ['clean', '-ffdxq'], { cwd: dir, timeoutMs: WORKTREE_TIMEOUT_MS });
      state = await inspect(git, dir, common, sha);
    }
    switch (state) {
      case 'intact':
        return true;
      case 'dirty':
      case 'foreign':
        await oneAdminAtATime(common, () => removeWorktree(git, repoDir, dir));
        break;
    }
  }
  await oneAdminAtATime(common, () =>
    runGit(git, ['worktree', 'add', '--detach', '--no-checkout', '--force', '--end-of-options', dir, sha], {
      cwd: repoDir,
      timeoutMs: WORKTREE_TIMEOUT_MS,
    }),
  );
  await runGit(git, ['reset', '--hard', '--no-recurse-submodules', '-q'], {
    cwd: dir,
    touchesWorkTree: true,
    config: ['core.sparseCheckout=false'],
    timeoutMs: WORKTREE_TIMEOUT_MS,
  });
  const state = await inspect(git, dir, common, sha);
  if (state !== 'intact')
    fail('ToolFailed', { command: 'git worktree add', exitCode: 0, output: `the new worktree ${dir} is ${state} after checkout` });
  return false;
}

/**
 * What an existing directory is: a worktree of this repository at sha with nothing changed,
 * added or ignored ('intact'), one with changes ('dirty'), or anything else ('foreign': not a
 * worktree, another repository, another commit, a broken .git file).
 */
async function inspect(git: GitTool, dir: string, common: string, sha: string): Promise<'intact' | 'dirty' | 'foreign'> {
  const real = await realpath(dir);
  // The status is read while the identity is checked (status only reads; its answer counts
  // only when the directory is this repository's worktree at sha).
  const status = runGit(
    git,
    ['status', '--porcelain=v2', '-z', '--untracked-files=all', '--ignored=matching', '--ignore-submodules=all', '--no-renames'],
    { cwd: dir, touchesWorkTree: true, config: ['core.sparseCheckout=false'], timeoutMs: WORKTREE_TIMEOUT_MS, expected: [0, 128] },
  );
  const r = await runGit(git, ['rev-parse', '--show-toplevel', '--git-common-dir', '--verify', 'HEAD'], {
    cwd: dir,
    expected: [0, 1, 128],
  });
  const s = await status.then(
    (out) => ({ out }),
    (err: unknown) => ({ err }),
  );
  if (r.exitCode !== 0) return 'foreign';
  const [top, commonOut, head] = r.stdout.split('\n');
  if (top !== real || head !== sha) return 'foreign';
  const theirCommon = await realpath(resolve(dir, commonOut)).catch(() => '');
  if (theirCommon !== common) return 'foreign';
  if ('err' in s) throw s.err;
  if (s.out.exitCode !== 0) fail('ToolFailed', { command: 'git status', exitCode: s.out.exitCode, output: s.out.stderr.slice(0, 8000) });
  return s.out.stdout.split('\0').some((e) => e !== '' && !e.startsWith('# ')) ? 'dirty' : 'intact';
}

/** Unregisters (when registered) and deletes an app worktree directory. */
async function removeWorktree(git: GitTool, repoDir: string | null, dir: string): Promise<void> {
  if (repoDir !== null) {
    await runGit(git, ['worktree', 'remove', '--force', '--force', dir], {
      cwd: repoDir,
      expected: [0, 128],
      timeoutMs: WORKTREE_TIMEOUT_MS,
    });
  }
  await rm(dir, { recursive: true, force: true });
}

/**
 * Removes every app worktree under worktreesRoot that no live process holds: those registered
 * in the given repositories (also when their directory is already gone) via `git worktree
 * remove --force`, then leftover directories of repositories not given. Other worktrees of the
 * user's repositories are left alone (no global `git worktree prune`).
 */
export async function pruneWorktrees(
  git: GitTool,
  repoDirs: readonly string[],
  worktreesRoot: string,
): Promise<{ readonly removed: number; readonly freedBytes: number }> {
  if (!(await pathExists(worktreesRoot))) return { removed: 0, freedBytes: 0 };
  const root = await realRoot(worktreesRoot);
  let removed = 0;
  let freedBytes = 0;
  const removeHeld = async (repoDir: string | null, dir: string): Promise<void> => {
    await mkdir(dirname(dir), { recursive: true }); // the folder may be gone with a registration left
    const lock = await acquireLock(`${dir}.lock`, false);
    if (!lock) return;
    try {
      const existed = await pathExists(dir);
      const bytes = existed ? await diskUsage(dir) : 0;
      await removeWorktree(git, repoDir, dir);
      removed++;
      freedBytes += bytes;
    } finally {
      await lock.release();
    }
  };
  for (const repoDir of repoDirs) {
    let listing: string;
    try {
      listing = (await runGit(git, ['worktree', 'list', '--porcelain', '-z'], { cwd: repoDir })).stdout;
    } catch {
      continue; // the repository is gone or no longer a repository: its directories go below
    }
    for (const path of parseWorktreeList(listing)) {
      if (path.startsWith(root + sep) && SLOT_NAME.test(path.slice(path.lastIndexOf(sep) + 1))) await removeHeld(repoDir, path);
    }
  }
  for (const key of await readdir(root)) {
    const keyDir = join(root, key);
    if (!(await isDirectory(keyDir))) continue;
    for (const name of await readdir(keyDir)) {
      const path = join(keyDir, name);
      if (SLOT_NAME.test(name) && (await isDirectory(path))) await removeHeld(null, path);
      else if (
        name.endsWith('.lock') &&
        SLOT_NAME.test(name.slice(0, -5)) &&
        !(await pathExists(path.slice(0, -5))) &&
        !(await isLocked(path))
      ) {
        await rm(path, { force: true });
      }
    }
    const left = await readdir(keyDir);
    if (left.every((n) => n === 'repo.json')) await rm(keyDir, { recursive: true, force: true });
  }
  return { removed, freedBytes };
}

/** Worktree paths from `git worktree list --porcelain -z`. */
export function parseWorktreeList(out: string): string[] {
  return out
    .split('\0')
    .filter((l) => l.startsWith('worktree '))
    .map((l) => l.slice('worktree '.length));
}

async function realRoot(root: string): Promise<string> {
  await mkdir(resolve(root), { recursive: true, mode: 0o700 });
  return realpath(resolve(root));
}

async function pathExists(p: string): Promise<boolean> {
  try {
    await lstat(p);
    return true;
  } catch {
    return false;
  }
}

async function isDirectory(p: string): Promise<boolean> {
  try {
    return (await lstat(p)).isDirectory();
  } catch {
    return false;
  }
}

/** Bytes on disk under dir (allocated blocks where the OS reports them), symlinks not followed. */
export async function diskUsage(dir: string): Promise<number> {
  let total = 0;
  const stack = [dir];
  while (stack.length > 0) {
    const d = stack.pop() as string;
    let names: string[];
    try {
      names = await readdir(d);
    } catch {
      continue;
    }
    for (const n of names) {
      const p = join(d, n);
      try {
        const st = await lstat(p);
        total += st.blocks !== undefined ? st.blocks * 512 : st.size;
        if (st.isDirectory()) stack.push(p);
      } catch {
        /* vanished */
      }
    }
  }
  return total;
}

/** Runs fn for one key at a time within this process (acquire + prepare of one directory). */
const queues = new Map<string, Promise<unknown>>();
async function oneAtATime<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const prev = queues.get(key) ?? Promise.resolve();
  const next = prev.then(fn, fn);
  queues.set(key, next);
  try {
    return await next;
  } finally {
    if (queues.get(key) === next) queues.delete(key);
  }
}
