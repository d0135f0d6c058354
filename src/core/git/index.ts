// The git adapter's public surface: one file per git subcommand over one hardened runner
// (git-runner.ts, hardening.ts). Everything else in core imports git from here.
export type { GitTool } from './git-tool.js';
export { findGit, gitEnvironment, parseGitVersion, MIN_GIT_VERSION } from './git-tool.js';
export type { GitCall, GitOutput } from './git-runner.js';
export { runGit, listFilterDrivers } from './git-runner.js';
export {
  WORKTREE_REF,
  validateRefName,
  resolveRef,
  resolveRefAndCommonDir,
  gitTopLevel,
  gitCommonDir,
  headCommit,
  isFullSha,
  requireSha,
} from './rev-parse.js';
export { rootCommit, commitOrder, isAncestor, firstParentRange, commitSubjects } from './rev-list.js';
export type { WorkingTreeState } from './status.js';
export { workingTreeState } from './status.js';
export { listRefs } from './list-refs.js';
export type { AppWorktree, KnownRepo } from './worktree.js';
export { ensureWorktree, pruneWorktrees, repoKey } from './worktree.js';
export { showFileAt } from './show-file.js';
export { commitsTouchingLines, type LoggedCommit } from './log-lines.js';
