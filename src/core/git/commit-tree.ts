// `git commit-tree TREE -p PARENT` in the app store: a snapshot as a commit on top of the
// user's HEAD, so an app-owned worktree can check it out. The author, committer and dates are
// fixed, so one (tree, parent) always gives the same commit.
import type { GitTool } from './git-tool.js';
import { runGit } from './git-runner.js';
import { requireSha } from './rev-parse.js';

const IDENTITY = {
  GIT_AUTHOR_NAME: 'perflab',
  GIT_AUTHOR_EMAIL: 'perflab@localhost',
  GIT_AUTHOR_DATE: '@0 +0000',
  GIT_COMMITTER_NAME: 'perflab',
  GIT_COMMITTER_EMAIL: 'perflab@localhost',
  GIT_COMMITTER_DATE: '@0 +0000',
};

/** The commit of `tree` with `parent` ('' for none) in the bare store repository at storeDir. */
export async function commitTree(git: GitTool, storeDir: string, tree: string, parent: string): Promise<string> {
  requireSha(tree, 'snapshot');
  if (parent) requireSha(parent, 'parent');
  const args = ['commit-tree', '--no-gpg-sign', '-m', `perflab snapshot ${tree}`, ...(parent ? ['-p', parent] : []), tree];
  const r = await runGit(git, args, { cwd: storeDir, env: IDENTITY });
  return r.stdout.trim();
}
