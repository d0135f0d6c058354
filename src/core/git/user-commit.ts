// The one git call that acts for the user rather than reads for the lab: `investigate commit
// --git-commit` stages the working tree (`git add -A`) and runs `git commit -F FILE` on the
// user's current branch, as they would themselves: their hooks (pre-commit, commit-msg...),
// their config, no hardening overrides. Only on that explicit request, after the caller checked
// that the working tree is still the measured snapshot. The message goes through a file, never
// the command line. Also `git var GIT_COMMITTER_IDENT` for a Signed-off-by trailer.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fail } from '../../shared/errors.js';
import { exec } from '../proc/exec.js';
import type { GitTool } from './git-tool.js';

async function userGit(
  git: GitTool,
  cwd: string,
  args: readonly string[],
  timeoutMs = 600_000,
): Promise<{ exitCode: number; output: string; stdout: string }> {
  const r = await exec('git', git.bin, args, { cwd, env: { ...git.env, GIT_OPTIONAL_LOCKS: '1' }, timeoutMs });
  if (r.exitCode === null)
    fail('ToolFailed', { command: `git ${args[0]}`, exitCode: null, output: r.timedOut ? `timed out after ${timeoutMs} ms` : 'killed' });
  return { exitCode: r.exitCode, output: (r.stdout + r.stderr).trim(), stdout: r.stdout };
}

/** `Name <email>` of the user's committer identity (as `git commit --signoff` would write). */
export async function committerIdent(git: GitTool, cwd: string): Promise<string> {
  const r = await userGit(git, cwd, ['var', 'GIT_COMMITTER_IDENT'], 30_000);
  const m = /^(.*?<[^>]*>)/.exec(r.stdout.trim());
  if (r.exitCode !== 0 || !m)
    fail('ToolFailed', {
      command: 'git var',
      exitCode: r.exitCode,
      output: r.output || 'no committer identity (set user.name and user.email)',
    });
  return m[1];
}

/** Stages everything and commits with `message`; returns the new HEAD and git's output. A hook that refuses is an error with its output. */
export async function commitAsUser(git: GitTool, cwd: string, message: string, tmpRoot: string): Promise<{ sha: string; output: string }> {
  const add = await userGit(git, cwd, ['add', '-A', '--', '.']);
  if (add.exitCode !== 0) fail('ToolFailed', { command: 'git add', exitCode: add.exitCode, output: add.output.slice(0, 8000) });
  const dir = await mkdtemp(join(tmpRoot, 'commit-'));
  try {
    const file = join(dir, 'MESSAGE');
    await writeFile(file, message, { mode: 0o600 });
    const c = await userGit(git, cwd, ['commit', '-F', file]);
    if (c.exitCode !== 0) fail('ToolFailed', { command: 'git commit', exitCode: c.exitCode, output: c.output.slice(0, 8000) });
    const head = await userGit(git, cwd, ['rev-parse', '--verify', 'HEAD'], 30_000);
    return { sha: head.stdout.trim(), output: c.output };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
