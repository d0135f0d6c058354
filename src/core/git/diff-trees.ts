// `git diff` between two stored trees (HEAD and a snapshot), read from the app store plus the
// repository's objects: the patch of a snapshot (binary-safe, full hashes, fixed prefixes, no
// external diff, textconv or renames, whatever the user's config says) and the list of files
// it changes. Reads objects only: the working tree is not looked at.
import type { GitTool } from './git-tool.js';
import { runGit } from './git-runner.js';
import { requireSha } from './rev-parse.js';

const FIXED = ['--no-color', '--no-ext-diff', '--no-textconv', '--no-renames', '--src-prefix=a/', '--dst-prefix=b/'];

/** The patch from `from` (a commit or tree; '' for the empty tree) to `to`. */
export async function diffPatch(git: GitTool, cwd: string, env: Record<string, string>, from: string, to: string): Promise<string> {
  const r = await runGit(git, ['diff', '--binary', '--full-index', ...FIXED, await base(git, cwd, env, from), to, '--'], {
    cwd,
    env,
    maxBuffer: 256 * 1024 * 1024,
    timeoutMs: 300_000,
  });
  return r.stdout;
}

/** `STATUS\tPATH` lines of what `to` changes against `from`. */
export async function diffNames(
  git: GitTool,
  cwd: string,
  env: Record<string, string>,
  from: string,
  to: string,
): Promise<{ status: string; path: string }[]> {
  const r = await runGit(git, ['diff', '--name-status', '-z', ...FIXED, await base(git, cwd, env, from), to, '--'], { cwd, env });
  const parts = r.stdout.split('\0');
  const out: { status: string; path: string }[] = [];
  for (let i = 0; i + 1 < parts.length; i += 2) out.push({ status: parts[i], path: parts[i + 1] });
  return out;
}

async function base(git: GitTool, cwd: string, env: Record<string, string>, from: string): Promise<string> {
  if (from) {
    requireSha(from, 'base');
    return from;
  }
  // The empty tree (a repository without commits yet).
  return (await runGit(git, ['hash-object', '-t', 'tree', '--stdin'], { cwd, env, input: '' })).stdout.trim();
}
