// Adding a repository: the path must be a Go module (go.mod there) inside a git work tree.
// Only static reads and neutralised git calls happen here; nothing of the repository runs.
import { existsSync, lstatSync, realpathSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { fail } from '../../shared/errors.js';
import type { Repo } from '../../shared/models.js';
import { gitTopLevel, rootCommit, type GitTool } from '../git/index.js';
import type { Db } from '../store/open-db.js';
import { upsertRepo } from '../store/repos.js';
import { assertSafeModuleFiles, readModulePath } from './go-mod.js';

export async function addRepository(db: Db, git: GitTool, path: string, trust: boolean): Promise<Repo> {
  const abs = resolve(expandHome(path));
  if (!existsSync(abs)) fail('NotAGoModule', { path, reason: 'missing' });
  if (!statSync(abs).isDirectory()) fail('NotAGoModule', { path, reason: 'not-a-directory' });
  const dir = realpathSync(abs);
  // lstat: a go.mod that is a dangling link or a link to a device is refused by name below.
  if (!lstatSync(join(dir, 'go.mod'), { throwIfNoEntry: false })) {
    const moduleRoot = enclosingModule(dir);
    fail('NotAGoModule', moduleRoot ? { path, moduleRoot } : { path });
  }
  assertSafeModuleFiles(dir);
  const modulePath = await readModulePath(dir);
  if (!modulePath) fail('NotAGoModule', { path }, 'go.mod has no module line');
  const top = await gitTopLevel(git, dir);
  if (!top) fail('NotAGitRepo', { path });
  const gitRoot = realpathSync(top);
  const moduleSubdir = relative(gitRoot, dir).split(sep).join('/');
  return upsertRepo(db, {
    path: dir,
    name: basename(dir),
    modulePath,
    gitRoot,
    moduleSubdir,
    identity: await rootCommit(git, gitRoot),
    trusted: trust,
  });
}

/** `~` and `~/x` name the home directory, as a shell would expand them. */
export function expandHome(path: string): string {
  const p = path.trim();
  if (p === '~') return homedir();
  if (p.startsWith('~/') || p.startsWith(`~${sep}`)) return join(homedir(), p.slice(2));
  return path;
}

/** The nearest directory above `dir` with a go.mod, or null. */
function enclosingModule(dir: string): string | null {
  for (let d = dirname(dir); ; d = dirname(d)) {
    if (existsSync(join(d, 'go.mod'))) return d;
    if (dirname(d) === d) return null;
  }
}
