// Adding a repository: the path must be a Go module (go.mod there) inside a git work tree.
// Only static reads and neutralised git calls happen here; nothing of the repository runs.
import { existsSync, lstatSync, realpathSync, statSync } from 'node:fs';
import { basename, join, relative, resolve, sep } from 'node:path';
import { fail } from '../../shared/errors.js';
import type { Repo } from '../../shared/models.js';
import { gitTopLevel, rootCommit, type GitTool } from '../git/index.js';
import type { Db } from '../store/open-db.js';
import { upsertRepo } from '../store/repos.js';
import { assertSafeModuleFiles, readModulePath } from './go-mod.js';

export async function addRepository(db: Db, git: GitTool, path: string, trust: boolean): Promise<Repo> {
  const abs = resolve(path);
  if (!existsSync(abs) || !statSync(abs).isDirectory()) fail('NotAGoModule', { path });
  const dir = realpathSync(abs);
  // lstat: a go.mod that is a dangling link or a link to a device is refused by name below.
  if (!lstatSync(join(dir, 'go.mod'), { throwIfNoEntry: false })) fail('NotAGoModule', { path });
  assertSafeModuleFiles(dir);
  const modulePath = await readModulePath(dir);
  if (!modulePath) fail('NotAGoModule', { path }, 'go.mod has no module line');
  const top = await gitTopLevel(git, dir);
  if (!top) fail('NotAGitRepo', { path });
  const gitRoot = realpathSync(top);
  const moduleSubdir = relative(gitRoot, dir).split(sep).join('/');
  return upsertRepo(db, {
    path: dir, name: basename(dir), modulePath, gitRoot, moduleSubdir,
    identity: await rootCommit(git, gitRoot), trusted: trust,
  });
}
