// Ref names from users and from the repository: validation, resolution to SHAs, hostile
// names that would read as options (with canary files that must never appear), listing.
import { existsSync, readdirSync, writeFileSync, chmodSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  commitOrder,
  findGit,
  gitTopLevel,
  isAncestor,
  listRefs,
  gitCommonDir,
  resolveRef,
  resolveRefAndCommonDir,
  rootCommit,
  showFileAt,
  validateRefName,
  WORKTREE_REF,
  type GitTool,
} from '../../../src/core/git/index.js';
import { labErrorOf } from './errors.js';
import { makeRepo, tempDir, type Repo } from './git-fixture.js';

let git: GitTool;
let repo: Repo;
let c1: string;
let c2: string;
let c3: string;

beforeAll(async () => {
  git = await findGit(process.env);
  repo = makeRepo();
  c1 = repo.commit('first', { 'go.mod': 'module example.com/x\n', 'sub/go.mod': 'module example.com/sub\n' }, '2024-01-01T00:00:00Z');
  c2 = repo.commit('second: with budget', { 'perflab.json': '{"budget":5}\n', 'sub/a.go': 'package sub\n' }, '2024-01-02T00:00:00Z');
  repo.git(['tag', 'v1', c1]);
  repo.git(['tag', '-a', '-m', 'annotated release', 'v2', c2]);
  repo.git(['branch', 'feature/fast', c1]);
  repo.git(['checkout', '-q', 'feature/fast']);
  c3 = repo.commit('third on feature', { 'f.txt': 'x\n' }, '2024-01-03T00:00:00Z');
  repo.git(['checkout', '-q', 'main']);
});

