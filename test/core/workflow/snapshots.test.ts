// Snapshots of the working tree with real git: the id is the tree `git add -A` would make, the
// patch says what changed against HEAD (untracked files included, ignored ones not), and
// nothing of the user's is touched: .git/index bytes, refs, stash, object count, status.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findGit } from '../../../src/core/git/index.js';
import { dataPaths } from '../../../src/core/store/data-dir.js';
import { findSnapshot, materialiseSnapshot, readPatch, snapshotId, takeSnapshot } from '../../../src/core/workflow/snapshots.js';
import { fixtureRepo, git, tempDir } from '../../helpers/fixture-repo.js';

function countObjects(dir: string): number {
  let n = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    n += statSync(p).isDirectory() ? countObjects(p) : 1;
  }
  return n;
}

describe('working-tree snapshots', () => {
  const repo = fixtureRepo('wordcount');
  const paths = dataPaths(tempDir('perflab-snap-data-'));
  afterAll(() => repo.cleanup());

  it('records what add -A would commit, patch included, without touching the user’s repository', async () => {
    const gitTool = await findGit(process.env);
    const f = join(repo.module, 'words', 'words.go');
    writeFileSync(f, readFileSync(f, 'utf8').replace('`\\S+`', '`[^\\s]+`'));
    writeFileSync(join(repo.module, 'report', 'notes.md'), 'untracked notes\n');
    writeFileSync(join(repo.root, '.gitignore'), 'build/\n');
    git(repo.root, 'add', '.gitignore'); // staged in the user's index, not committed
    git(repo.root, 'stash', 'list');
    const before = {
      index: readFileSync(join(repo.root, '.git', 'index')),
      refs: git(repo.root, 'for-each-ref'),
      stash: git(repo.root, 'stash', 'list'),
      objects: countObjects(join(repo.root, '.git', 'objects')),
      status: git(repo.root, 'status', '--porcelain'),
      worktrees: existsSync(join(repo.root, '.git', 'worktrees')),
    };

    const rec = await takeSnapshot(gitTool, paths, repo.root);
    expect(rec.tree).toMatch(/^[0-9a-f]{40}$/);
    expect(rec.head).toBe(git(repo.root, 'rev-parse', 'HEAD').trim());
    expect(rec.files.map((x) => `${x.status} ${x.path}`).sort()).toEqual(['A .gitignore', 'A report/notes.md', 'M words/words.go']);
    const patch = readPatch(paths, rec.patchSha);
    expect(patch).toContain('+var word = regexp.MustCompile(`[^\\s]+`)');
    expect(patch).toContain('+++ b/report/notes.md');
    // The same working tree is the same snapshot; a prefix finds it.
    expect(await snapshotId(gitTool, paths, repo.root)).toBe(rec.tree);
    expect((await findSnapshot(gitTool, paths, repo.root, rec.tree.slice(0, 10)))?.patchSha).toBe(rec.patchSha);

    // Materialised in an app-owned worktree of the app's store: the snapshot's files, not HEAD's.
    const wt = await materialiseSnapshot(gitTool, paths, repo.root, rec);
    try {
      expect(wt.dir.startsWith(paths.worktrees)).toBe(true);
      expect(readFileSync(join(wt.dir, 'words', 'words.go'), 'utf8')).toContain('[^\\s]+');
      expect(readFileSync(join(wt.dir, 'report', 'notes.md'), 'utf8')).toBe('untracked notes\n');
    } finally {
      await wt.release();
    }

    expect(readFileSync(join(repo.root, '.git', 'index')).equals(before.index)).toBe(true);
    expect(git(repo.root, 'for-each-ref')).toBe(before.refs);
    expect(git(repo.root, 'stash', 'list')).toBe(before.stash);
    expect(countObjects(join(repo.root, '.git', 'objects'))).toBe(before.objects);
    expect(git(repo.root, 'status', '--porcelain')).toBe(before.status);
    expect(existsSync(join(repo.root, '.git', 'worktrees'))).toBe(before.worktrees);

    // Another edit is another snapshot.
    writeFileSync(join(repo.module, 'report', 'notes.md'), 'changed notes\n');
    expect(await snapshotId(gitTool, paths, repo.root)).not.toBe(rec.tree);
  });
});
