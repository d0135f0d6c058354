// `git init --bare`: Perflab's own object store for one repository (data dir
// snapshots/<key>.git), whose alternates file points at the repository's objects. Snapshot
// blobs, trees and commits live here; app-owned worktrees of snapshots are this repository's
// worktrees, so the user's .git gains nothing.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { GitTool } from './git-tool.js';
import { runGit } from './git-runner.js';

/** Creates (once) the bare store at storeDir and points its alternates at repoObjects. */
export async function initStore(git: GitTool, storeDir: string, repoObjects: string): Promise<void> {
  const alternates = join(storeDir, 'objects', 'info', 'alternates');
  const want = `${repoObjects}\n`;
  const have = await readFile(alternates, 'utf8').catch(() => null);
  if (have === want) return;
  if (have === null) {
    await mkdir(storeDir, { recursive: true, mode: 0o700 });
    await runGit(git, ['init', '--bare', '-q', '--', storeDir], { cwd: storeDir });
  }
  await mkdir(join(storeDir, 'objects', 'info'), { recursive: true });
  await writeFile(alternates, want);
}