describe('findGit', () => {
  it('finds git and reads a version of at least 2.30', () => {
    expect(git.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(git.env.GIT_OPTIONAL_LOCKS).toBe('0');
  });
  it('refuses a git older than 2.30 with ToolMissing naming git', async () => {
    const dir = tempDir();
    const fake = join(dir, 'git');
    writeFileSync(fake, '#!/bin/sh\necho "git version 2.29.2"\n');
    chmodSync(fake, 0o755);
    const e = await labErrorOf(findGit({ PATH: process.env.PATH, PERFLAB_GIT: fake }));
    expect(e.code).toBe('ToolMissing');
    expect(e.message).toContain('2.29.2');
  });
  it('reports a missing git as ToolMissing', async () => {
    const e = await labErrorOf(findGit({ PATH: tempDir() }));
    expect(e).toMatchObject({ code: 'ToolMissing', detail: { tool: 'git' } });
  });
});

describe('validateRefName', () => {
  it('accepts ordinary names and revision expressions', () => {
    for (const ok of ['main', 'feature/fast', 'v1.2.3', 'HEAD~2', 'refs/heads/main', 'a-b/c-d', c1, '@{-1}'])
      expect(() => validateRefName(ok)).not.toThrow();
  });
  it('rejects option-like components, control characters and empty names with InvalidRef naming the ref', async () => {
    for (const bad of [
      '',
      '-x',
      '--output=CANARY',
      'refs/remotes/origin/--upload-pack=touch CANARY',
      'a/-b',
      'main\nx',
      'a\rb',
      'a\0b',
      'x'.repeat(1025),
    ]) {
      const e = await labErrorOf(() => validateRefName(bad));
      expect(e).toMatchObject({ code: 'InvalidRef', detail: { ref: bad } });
    }
  });
});

describe('resolveRefAndCommonDir', () => {
  it("answers resolveRef's SHA and gitCommonDir's path from one git process", async () => {
    for (const [name, sha] of [
      ['main', c2],
      ['v2', c2],
      ['HEAD~1', c1],
      ['feature/fast', c3],
    ] as const) {
      expect(await resolveRefAndCommonDir(git, repo.dir, name)).toEqual({ sha, commonDir: await gitCommonDir(git, repo.dir) });
    }
    expect((await resolveRefAndCommonDir(git, join(repo.dir, 'sub'), 'HEAD')).commonDir).toBe(await gitCommonDir(git, repo.dir));
  });
  it('keeps the common dir whole when its path holds a newline', async () => {
    const parent = join(tempDir(), 'odd\nname');
    mkdirSync(parent);
    const r = makeRepo();
    const c = r.commit('x', { 'a.txt': 'a\n' });
    const moved = join(parent, 'repo');
    renameSync(r.dir, moved);
    const got = await resolveRefAndCommonDir(git, moved, 'HEAD');
    expect(got).toEqual({ sha: c, commonDir: join(moved, '.git') });
  });
  it('fails as resolveRef does: RefNotFound, InvalidRef, NotAGitRepo', async () => {
    for (const missing of ['nope', 'v2^{tree}', 'main:go.mod']) {
      expect(await labErrorOf(resolveRefAndCommonDir(git, repo.dir, missing))).toMatchObject({
        code: 'RefNotFound',
        detail: { ref: missing },
      });
    }
    expect(await labErrorOf(resolveRefAndCommonDir(git, repo.dir, '--output=CANARY'))).toMatchObject({ code: 'InvalidRef' });
    const dir = tempDir();
    expect(await labErrorOf(resolveRefAndCommonDir(git, dir, 'main'))).toMatchObject({ code: 'NotAGitRepo', detail: { path: dir } });
  });
});

describe('resolveRef', () => {
  it('resolves branches, tags (annotated tags peel to the commit), HEAD, SHAs and expressions', async () => {
    expect(await resolveRef(git, repo.dir, 'main')).toBe(c2);
    expect(await resolveRef(git, repo.dir, 'feature/fast')).toBe(c3);
    expect(await resolveRef(git, repo.dir, 'v1')).toBe(c1);
    expect(await resolveRef(git, repo.dir, 'v2')).toBe(c2);
    expect(await resolveRef(git, repo.dir, 'HEAD~1')).toBe(c1);
    expect(await resolveRef(git, repo.dir, c1.slice(0, 10))).toBe(c1);
    expect(await resolveRef(git, join(repo.dir, 'sub'), 'HEAD')).toBe(c2);
  });
  it('names the ref in RefNotFound', async () => {
    for (const missing of ['nope', 'HEAD@{99}', 'v2^{tree}', 'main:go.mod']) {
      const e = await labErrorOf(resolveRef(git, repo.dir, missing));
      expect(e).toMatchObject({ code: 'RefNotFound', detail: { ref: missing } });
    }
  });
  it('reports NotAGitRepo outside a repository', async () => {
    const dir = tempDir();
    const e = await labErrorOf(resolveRef(git, dir, 'main'));
    expect(e).toMatchObject({ code: 'NotAGitRepo', detail: { path: dir } });
  });
  it('rejects hostile names, also ones that exist as refs, and no canary file appears', async () => {
    const r = makeRepo();
    const c = r.commit('x', { 'a.txt': 'a\n' });
    // Refs git itself accepts although they read as options (a space is not allowed in a ref).
    r.git(['update-ref', 'refs/remotes/origin/--upload-pack=touch_CANARY', c]);
    r.git(['update-ref', 'refs/heads/--output=CANARY', c]);
    r.git(['update-ref', 'refs/tags/-x', c]);
    const hostile = [
      '--output=CANARY',
      `--output=${join(r.dir, 'CANARY')}`,
      '--orphan=x',
      '-c core.sshCommand=touch CANARY',
      '-c',
      'refs/remotes/origin/--upload-pack=touch CANARY',
      'refs/remotes/origin/--upload-pack=touch_CANARY',
      'origin/--upload-pack=touch_CANARY',
      'refs/heads/--output=CANARY',
      '--all',
      '-x',
    ];
    for (const name of hostile) {
      const e = await labErrorOf(resolveRef(git, r.dir, name));
      expect(e).toMatchObject({ code: 'InvalidRef', detail: { ref: name } });
    }
    // Without the dash it is just a name that resolves to nothing.
    expect(await labErrorOf(resolveRef(git, r.dir, 'core.sshCommand=touch CANARY'))).toMatchObject({ code: 'RefNotFound' });
    const refs = await listRefs(git, r.dir, 50);
    expect(refs.map((x) => x.name).filter((n) => n.includes('-x') || n.includes('--'))).toEqual([]);
    expect(readdirSync(r.dir).filter((f) => f.includes('CANARY'))).toEqual([]);
    expect(existsSync(join(process.cwd(), 'CANARY'))).toBe(false);
  });
});

describe('gitTopLevel and rootCommit', () => {
  it('finds the top level from a module in a subdirectory, null outside a repository', async () => {
    expect(await gitTopLevel(git, join(repo.dir, 'sub'))).toBe(repo.dir);
    expect(await gitTopLevel(git, tempDir())).toBeNull();
    const bare = tempDir();
    repo.git(['init', '-q', '--bare', bare]);
    expect(await gitTopLevel(git, bare)).toBeNull();
  });
  it('reports a missing directory as FileNotFound', async () => {
    const e = await labErrorOf(gitTopLevel(git, join(tempDir(), 'gone')));
    expect(e.code).toBe('FileNotFound');
  });
  it('gives the root commit, or empty for a repository without commits', async () => {
    expect(await rootCommit(git, join(repo.dir, 'sub'))).toBe(c1);
    const empty = makeRepo();
    expect(await rootCommit(git, empty.dir)).toBe('');
    expect(await listRefs(git, empty.dir, 10)).toEqual([
      { name: WORKTREE_REF, kind: 'worktree', sha: '', subject: 'working tree (no uncommitted changes)', date: '' },
    ]);
  });
});

describe('listRefs', () => {
  it('lists WORKTREE, HEAD, branches, tags and recent commits with subjects and dates', async () => {
    const refs = await listRefs(git, repo.dir, 10);
    expect(refs[0]).toMatchObject({ name: 'WORKTREE', kind: 'worktree', sha: c2 });
    expect(refs[1]).toEqual({ name: 'HEAD', kind: 'head', sha: c2, subject: 'second: with budget', date: '2024-01-02T00:00:00+00:00' });
    const byKind = (k: string): string[] => refs.filter((r) => r.kind === k).map((r) => r.name);
    expect(byKind('branch')).toEqual(['feature/fast', 'main']);
    expect(byKind('tag').sort()).toEqual(['v1', 'v2']);
    expect(refs.find((r) => r.name === 'v2')).toMatchObject({ sha: c2, subject: 'second: with budget' });
    expect(refs.filter((r) => r.kind === 'commit').map((r) => r.sha)).toEqual([c2, c1]);
    expect(refs.find((r) => r.name === 'feature/fast')).toMatchObject({
      sha: c3,
      subject: 'third on feature',
      date: '2024-01-03T00:00:00+00:00',
    });
  });
  it('applies the limit per kind, and lists a name that is both branch and tag by its full refname', async () => {
    const r = makeRepo();
    const a = r.commit('a', { 'a.txt': '1' });
    r.commit('b', { 'a.txt': '2' });
    r.git(['branch', 'dup', a]);
    r.git(['tag', 'dup', a]);
    const refs = await listRefs(git, r.dir, 1);
    expect(refs.filter((x) => x.kind === 'commit')).toHaveLength(1);
    expect(refs.filter((x) => x.kind === 'branch')).toHaveLength(1);
    const all = await listRefs(git, r.dir, 10);
    expect(
      all
        .filter((x) => x.sha === a && (x.kind === 'branch' || x.kind === 'tag'))
        .map((x) => x.name)
        .sort(),
    ).toEqual(['refs/heads/dup', 'refs/tags/dup']);
  });
  it('marks a dirty working tree', async () => {
    const r = makeRepo();
    r.commit('a', { 'a.txt': '1' });
    r.write('new.txt', 'untracked');
    const refs = await listRefs(git, r.dir, 5);
    expect(refs[0].subject).toBe('working tree with uncommitted changes');
  });
});

describe('commitOrder and isAncestor', () => {
  it('orders commits parents first, then by date, whatever the input order', async () => {
    expect(await commitOrder(git, repo.dir, [c3, c2, c1, c2])).toEqual([c1, c2, c3]);
    expect(await commitOrder(git, repo.dir, [c2, c1])).toEqual([c1, c2]);
    expect(await commitOrder(git, repo.dir, [c3])).toEqual([c3]);
    expect(await isAncestor(git, repo.dir, c1, c3)).toBe(true);
    expect(await isAncestor(git, repo.dir, c2, c3)).toBe(false);
  });
  it('puts a child before an older-dated sibling only when ancestry says so', async () => {
    const r = makeRepo();
    const base = r.commit('base', { a: '0' }, '2024-01-01T00:00:00Z');
    const late = r.commit('child with an older date', { a: '1' }, '2023-01-01T00:00:00Z');
    r.git(['checkout', '-q', '-b', 'side', base]);
    const side = r.commit('side', { b: '1' }, '2024-06-01T00:00:00Z');
    expect(await commitOrder(git, r.dir, [side, late, base])).toEqual([base, late, side]);
  });
  it('handles unrelated histories and rejects unknown or malformed SHAs', async () => {
    const r = makeRepo();
    const a = r.commit('a', { a: '0' }, '2024-01-01T00:00:00Z');
    r.git(['checkout', '-q', '--orphan', 'other']);
    const b = r.commit('b', { b: '0' }, '2023-01-01T00:00:00Z');
    expect(await commitOrder(git, r.dir, [a, b])).toEqual([b, a]);
    expect((await labErrorOf(commitOrder(git, r.dir, [a, 'f'.repeat(40)]))).code).toBe('RefNotFound');
    expect(await labErrorOf(commitOrder(git, r.dir, [a, '--all']))).toMatchObject({ code: 'InvalidInput', detail: { value: '--all' } });
  });
});

describe('showFileAt', () => {
  it('reads a file at a commit, null when absent or not a regular file', async () => {
    expect(await showFileAt(git, repo.dir, c2, 'perflab.json')).toBe('{"budget":5}\n');
    expect(await showFileAt(git, join(repo.dir, 'sub'), c2, './sub/a.go')).toBe('package sub\n');
    expect(await showFileAt(git, repo.dir, c1, 'perflab.json')).toBeNull();
    expect(await showFileAt(git, repo.dir, c2, 'sub')).toBeNull();
  });
  it('rejects bad paths and unknown commits with typed errors', async () => {
    for (const p of ['/etc/passwd', '../x', 'a/../b', '', 'a\nb']) {
      expect(await labErrorOf(showFileAt(git, repo.dir, c2, p))).toMatchObject({
        code: 'InvalidInput',
        detail: { field: 'path', value: p },
      });
    }
    expect((await labErrorOf(showFileAt(git, repo.dir, 'e'.repeat(40), 'perflab.json'))).code).toBe('RefNotFound');
    expect((await labErrorOf(showFileAt(git, repo.dir, 'main', 'perflab.json'))).code).toBe('InvalidInput');
  });
  it('reads a path that starts with a dash', async () => {
    const r = makeRepo();
    mkdirSync(join(r.dir, '-d'), { recursive: true });
    const c = r.commit('dash', { '-d/--output=x': 'ok\n' });
    expect(await showFileAt(git, r.dir, c, '-d/--output=x')).toBe('ok\n');
    expect(existsSync(join(r.dir, 'x'))).toBe(false);
  });
});
