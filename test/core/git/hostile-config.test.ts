// A repository whose configuration runs code on plain reads (core.fsmonitor, hooks, smudge,
// clean and process filters, textconv, an external diff, signature checks, a pager): none of
// it may run during any internal git call, and the user's status, HEAD, index and stash stay
// byte-identical, with and without uncommitted changes (a snapshot of the working tree included). Each trap is first shown to fire
// under plain git, so the test would notice a hardening gap.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  commitOrder,
  ensureWorktree,
  findGit,
  listRefs,
  pruneWorktrees,
  resolveRef,
  rootCommit,
  showFileAt,
  workingTreeState,
  type GitTool,
} from '../../../src/core/git/index.js';
import { armRepo, canaries, HOSTILE_ATTRIBUTES, makeRepo, tempDir, type Repo } from './git-fixture.js';
import { dataPaths } from '../../../src/core/store/data-dir.js';
import { materialiseSnapshot, takeSnapshot } from '../../../src/core/workflow/snapshots.js';

let git: GitTool;
beforeAll(async () => {
  git = await findGit(process.env);
});

interface Armed {
  readonly repo: Repo;
  readonly canaryDir: string;
  readonly c1: string;
  readonly head: string;
}

/** A repository with a signed-looking HEAD commit, then armed. */
function armedRepo(): Armed {
  const repo = makeRepo();
  const canaryDir = join(repo.home, 'canaries');
  const c1 = repo.commit('first', {
    '.gitattributes': HOSTILE_ATTRIBUTES,
    'go.mod': 'module x\n',
    'sub/go.mod': 'module x/sub\n',
    'a.go': 'package x\n',
    'perflab.json': '{"budget":1}\n',
    'b.dat': 'data\n',
  });
  repo.commit('second', { 'a.go': 'package x // 2\n' });
  // A commit carrying a (bogus) signature header, so log.showSignature would call gpg.program.
  const raw = repo
    .git(['cat-file', 'commit', 'HEAD'])
    .replace(/^(committer .*)$/m, '$1\ngpgsig -----BEGIN PGP SIGNATURE-----\n \n iQ\n -----END PGP SIGNATURE-----');
  const file = join(repo.home, 'signed.txt');
  writeFileSync(file, raw);
  const head = repo.git(['hash-object', '-t', 'commit', '-w', file]).trim();
  repo.git(['update-ref', 'refs/heads/main', head]);
  armRepo(repo, canaryDir);
  return { repo, canaryDir, c1, head };
}

/** Neutral reads of the user's state (no fsmonitor, no filters, no optional locks) plus raw files. */
function snapshot(repo: Repo): string {
  const neutral = [
    '-c',
    'core.fsmonitor=false',
    '-c',
    'filter.evil.clean=',
    '-c',
    'filter.evil.smudge=',
    '-c',
    'filter.evil.process=',
    '-c',
    'filter.evil.required=false',
    '-c',
    'core.pager=cat',
  ];
  const env = {
    GIT_OPTIONAL_LOCKS: '0',
    GIT_CONFIG_COUNT: '2',
    GIT_CONFIG_KEY_0: 'filter.a=b.clean',
    GIT_CONFIG_VALUE_0: '',
    GIT_CONFIG_KEY_1: 'filter.a=b.smudge',
    GIT_CONFIG_VALUE_1: '',
  };
  const read = (p: string): string => (existsSync(p) ? createHash('sha256').update(readFileSync(p)).digest('hex') : 'absent');
  const gitDir = join(repo.dir, '.git');
  return [
    repo.git([...neutral, 'status', '--porcelain=v2', '--branch', '--untracked-files=all'], env),
    repo.git([...neutral, 'rev-parse', 'HEAD'], env),
    repo.git([...neutral, 'stash', 'list'], env),
    `index ${read(join(gitDir, 'index'))}`,
    `HEAD ${readFileSync(join(gitDir, 'HEAD'), 'utf8')}`,
    `stash ${read(join(gitDir, 'refs', 'stash'))}`,
    `config ${read(join(gitDir, 'config'))}`,
    ...['a.go', 'perflab.json', 'b.dat', 'extra.txt'].map((f) => `${f} ${read(join(repo.dir, f))}`),
  ].join('\n--\n');
}

/**
 * Gives tracked files an old mtime: their stat data no longer matches the index, so status
 * must re-read them (through the clean filter) and would like to write the refreshed index.
 */
function makeIndexStale(repo: Repo): void {
  const old = new Date('2001-01-01T00:00:00Z');
  for (const f of ['a.go', 'perflab.json', 'b.dat']) utimesSync(join(repo.dir, f), old, old);
}

