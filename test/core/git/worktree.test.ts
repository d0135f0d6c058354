// App-owned worktrees: creation at a SHA, reuse across runs, repair of a tampered one, locks
// held by live processes (kept) or dead ones (ignored), and `perflab gc` pruning.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWorktree, findGit, pruneWorktrees, type GitTool } from '../../../src/core/git/index.js';
import { processStartTime } from '../../../src/core/git/worktree-lock.js';
import { labErrorOf } from './errors.js';
import { makeRepo, tempDir, type Repo } from './git-fixture.js';

let git: GitTool;
let repo: Repo;
let c1: string;
let c2: string;
const children: number[] = [];

beforeAll(async () => {
  git = await findGit(process.env);
  repo = makeRepo();
  c1 = repo.commit('one', { 'go.mod': 'module x\n', 'mod/go.mod': 'module x/mod\n', 'mod/a.go': 'package mod // 1\n' });
  c2 = repo.commit('two', { 'mod/a.go': 'package mod // 2\n', '.gitignore': 'out/\n' });
});

afterAll(() => {
  for (const pid of children) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
});

function registered(r: Repo): string[] {
  return r
    .git(['worktree', 'list', '--porcelain'])
    .split('\n')
    .filter((l) => l.startsWith('worktree '))
    .map((l) => l.slice(9))
    .filter((p) => p !== r.dir);
}

function writeLock(path: string, pid: number, start: string | null): void {
  writeFileSync(path, JSON.stringify({ pid, start, host: hostname(), token: 'other', created: new Date().toISOString() }));
}

