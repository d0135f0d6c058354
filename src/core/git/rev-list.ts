// `git rev-list` and `git merge-base`: walks of the commit graph by SHA. The root commit
// names a project across clones; commitOrder puts the commits of a history plot in order.
// Revisions passed here are full SHAs (or the constant HEAD), never user text.
import { fail } from '../../shared/errors.js';
import type { CommitSubject } from '../../shared/workflow-types.js';
import type { GitTool } from './git-tool.js';
import { runGit } from './git-runner.js';
import { headCommit, requireSha } from './rev-parse.js';

/** The oldest root commit reachable from HEAD; '' when the repository has no commits. */
export async function rootCommit(git: GitTool, dir: string): Promise<string> {
  const head = await headCommit(git, dir);
  if (head === '') return '';
  const r = await runGit(git, ['rev-list', '--max-parents=0', '--date-order', head], { cwd: dir, timeoutMs: 300_000 });
  const roots = r.stdout.split('\n').filter(Boolean);
  return roots[roots.length - 1] ?? '';
}

/** True when `ancestor` is `descendant` or one of its ancestors. */
export async function isAncestor(git: GitTool, repoDir: string, ancestor: string, descendant: string): Promise<boolean> {
  requireSha(ancestor, 'ancestor');
  requireSha(descendant, 'descendant');
  const r = await runGit(git, ['merge-base', '--is-ancestor', ancestor, descendant], { cwd: repoDir, expected: [0, 1] });
  return r.exitCode === 0;
}

/**
 * The given commits (deduplicated) oldest first: no commit before one of its ancestors, and
 * otherwise by commit date (`rev-list --date-order --reverse`). The walk is bounded below by
 * the commits' common ancestor when they have one. RefNotFound names a SHA the repository
 * does not have.
 */
export async function commitOrder(git: GitTool, repoDir: string, shas: readonly string[]): Promise<string[]> {
  const wanted = [...new Set(shas)];
  for (const s of wanted) requireSha(s);
  if (wanted.length <= 1) {
    for (const s of wanted) await requireCommit(git, repoDir, s);
    return wanted;
  }
  for (const s of wanted) await requireCommit(git, repoDir, s);
  const base = await runGit(git, ['merge-base', '--octopus', ...wanted], { cwd: repoDir, expected: [0, 1] });
  const bases = base.exitCode === 0 ? base.stdout.split('\n').filter(Boolean) : [];
  const args = ['rev-list', '--date-order', '--reverse', ...wanted];
  if (bases.length > 0) args.push('--not', ...bases);
  const r = await runGit(git, args, { cwd: repoDir, timeoutMs: 300_000, maxBuffer: 512 * 1024 * 1024 });
  const set = new Set(wanted);
  const ordered = new Set<string>();
  // The common ancestor (excluded from the walk) precedes everything when it is one of ours.
  for (const b of bases) if (set.has(b)) ordered.add(b);
  for (const line of r.stdout.split('\n')) if (set.has(line)) ordered.add(line);
  for (const s of wanted) ordered.add(s);
  return [...ordered];
}

async function requireCommit(git: GitTool, repoDir: string, sha: string): Promise<void> {
  const r = await runGit(git, ['cat-file', '-e', `${sha}^{commit}`], { cwd: repoDir, expected: [0, 1, 128] });
  if (r.exitCode !== 0) fail('RefNotFound', { ref: sha });
}

/** Commits of `from..to` along first parents, oldest first, with their subjects (SHAs in, never user text). */
export async function firstParentRange(git: GitTool, repoDir: string, from: string, to: string): Promise<CommitSubject[]> {
  requireSha(from, 'from');
  requireSha(to, 'to');
  const r = await runGit(
    git,
    [
      'log',
      '--first-parent',
      '--reverse',
      '--no-show-signature',
      '--no-decorate',
      '--no-color',
      '--format=%H%x00%s%x00',
      `${from}..${to}`,
      '--',
    ],
    { cwd: repoDir, timeoutMs: 300_000, maxBuffer: 256 * 1024 * 1024 },
  );
  return parseShaSubjects(r.stdout);
}

/** The subject line of each commit (missing commits are left out). */
export async function commitSubjects(git: GitTool, repoDir: string, shas: readonly string[]): Promise<Map<string, string>> {
  const wanted = [...new Set(shas)];
  for (const s of wanted) requireSha(s);
  if (wanted.length === 0) return new Map();
  const r = await runGit(
    git,
    ['log', '--no-walk=unsorted', '--no-show-signature', '--no-decorate', '--no-color', '--format=%H%x00%s%x00', ...wanted, '--'],
    { cwd: repoDir, expected: [0, 128] },
  );
  return new Map(parseShaSubjects(r.stdout).map((c) => [c.sha, c.subject]));
}

function parseShaSubjects(out: string): CommitSubject[] {
  const fields = out.split('\0');
  const commits: CommitSubject[] = [];
  for (let i = 0; i + 2 <= fields.length; i += 2) {
    const sha = fields[i].replace(/^\n/, '');
    if (/^[0-9a-f]{40}$/.test(sha)) commits.push({ sha, subject: fields[i + 1] });
  }
  return commits;
}