describe('hostile repository configuration', () => {
  it('really is hostile under plain git (each trap fires)', () => {
    const { repo, canaryDir } = armedRepo();
    makeIndexStale(repo);
    expect(() => repo.git(['status', '--porcelain'], { GIT_OPTIONAL_LOCKS: '0' })).toThrow(/filter/); // the process filter starts, then fails
    // An empty process setting also disables clean and smudge, so drop it to see those fire.
    repo.git(['config', '--unset', 'filter.evil.process']);
    repo.git(['status', '--porcelain'], { GIT_OPTIONAL_LOCKS: '0' });
    repo.git(['log', '-1']);
    const wt = join(tempDir(), 'plain');
    repo.git(['worktree', 'add', '--detach', wt, 'HEAD']);
    const fired = canaries(canaryDir).map((c) => c.replace(/-\d+$/, ''));
    for (const trap of ['fsmonitor', 'process', 'clean', 'gpg', 'smudge', 'eqsmudge', 'hook-post-checkout', 'hook-reference-transaction'])
      expect(fired).toContain(trap);
  });

  for (const dirty of [false, true]) {
    it(`runs none of it and leaves the user's state byte-identical (${dirty ? 'with' : 'without'} uncommitted changes)`, async () => {
      const { repo, canaryDir, c1, head } = armedRepo();
      if (dirty) {
        // A stash entry, a staged change, an unstaged change and an untracked file (plain git
        // with the traps defused, as the user's own tools would have made them).
        const defused = [
          '-c',
          'core.fsmonitor=false',
          '-c',
          'filter.evil.clean=',
          '-c',
          'filter.evil.smudge=',
          '-c',
          'filter.evil.process=',
          '-c',
          'filter.evil.required=false',
          '-c',
          'core.hooksPath=/dev/null',
        ];
        repo.write('perflab.json', '{"budget":2}\n');
        repo.git([...defused, 'stash', '-q'], {
          GIT_CONFIG_COUNT: '2',
          GIT_CONFIG_KEY_0: 'filter.a=b.clean',
          GIT_CONFIG_VALUE_0: '',
          GIT_CONFIG_KEY_1: 'filter.a=b.smudge',
          GIT_CONFIG_VALUE_1: '',
        });
        repo.write('b.dat', 'staged\n');
        repo.git([...defused, 'add', 'b.dat'], { GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'filter.a=b.clean', GIT_CONFIG_VALUE_0: '' });
        repo.write('a.go', 'package x // changed\n');
        repo.write('extra.txt', 'untracked\n');
      }
      for (const c of canaries(canaryDir)) rmSync(join(canaryDir, c));
      makeIndexStale(repo);
      const before = snapshot(repo);
      const root = join(tempDir(), 'worktrees');

      const unchanged = (): void => {
        expect(canaries(canaryDir)).toEqual([]);
        expect(snapshot(repo)).toBe(before);
      };

      expect(await resolveRef(git, repo.dir, 'main')).toBe(head);
      unchanged();
      expect(await workingTreeState(git, join(repo.dir, 'sub'))).toEqual({ head, dirty });
      unchanged();
      const refs = await listRefs(git, repo.dir, 10);
      expect(refs.find((r) => r.kind === 'head')).toMatchObject({ sha: head, subject: 'second' });
      unchanged();
      expect(await rootCommit(git, repo.dir)).toBe(c1);
      expect(await commitOrder(git, repo.dir, [head, c1])).toEqual([c1, head]);
      unchanged();
      expect(await showFileAt(git, repo.dir, head, 'a.go')).toBe('package x // 2\n'); // no textconv
      unchanged();
      const wt = await ensureWorktree(git, join(repo.dir, 'sub'), head, root);
      expect(readFileSync(join(wt.dir, 'a.go'), 'utf8')).toBe('package x // 2\n'); // no smudge
      expect(readFileSync(join(wt.dir, 'b.dat'), 'utf8')).toBe('data\n');
      expect(existsSync(join(wt.dir, 'sub', 'go.mod'))).toBe(true);
      await wt.release();
      unchanged();
      const again = await ensureWorktree(git, repo.dir, head, root); // reuse: status inside the worktree
      expect(again.reused).toBe(true);
      writeFileSync(join(again.dir, 'a.go'), 'tampered\n');
      await again.release();
      unchanged();
      const restored = await ensureWorktree(git, repo.dir, head, root); // reset --hard + clean
      expect(readFileSync(join(restored.dir, 'a.go'), 'utf8')).toBe('package x // 2\n');
      await restored.release();
      unchanged();
      const old = await ensureWorktree(git, repo.dir, c1, root);
      await old.release();
      unchanged();
      expect(await pruneWorktrees(git, [repo.dir], root)).toMatchObject({ removed: 2 });
      expect(canaries(canaryDir)).toEqual([]);
      expect(snapshot(repo)).toBe(before);
      // A snapshot of the working tree (add -A and write-tree on a copy of the index, into the
      // app's store), its patch (diff without textconv or external diff) and its checkout.
      const paths = dataPaths(tempDir());
      const rec = await takeSnapshot(git, paths, repo.dir);
      expect(rec.files.length > 0).toBe(dirty);
      unchanged();
      const swt = await materialiseSnapshot(git, paths, repo.dir, rec);
      expect(readFileSync(join(swt.dir, 'a.go'), 'utf8')).toBe(dirty ? 'package x // changed\n' : 'package x // 2\n');
      await swt.release();
      unchanged();
    });
  }
});
