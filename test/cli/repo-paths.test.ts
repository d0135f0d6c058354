// What `repo add` says about a path: one that does not exist is reported as missing, a
// subdirectory of a module names the module root, and `~` is the home directory (also when the
// shell did not expand it, as in --repo=~/x or a quoted path).
import { mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createLab } from '../../src/core/lab.js';
import { cli } from '../helpers/cli.js';
import { fixtureRepo, tempDir } from '../helpers/fixture-repo.js';

describe('repo add: path messages', () => {
  const data = tempDir('perflab-paths-');
  const p = (...a: string[]) => cli(['--data-dir', data, ...a]);

  it('a path that does not exist is reported as such (exit 2)', async () => {
    const missing = join(tempDir(), 'no-such-dir');
    const r = await p('repo', 'add', missing);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`"${missing}" does not exist`);
    expect(r.stderr).not.toContain('not a Go module');
  });

  it('a file is not a directory; a directory without go.mod is not a module', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'main.go'), 'package main\n');
    expect((await p('repo', 'add', join(dir, 'main.go'))).stderr).toContain('is not a directory');
    expect((await p('repo', 'add', dir)).stderr).toContain('is not a Go module (no go.mod found there)');
  });

  it('a subdirectory of a module points to the module root', async () => {
    const repo = fixtureRepo('basic');
    const r = await p('repo', 'add', join(repo.module, 'parse'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is inside the Go module at "[^"]+": add that directory/);
    expect(r.stderr).toContain(`at ${JSON.stringify(realpathSync(repo.module))}`);
  });

  it('~ is the home directory', async () => {
    const home = tempDir('perflab-home-');
    const repo = fixtureRepo('basic');
    mkdirSync(join(home, 'src'));
    const saved = process.env.HOME;
    process.env.HOME = home;
    onTestFinished(() => {
      process.env.HOME = saved;
    });
    // The module seen from the fake home: ~/../<tmp>/... is still "under ~".
    const viaHome = `~/${relative(home, repo.module)}`;
    const r = await cli(['--data-dir', data, 'repo', 'add', viaHome, '--trust', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).modulePath).toBe('example.com/basic');
    // The UI's path field sends `~/...` to the lab as typed: the lab expands it.
    const lab = createLab({ dataDir: tempDir('perflab-paths-') });
    onTestFinished(() => lab.close());
    expect((await lab.api.addRepo({ path: viaHome, trust: false })).path).toBe(realpathSync(repo.module));
    const missing = await cli(['--data-dir', data, 'repo', 'add', '~/src/nothing-here']);
    expect(missing.stderr).toContain(`"${join(home, 'src', 'nothing-here')}" does not exist`);
  });
});