describe('ensureWorktree', () => {
  it('creates a detached worktree at the SHA from a module subdirectory, then reuses it', async () => {
    const root = join(tempDir(), 'worktrees');
    const wt = await ensureWorktree(git, join(repo.dir, 'mod'), c1, root);
    expect(wt.reused).toBe(false);
    expect(basename(wt.dir)).toBe(c1);
    expect(readFileSync(join(wt.dir, 'mod', 'a.go'), 'utf8')).toBe('package mod // 1\n');
    expect(repo.git(['-C', wt.dir, 'rev-parse', 'HEAD']).trim()).toBe(c1);
    expect(repo.git(['-C', wt.dir, 'rev-parse', '--abbrev-ref', 'HEAD']).trim()).toBe('HEAD'); // detached
    expect(existsSync(`${wt.dir}.lock`)).toBe(true);
    await wt.release();
    await wt.release(); // idempotent
    expect(existsSync(`${wt.dir}.lock`)).toBe(false);
    const again = await ensureWorktree(git, repo.dir, c1, root);
    expect(again).toMatchObject({ dir: wt.dir, reused: true });
    await again.release();
    expect(registered(repo)).toContain(wt.dir);
  }, 60_000);

  it('shares one worktree between holders in the same process', async () => {
    const root = join(tempDir(), 'worktrees');
    const [a, b] = await Promise.all([ensureWorktree(git, repo.dir, c2, root), ensureWorktree(git, repo.dir, c2, root)]);
    expect(a.dir).toBe(b.dir);
    expect([a.reused, b.reused].sort()).toEqual([false, true]);
    await a.release();
    expect(existsSync(`${a.dir}.lock`)).toBe(true); // b still holds it
    expect(await pruneWorktrees(git, [repo.dir], root)).toEqual({ removed: 0, freedBytes: 0 });
    await b.release();
    expect(existsSync(`${a.dir}.lock`)).toBe(false);
  });

  it('repairs a tampered worktree and recreates one at the wrong commit', async () => {
    const root = join(tempDir(), 'worktrees');
    const wt = await ensureWorktree(git, repo.dir, c2, root);
    writeFileSync(join(wt.dir, 'mod', 'a.go'), 'tampered\n');
    writeFileSync(join(wt.dir, 'mod', 'extra.go'), 'package mod\n');
    writeFileSync(join(wt.dir, 'stray.txt'), 'x');
    await wt.release();
    const fixed = await ensureWorktree(git, repo.dir, c2, root);
    expect(fixed.reused).toBe(true);
    expect(readFileSync(join(fixed.dir, 'mod', 'a.go'), 'utf8')).toBe('package mod // 2\n');
    expect(existsSync(join(fixed.dir, 'mod', 'extra.go'))).toBe(false);
    expect(existsSync(join(fixed.dir, 'stray.txt'))).toBe(false);
    repo.git(['-C', fixed.dir, 'checkout', '-q', '--detach', c1]);
    await fixed.release();
    const recreated = await ensureWorktree(git, repo.dir, c2, root);
    expect(recreated).toMatchObject({ dir: fixed.dir, reused: false });
    expect(readFileSync(join(recreated.dir, 'mod', 'a.go'), 'utf8')).toBe('package mod // 2\n');
    await recreated.release();
    // A directory that is not a worktree at all (e.g. left by a crash) is replaced too.
    rmSync(join(recreated.dir, '.git'));
    const replaced = await ensureWorktree(git, repo.dir, c2, root);
    expect(replaced.reused).toBe(false);
    expect(repo.git(['-C', replaced.dir, 'rev-parse', 'HEAD']).trim()).toBe(c2);
    await replaced.release();
  }, 60_000);

  it('leaves a worktree locked by another live process alone and ignores locks of dead processes', async () => {
    const root = join(tempDir(), 'worktrees');
    const first = await ensureWorktree(git, repo.dir, c1, root);
    await first.release();
    const sleeper = spawn('sleep', ['60'], { stdio: 'ignore' });
    children.push(sleeper.pid as number);
    writeLock(`${first.dir}.lock`, sleeper.pid as number, await processStartTime(sleeper.pid as number));
    const second = await ensureWorktree(git, repo.dir, c1, root);
    expect(second.dir).toBe(`${first.dir}.1`);
    expect(readFileSync(join(second.dir, 'mod', 'a.go'), 'utf8')).toBe('package mod // 1\n');
    await second.release();
    const pruned = await pruneWorktrees(git, [repo.dir], root);
    expect(pruned.removed).toBe(1);
    expect(pruned.freedBytes).toBeGreaterThan(0);
    expect(existsSync(first.dir)).toBe(true);
    expect(existsSync(second.dir)).toBe(false);
    expect(registered(repo)).toContain(first.dir);
    expect(registered(repo)).not.toContain(second.dir);

    // The holder dies: its lock is stale and the worktree is taken (and later pruned).
    sleeper.kill('SIGKILL');
    await new Promise((r) => sleeper.once('exit', r));
    const third = await ensureWorktree(git, repo.dir, c1, root);
    expect(third).toMatchObject({ dir: first.dir, reused: true });
    await third.release();

    // A lock naming a live pid with another start time (pid reuse) is stale as well.
    writeLock(`${first.dir}.lock`, process.pid, 'not-my-start-time');
    const fourth = await ensureWorktree(git, repo.dir, c1, root);
    expect(fourth.dir).toBe(first.dir);
    await fourth.release();

    const dead = spawnSync('true').pid;
    writeLock(`${first.dir}.lock`, dead, null);
    expect((await pruneWorktrees(git, [repo.dir], root)).removed).toBe(1);
    expect(existsSync(first.dir)).toBe(false);
    expect(registered(repo).filter((p) => p.startsWith(root))).toEqual([]);
  }, 60_000);

  it('rejects a malformed SHA and reports an unknown commit', async () => {
    const root = join(tempDir(), 'worktrees');
    expect(await labErrorOf(ensureWorktree(git, repo.dir, '--detach', root))).toMatchObject({
      code: 'InvalidInput',
      detail: { value: '--detach' },
    });
    expect(await labErrorOf(ensureWorktree(git, repo.dir, 'a'.repeat(40), root))).toMatchObject({
      code: 'RefNotFound',
      detail: { ref: 'a'.repeat(40) },
    });
  });
});

describe('pruneWorktrees', () => {
  it("removes registrations whose directory is gone, and leftovers of unknown repositories, but not the user's worktrees", async () => {
    const r = makeRepo();
    const c = r.commit('x', { 'a.txt': 'a\n' });
    const userWt = join(tempDir(), 'user-wt');
    r.git(['worktree', 'add', '-q', '--detach', userWt, c]);
    rmSync(userWt, { recursive: true }); // the user's own missing worktree: not ours to prune
    const root = join(tempDir(), 'worktrees');
    const wt = await ensureWorktree(git, r.dir, c, root);
    await wt.release();
    rmSync(dirname(wt.dir), { recursive: true }); // the data dir's worktrees/ was wiped
    expect(registered(r)).toContain(wt.dir);
    expect(await pruneWorktrees(git, [r.dir], root)).toEqual({ removed: 1, freedBytes: 0 });
    expect(registered(r)).toEqual([userWt]);

    const other = makeRepo();
    const oc = other.commit('o', { 'o.txt': 'o\n' });
    const owt = await ensureWorktree(git, other.dir, oc, root);
    await owt.release();
    const result = await pruneWorktrees(git, [r.dir, join(tempDir(), 'gone')], root);
    expect(result.removed).toBe(1);
    expect(result.freedBytes).toBeGreaterThan(0);
    expect(readdirSync(root)).toEqual([]);
    expect(await pruneWorktrees(git, [], join(tempDir(), 'never-created'))).toEqual({ removed: 0, freedBytes: 0 });
  }, 60_000);
});
