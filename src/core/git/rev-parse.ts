// `git rev-parse`: where a repository is, and the one safe way from a name the user typed to a
// commit SHA. A name is checked (validateRefName), resolved with `--verify --quiet
// --end-of-options NAME^{commit}`, and from then on only the SHA is used.
import { realpath } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { fail } from '../../shared/errors.js';
import type { GitTool } from './git-tool.js';
import { classifyGitFailure, runGit } from './git-runner.js';

/** The pseudo-ref naming the user's working tree with its uncommitted changes. */
export const WORKTREE_REF = 'WORKTREE';

const MAX_REF_LENGTH = 1024;
const SHA_RE = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

/** True for a full SHA-1 or SHA-256 object name in lower case. */
export function isFullSha(s: string): boolean {
  return SHA_RE.test(s);
}

/** Throws InvalidInput naming the value unless it is a full SHA. */
export function requireSha(sha: string, field = 'sha'): void {
  if (!isFullSha(sha)) fail('InvalidInput', { field, value: sha });
}

/**
 * Throws InvalidRef unless `name` may be handed to git as a revision: not empty, at most 1024
 * characters, no NUL, CR or LF, and no `/`-separated component that starts with `-` (which
 * would read as an option, including `refs/remotes/origin/--upload-pack=x`).
 */
export function validateRefName(name: string): void {
  if (typeof name !== 'string' || name.length === 0 || name.length > MAX_REF_LENGTH) fail('InvalidRef', { ref: String(name) });
  if (/[\0\r\n]/.test(name)) fail('InvalidRef', { ref: name });
  if (name.split('/').some((component) => component.startsWith('-'))) fail('InvalidRef', { ref: name });
  // `^REV` (a negation) and `A..B` (a range) are revision expressions that name no single commit.
  if (name.startsWith('^') || name.includes('..'))
    fail('InvalidRef', { ref: name }, 'a ref names one commit: not a negation (^REV) or a range (A..B)');
}

/** Resolves a user-typed name to the SHA of the commit it names (RefNotFound when none). */
export async function resolveRef(git: GitTool, repoDir: string, name: string): Promise<string> {
  validateRefName(name);
  const r = await runGit(git, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${name}^{commit}`], {
    cwd: repoDir,
    expected: [0, 1, 128],
  });
  if (r.exitCode === 128 && classifyGitFailure(r.stderr) === 'not-a-repository') fail('NotAGitRepo', { path: repoDir });
  if (r.exitCode !== 0) fail('RefNotFound', { ref: name }, firstLine(r.stderr));
  const sha = r.stdout.trim();
  // Anything but one SHA (a revision expression git accepts but that names no single commit) is the user's input.
  if (!isFullSha(sha)) fail('InvalidRef', { ref: name }, `it does not name one commit (git printed ${JSON.stringify(sha.slice(0, 200))})`);
  return sha;
}

/**
 * resolveRef, and the real path of the repository's common git dir (gitCommonDir) from the same
 * git process: a run resolving its refs and checking their worktrees starts one git fewer.
 */
export async function resolveRefAndCommonDir(git: GitTool, repoDir: string, name: string): Promise<{ sha: string; commonDir: string }> {
  validateRefName(name);
  const r = await runGit(git, ['rev-parse', '--git-common-dir', '--verify', '--quiet', '--end-of-options', `${name}^{commit}`], {
    cwd: repoDir,
    expected: [0, 1, 128],
  });
  if (r.exitCode === 128 && classifyGitFailure(r.stderr) === 'not-a-repository') fail('NotAGitRepo', { path: repoDir });
  if (r.exitCode !== 0) fail('RefNotFound', { ref: name }, firstLine(r.stderr));
  // `<common dir>\n<sha>\n`: the SHA is the last line (a directory name may hold a newline).
  const out = r.stdout.replace(/\n$/, '');
  const cut = out.lastIndexOf('\n');
  const sha = out.slice(cut + 1);
  if (cut < 0 || !isFullSha(sha))
    fail('InvalidRef', { ref: name }, `it does not name one commit (git printed ${JSON.stringify(out.slice(0, 200))})`);
  const common = out.slice(0, cut);
  return { sha, commonDir: await realpath(isAbsolute(common) ? common : resolve(repoDir, common)) };
}

/** The top-level directory of the work tree containing dir; null when dir is not inside one. */
export async function gitTopLevel(git: GitTool, dir: string): Promise<string | null> {
  const r = await runGit(git, ['rev-parse', '--show-toplevel'], { cwd: dir, expected: [0, 128] });
  if (r.exitCode === 128) {
    if (classifyGitFailure(r.stderr) === 'not-a-repository' || /must be run in a work tree/.test(r.stderr)) return null;
    fail('ToolFailed', { command: 'git rev-parse', exitCode: 128, output: r.stderr.slice(0, 8000) });
  }
  const top = r.stdout.replace(/\n$/, '');
  return top === '' ? null : top;
}

/** The real path of the repository's common git directory (shared by all its worktrees): its identity. */
export async function gitCommonDir(git: GitTool, dir: string): Promise<string> {
  const r = await runGit(git, ['rev-parse', '--git-common-dir'], { cwd: dir });
  const p = r.stdout.replace(/\n$/, '');
  return realpath(isAbsolute(p) ? p : resolve(dir, p));
}

/** The commit HEAD points at, '' when HEAD is unborn (no commits yet). */
export async function headCommit(git: GitTool, dir: string): Promise<string> {
  const r = await runGit(git, ['rev-parse', '--verify', '--quiet', '--end-of-options', 'HEAD^{commit}'], {
    cwd: dir,
    expected: [0, 1, 128],
  });
  if (r.exitCode === 128 && classifyGitFailure(r.stderr) === 'not-a-repository') fail('NotAGitRepo', { path: dir });
  return r.exitCode === 0 ? r.stdout.trim() : '';
}

function firstLine(s: string): string | undefined {
  const line = s.split('\n').find((l) => l.trim() !== '');
  return line?.trim();
}
