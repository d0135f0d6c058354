// A file's content at a commit (what `git show SHA:path` prints), for settings read from the
// base ref such as perflab.json budgets. `ls-tree` finds the entry and `cat-file blob` prints
// it: neither applies textconv or filter drivers, unlike `git show`, which textconvs blobs.
import { fail } from '../../shared/errors.js';
import type { GitTool } from './git-tool.js';
import { runGit } from './git-runner.js';
import { requireSha } from './rev-parse.js';

const MAX_FILE_BYTES = 64 * 1024 * 1024;

/**
 * The UTF-8 content of `path` (relative to the repository root, `/`-separated) at commit
 * `sha`; null when there is no regular file there (absent, a directory, a symlink or a
 * submodule). RefNotFound when the repository has no such commit.
 */
export async function showFileAt(git: GitTool, repoDir: string, sha: string, path: string): Promise<string | null> {
  requireSha(sha);
  const clean = normaliseTreePath(path);
  const ls = await runGit(git, ['ls-tree', '-z', '--full-tree', sha, '--', clean], { cwd: repoDir, expected: [0, 128] });
  if (ls.exitCode === 128) fail('RefNotFound', { ref: sha });
  const entry = parseLsTree(ls.stdout).find((e) => e.path === clean);
  if (!entry || entry.type !== 'blob' || (entry.mode !== '100644' && entry.mode !== '100755')) return null;
  const blob = await runGit(git, ['cat-file', 'blob', entry.object], { cwd: repoDir, maxBuffer: MAX_FILE_BYTES });
  return blob.stdout;
}

/** Checks a repository-relative path and strips a leading `./`; InvalidInput names a bad one. */
export function normaliseTreePath(path: string): string {
  const p = path.replace(/^(\.\/)+/, '');
  const bad = p === '' || p.startsWith('/') || /[\0\r\n\\]/.test(p) || p.split('/').some((c) => c === '' || c === '.' || c === '..');
  if (bad) fail('InvalidInput', { field: 'path', value: path });
  return p;
}

export interface TreeEntry {
  readonly mode: string;
  readonly type: string;
  readonly object: string;
  readonly path: string;
}

/** Parses `ls-tree -z` output: `<mode> SP <type> SP <object> TAB <path>` entries ended by NUL. */
export function parseLsTree(out: string): TreeEntry[] {
  const entries: TreeEntry[] = [];
  for (const rec of out.split('\0')) {
    const m = /^(\d+) (\w+) ([0-9a-f]+)\t([\s\S]*)$/.exec(rec);
    if (m) entries.push({ mode: m[1], type: m[2], object: m[3], path: m[4] });
  }
  return entries;
}
