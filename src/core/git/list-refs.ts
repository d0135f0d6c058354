// The refs a user picks from: the WORKTREE pseudo-ref, HEAD, local branches, tags and recent
// commits, each with its commit SHA, subject and date (`for-each-ref` and `log`). Names that
// validateRefName would refuse (a component starting with '-') are left out; a name that is
// both a branch and a tag is listed by its full refname so it resolves to what it says.
import type { RefInfo } from '../../shared/models.js';
import type { GitTool } from './git-tool.js';
import { runGit } from './git-runner.js';
import { WORKTREE_REF, isFullSha, validateRefName } from './rev-parse.js';
import { workingTreeState } from './status.js';

const FIELDS = [
  '%(refname)',
  '%(objecttype)',
  '%(objectname)',
  '%(*objecttype)',
  '%(*objectname)',
  '%(subject)',
  '%(*subject)',
  '%(committerdate:iso-strict)',
  '%(*committerdate:iso-strict)',
];
const FOR_EACH_REF_FORMAT = FIELDS.map((f) => `${f}%00`).join('');

interface RawRef {
  readonly refname: string;
  readonly sha: string;
  readonly subject: string;
  readonly date: string;
}

/** Lists refs: WORKTREE, HEAD, then up to `limit` branches (newest first), tags and commits on HEAD. */
export async function listRefs(git: GitTool, repoDir: string, limit: number): Promise<RefInfo[]> {
  const n = Math.max(0, Math.floor(limit));
  const state = await workingTreeState(git, repoDir);
  const out: RefInfo[] = [];
  const head = state.head ? (await logCommits(git, repoDir, state.head, 1))[0] : undefined;
  out.push({
    name: WORKTREE_REF,
    kind: 'worktree',
    sha: state.head,
    subject: state.dirty ? 'working tree with uncommitted changes' : 'working tree (no uncommitted changes)',
    date: head?.date ?? '',
  });
  if (head) out.push({ name: 'HEAD', kind: 'head', sha: head.sha, subject: head.subject, date: head.date });
  if (n === 0) return out;
  const branches = await forEachRef(git, repoDir, 'refs/heads', '-committerdate', n);
  const tags = await forEachRef(git, repoDir, 'refs/tags', '-creatordate', n);
  const short = (r: RawRef, prefix: string): string => r.refname.slice(prefix.length);
  const branchNames = new Set(branches.map((b) => short(b, 'refs/heads/')));
  const tagNames = new Set(tags.map((t) => short(t, 'refs/tags/')));
  const display = (r: RawRef, prefix: string, other: Set<string>): string => {
    const s = short(r, prefix);
    return other.has(s) || s === 'HEAD' || s === WORKTREE_REF ? r.refname : s;
  };
  for (const b of branches)
    out.push({ name: display(b, 'refs/heads/', tagNames), kind: 'branch', sha: b.sha, subject: b.subject, date: b.date });
  for (const t of tags)
    out.push({ name: display(t, 'refs/tags/', branchNames), kind: 'tag', sha: t.sha, subject: t.subject, date: t.date });
  if (state.head) {
    for (const c of await logCommits(git, repoDir, state.head, n))
      out.push({ name: c.sha, kind: 'commit', sha: c.sha, subject: c.subject, date: c.date });
  }
  return out.filter((r) => isUsableName(r.name));
}

function isUsableName(name: string): boolean {
  try {
    validateRefName(name);
    return true;
  } catch {
    return false;
  }
}

async function forEachRef(git: GitTool, repoDir: string, prefix: string, sort: string, count: number): Promise<RawRef[]> {
  const r = await runGit(git, ['for-each-ref', `--format=${FOR_EACH_REF_FORMAT}`, `--sort=${sort}`, `--count=${count}`, prefix], {
    cwd: repoDir,
  });
  return parseForEachRef(r.stdout);
}

/** Parses for-each-ref output in FOR_EACH_REF_FORMAT; keeps refs that name (or peel to) a commit. */
export function parseForEachRef(out: string): RawRef[] {
  const fields = out.split('\0');
  const refs: RawRef[] = [];
  for (let i = 0; i + FIELDS.length <= fields.length; i += FIELDS.length) {
    // Each record after the first starts with the newline that ended the previous one.
    const [refname, type, sha, peeledType, peeledSha, subject, peeledSubject, date, peeledDate] = fields.slice(i, i + FIELDS.length);
    const name = refname.replace(/^\n/, '');
    if (type === 'commit' && isFullSha(sha)) refs.push({ refname: name, sha, subject, date });
    else if (type === 'tag' && peeledType === 'commit' && isFullSha(peeledSha))
      refs.push({ refname: name, sha: peeledSha, subject: peeledSubject, date: peeledDate });
  }
  return refs;
}

interface LoggedCommit {
  readonly sha: string;
  readonly subject: string;
  readonly date: string;
}

async function logCommits(git: GitTool, repoDir: string, sha: string, count: number): Promise<LoggedCommit[]> {
  if (!isFullSha(sha)) return [];
  const r = await runGit(
    git,
    ['log', '--no-show-signature', '--no-decorate', '--no-color', `--max-count=${count}`, '--format=%H%x00%s%x00%cI%x00', sha, '--'],
    { cwd: repoDir },
  );
  const fields = r.stdout.split('\0');
  const commits: LoggedCommit[] = [];
  for (let i = 0; i + 3 <= fields.length; i += 3) {
    const sha = fields[i].replace(/^\n/, '');
    if (isFullSha(sha)) commits.push({ sha, subject: fields[i + 1], date: fields[i + 2] });
  }
  return commits;
}
