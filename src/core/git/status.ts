// `git status --porcelain=v2`: the commit the user's working tree sits on and whether it has
// uncommitted changes (the WORKTREE pseudo-ref). Read-only: GIT_OPTIONAL_LOCKS=0 (git-tool.ts)
// keeps status from refreshing and rewriting the user's index, filters are neutralised
// (a racily clean file would otherwise go through the clean filter), and submodules are not
// entered (their own config is not neutralised), so changes inside submodules do not count.
import type { GitTool } from './git-tool.js';
import { runGit } from './git-runner.js';

export interface WorkingTreeState {
  /** The commit HEAD points at, '' when there is none yet. */
  readonly head: string;
  /** Modified, staged, deleted or untracked (not ignored) files exist. */
  readonly dirty: boolean;
}

/** Reads HEAD and dirtiness of the working tree containing repoDir. */
export async function workingTreeState(git: GitTool, repoDir: string): Promise<WorkingTreeState> {
  const r = await runGit(
    git,
    [
      'status',
      '--porcelain=v2',
      '-z',
      '--branch',
      '--no-ahead-behind',
      '--untracked-files=normal',
      '--ignore-submodules=all',
      '--no-renames',
    ],
    { cwd: repoDir, touchesWorkTree: true, timeoutMs: 300_000 },
  );
  return parseStatusV2(r.stdout);
}

/** Parses `status --porcelain=v2 -z --branch` output. */
export function parseStatusV2(out: string): WorkingTreeState {
  let head = '';
  let dirty = false;
  for (const entry of out.split('\0')) {
    if (entry === '') continue;
    if (entry.startsWith('# ')) {
      const m = /^# branch\.oid (\S+)$/.exec(entry);
      if (m && m[1] !== '(initial)') head = m[1];
      continue;
    }
    // `1 ...`, `2 ...` (followed by its original path as the next entry), `u ...`, `? path`
    if (/^[12u?] /.test(entry)) dirty = true;
  }
  return { head, dirty };
}
