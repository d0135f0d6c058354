// `git add -A` + `git write-tree` into Perflab's own object store: the tree hash of the user's
// working tree (tracked changes and untracked, not ignored, files) without touching anything of
// theirs. A copy of the user's index seeds a temporary index (so unchanged files are not
// hashed again); GIT_INDEX_FILE points at the copy, GIT_OBJECT_DIRECTORY at the app store and
// GIT_ALTERNATE_OBJECT_DIRECTORIES at the repository's objects, so every new blob and tree
// lands in the app store: not even a loose object is written under the user's .git.
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import type { GitTool } from './git-tool.js';
import { runGit } from './git-runner.js';

export interface SnapshotEnvPaths {
  /** The app store's objects directory (…/snapshots/<key>.git/objects). */
  readonly storeObjects: string;
  /** The repository's own objects directory. */
  readonly repoObjects: string;
}

/** The environment that sends object writes to the app store while reading the repository's objects. */
export function storeEnv(p: SnapshotEnvPaths): Record<string, string> {
  return { GIT_OBJECT_DIRECTORY: p.storeObjects, GIT_ALTERNATE_OBJECT_DIRECTORIES: p.repoObjects };
}

/** A `git rev-parse --git-path NAME` of the working tree at repoDir (index, objects), absolute. */
export async function gitPath(git: GitTool, repoDir: string, name: string): Promise<string> {
  const r = await runGit(git, ['rev-parse', '--git-path', name], { cwd: repoDir });
  const p = r.stdout.replace(/\n$/, '');
  return isAbsolute(p) ? p : resolve(repoDir, p);
}

/** The tree hash of the working tree at repoDir as `git add -A` would stage it, written to the app store. */
export async function snapshotTree(git: GitTool, repoDir: string, p: SnapshotEnvPaths, tmpRoot: string): Promise<string> {
  const userIndex = await gitPath(git, repoDir, 'index');
  const dir = await mkdtemp(join(tmpRoot, 'snapshot-'));
  try {
    const index = join(dir, 'index');
    await copyFile(userIndex, index).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err; // no index yet: start empty
    });
    const env = { ...storeEnv(p), GIT_INDEX_FILE: index };
    // A split index would point at a shared index beside the user's: written whole here.
    const config = ['core.splitIndex=false', 'core.untrackedCache=false'];
    await runGit(git, ['add', '-A', '--', '.'], { cwd: repoDir, env, config, touchesWorkTree: true, timeoutMs: 600_000 });
    const r = await runGit(git, ['write-tree'], { cwd: repoDir, env, config });
    return r.stdout.trim();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
