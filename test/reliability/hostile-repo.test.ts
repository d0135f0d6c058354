// A hostile repository before trust (issue 12): module files that are symbolic links (to
// /dev/zero: `go list` read vendor/modules.txt until memory ran out; `repo add` peaked at
// 644 MB on go.mod) or not regular files are refused by name before anything reads them. And
// a relative `replace ../sib` that leaves the repository, which builds only at WORKTREE, is
// refused at a committed ref with a message naming the directive.
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { commitAll, fixtureRepo, tempDir } from '../helpers/fixture-repo.js';

const env = { ...process.env, PERFLAB_LOCK_DIR: tempDir() };

describe('module files before trust', () => {
  it('repo add refuses go.mod -> /dev/zero', async () => {
    const repo = fixtureRepo('basic');
    rmSync(join(repo.module, 'go.mod'));
    symlinkSync('/dev/zero', join(repo.module, 'go.mod'));
    const r = await cli(['--data-dir', tempDir(), 'repo', 'add', repo.module], { env });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/go\.mod" is not a regular file \(a symbolic link\)/);
  });

  it.each([
    ['go.sum', (m: string) => symlinkSync('/dev/zero', join(m, 'go.sum')), /go\.sum" is not a regular file \(a symbolic link\)/],
    ['go.work', (m: string) => mkdirSync(join(m, 'go.work')), /go\.work" is not a regular file \(a directory\)/],
    [
      'vendor/modules.txt',
      (m: string) => {
        mkdirSync(join(m, 'vendor'));
        symlinkSync('/dev/zero', join(m, 'vendor', 'modules.txt'));
      },
      /modules\.txt" is not a regular file \(a symbolic link\)/,
    ],
    ['vendor', (m: string) => symlinkSync('/dev', join(m, 'vendor')), /vendor" is not a regular file \(a symbolic link\)/],
  ])('bench list refuses a planted %s (added before it was planted)', async (_name, plant, message) => {
    const repo = fixtureRepo('basic');
    const data = tempDir();
    expect((await cli(['--data-dir', data, 'repo', 'add', repo.module], { env })).code).toBe(0);
    plant(repo.module);
    const r = await cli(['--data-dir', data, 'bench', 'list', '--repo', repo.module], { env });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(message);
    // And adding it afresh is refused too.
    const again = await cli(['--data-dir', tempDir(), 'repo', 'add', repo.module], { env });
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(message);
  });
});

describe('test sources before trust', () => {
  it('a _test.go linked to /dev/zero is skipped by the static scan; bench list lists the rest', async () => {
    const repo = fixtureRepo('basic');
    symlinkSync('/dev/zero', join(repo.module, 'parse', 'zero_test.go'));
    const data = tempDir();
    expect((await cli(['--data-dir', data, 'repo', 'add', repo.module], { env })).code).toBe(0);
    const r = await cli(['--data-dir', data, 'bench', 'list', '--repo', repo.module], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('BenchmarkFields');
  });
});

describe('relative replace directives', () => {
  it('a replace leaving the repository: refused at a committed ref naming the directive, built at WORKTREE', async () => {
    const outer = tempDir();
    const repo = fixtureRepo('basic');
    const sib = join(outer, 'sib');
    mkdirSync(sib);
    writeFileSync(join(sib, 'go.mod'), 'module example.com/sib\n\ngo 1.19\n');
    writeFileSync(
      join(sib, 'sib.go'),
      'package sib\n\n// Scale multiplies by the configured factor.\nfunc Scale(x int) int { return 3 * x }\n',
    );
    // The directive as users write it: relative to the module, climbing out of the repository.
    const rel = join(...Array(repo.module.split('/').filter(Boolean).length).fill('..'), sib);
    writeFileSync(
      join(repo.module, 'go.mod'),
      `module example.com/basic\n\ngo 1.19\n\nrequire example.com/sib v0.0.0\n\nreplace example.com/sib => ${rel}\n`,
    );
    commitAll(repo.root, 'use sib');
    const data = tempDir();
    expect((await cli(['--data-dir', data, 'repo', 'add', repo.module, '--trust'], { env })).code).toBe(0);
    const head = await cli(
      ['--data-dir', data, 'run', '--repo', repo.module, '--pkg', './encode', '--ref', 'HEAD', '--count', '1', '--benchtime', '1x'],
      { env },
    );
    expect(head.code, head.stderr).toBe(2);
    expect(head.stderr).toContain(`replace example.com/sib => ${rel}`);
    expect(head.stderr).toMatch(/outside the repository.*measure WORKTREE/);
    const wt = await cli(
      ['--data-dir', data, 'run', '--repo', repo.module, '--pkg', './encode', '--ref', 'WORKTREE', '--count', '1', '--benchtime', '1x'],
      { env },
    );
    expect(wt.code, wt.stderr).toBe(0);
  });
});
