// Short go and git commands under rlimits through the launcher's exec mode (issue 12): the
// command and its children see the limits (read from /proc/self/limits by the program itself:
// a Go program that `go run` builds and runs, a git alias's shell), a limit too small for go
// ends it as documented, and the lab's tool finders hand the launcher to go and git.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { goCommandEnv, readGoEnv } from '../../../src/core/go/go-env.js';
import { runGo } from '../../../src/core/go/go-runner.js';
import { findGo } from '../../../src/core/go/go-version.js';
import { findGit } from '../../../src/core/git/git-tool.js';
import { runGit } from '../../../src/core/git/git-runner.js';
import { makeToolFinders } from '../../../src/core/lab-context.js';
import { goLimits, gitLimits } from '../../../src/core/proc/child-limits.js';
import { exec } from '../../../src/core/proc/exec.js';
import { ensureLauncher } from '../../../src/core/proc/launcher.js';
import { LabFailure } from '../../../src/shared/errors.js';
import { cli } from '../../helpers/cli.js';
import { fixtureRepo, tempDir } from '../../helpers/fixture-repo.js';

const GiB = 1024 ** 3;
let launcher: string;
let goBin: string;
let goEnv: Record<string, string>;

beforeAll(async () => {
  const go = await findGo(process.env, process.cwd());
  goBin = go.bin;
  goEnv = goCommandEnv(await readGoEnv(go.bin, process.env, process.cwd()), process.env);
  launcher = (await ensureLauncher({ goBin, env: goEnv, binDir: tempDir('perflab-limits-bin-') })).path;
}, 120_000);

/** Soft limits from a /proc/PID/limits text, by the row's name. */
function limitsOf(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^(Max [a-z ]+?)\s{2,}(\S+)\s+(\S+)/.exec(line);
    if (m) out[m[1]] = m[2];
  }
  return out;
}

describe('go under rlimits', () => {
  it('a program go builds and runs sees the address space, CPU and file size limits', async () => {
    const dir = tempDir('perflab-limits-go-');
    writeFileSync(join(dir, 'go.mod'), 'module example.com/limits\n\ngo 1.21\n');
    writeFileSync(
      join(dir, 'main.go'),
      [
        'package main',
        '',
        'import (',
        '\t"fmt"',
        '\t"os"',
        ')',
        '',
        'func main() {',
        '\tb, err := os.ReadFile("/proc/self/limits")',
        '\tif err != nil {',
        '\t\tpanic(err)',
        '\t}',
        '\tfmt.Print(string(b))',
        '}',
        '',
      ].join('\n'),
    );
    const r = await runGo(goBin, ['run', '.'], { cwd: dir, env: goEnv, timeoutMs: 120_000, launcher });
    const l = limitsOf(r.stdout);
    expect(l['Max address space']).toBe(String(4 * GiB));
    expect(l['Max cpu time']).toBe('120');
    expect(l['Max file size']).toBe(String(GiB));
    // The same call without a launcher: no limits (what happens where there is none).
    const free = limitsOf((await runGo(goBin, ['run', '.'], { cwd: dir, env: goEnv, timeoutMs: 120_000 })).stdout);
    expect(free['Max address space']).toBe('unlimited');
  }, 180_000);

  it('go at a 300 MiB address space dies at start (why go gets 4 GiB)', async () => {
    const r = await exec('go', goBin, ['version'], {
      cwd: tempDir(),
      env: goEnv,
      timeoutMs: 60_000,
      confine: { launcher, limits: { addressSpaceBytes: 300 * 1024 * 1024, cpuSeconds: 60, fileSizeBytes: 0 } },
    });
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toContain('failed to reserve page summary memory');
    const ok = await runGo(goBin, ['version'], { cwd: tempDir(), env: goEnv, launcher });
    expect(ok.stdout).toMatch(/^go version go/);
  });

  it('a file past the size limit ends the writer with SIGXFSZ', async () => {
    const dir = tempDir('perflab-limits-fsize-');
    const r = await exec('sh', '/bin/sh', ['-c', 'head -c 3000000 /dev/zero > big; echo wrote'], {
      cwd: dir,
      env: { PATH: '/usr/bin:/bin' },
      timeoutMs: 60_000,
      confine: { launcher, limits: { addressSpaceBytes: 0, cpuSeconds: 0, fileSizeBytes: 1024 * 1024 } },
    });
    expect(r.stdout).toBe('wrote\n');
    const { statSync } = await import('node:fs');
    expect(statSync(join(dir, 'big')).size).toBe(1024 * 1024);
  });

  it('a missing go is still ToolMissing through the launcher; a launcher gone since runs the command unconfined', async () => {
    const err = await runGo('/nonexistent/go', ['version'], { cwd: tempDir(), env: goEnv, launcher }).catch((e: unknown) => e);
    expect((err as LabFailure).error).toMatchObject({ code: 'ToolMissing', detail: { tool: 'go' } });
    const r = await exec('cat', '/bin/cat', ['/proc/self/limits'], {
      cwd: tempDir(),
      env: {},
      confine: { launcher: '/nonexistent/launcher', limits: goLimits(60_000) },
    });
    expect(limitsOf(r.stdout)['Max address space']).toBe('unlimited');
  });
});

describe('git under rlimits', () => {
  it('every git call runs under the limits; a command writing the work tree has no file size limit', async () => {
    const repo = fixtureRepo('basic');
    try {
      const git = { ...(await findGit(process.env)), launcher };
      const alias = ['alias.limits=!cat /proc/self/limits'];
      const l = limitsOf((await runGit(git, ['limits'], { cwd: repo.root, config: alias, timeoutMs: 30_000 })).stdout);
      expect(l['Max address space']).toBe(String(4 * GiB));
      expect(l['Max cpu time']).toBe('60');
      expect(l['Max file size']).toBe(String(GiB));
      const wt = limitsOf(
        (await runGit(git, ['limits'], { cwd: repo.root, config: alias, timeoutMs: 30_000, touchesWorkTree: true })).stdout,
      );
      expect(wt['Max file size']).toBe('unlimited');
      expect(wt['Max address space']).toBe(String(4 * GiB));
      expect(gitLimits(30_000, true).fileSizeBytes).toBe(0);
    } finally {
      repo.cleanup();
    }
  });
});

describe('repo add and bench list before trust, through the CLI', () => {
  it('run go list and git under the limits (wrappers record what each invocation saw)', async () => {
    const repo = fixtureRepo('basic');
    const wrappers = tempDir('perflab-limits-wrap-');
    const log = join(wrappers, 'log');
    for (const [name, real] of [
      ['go', goBin],
      ['git', (await findGit(process.env)).bin],
    ]) {
      writeFileSync(
        join(wrappers, name),
        [
          '#!/bin/sh',
          `{ echo "== ${name} $1"; grep -E '^Max (address space|cpu time|file size)' /proc/$$/limits; } >> "${log}"`,
          `exec "${real}" "$@"`,
          '',
        ].join('\n'),
        { mode: 0o755 },
      );
    }
    const env = {
      ...process.env,
      PERFLAB_GO: join(wrappers, 'go'),
      PERFLAB_GIT: join(wrappers, 'git'),
      PERFLAB_HOME: tempDir(),
      PERFLAB_LOCK_DIR: tempDir(),
    };
    try {
      const add = await cli(['repo', 'add', repo.module], { env });
      expect(add.code, add.stderr).toBe(0);
      const list = await cli(['bench', 'list', '--repo', repo.module], { env });
      expect(list.code, list.stderr).toBe(0);
      expect(list.stdout).toMatch(/BenchmarkSum/);
      const calls = readFileSync(log, 'utf8')
        .split('== ')
        .filter(Boolean)
        .map((c) => ({ head: c.split('\n')[0], limits: limitsOf(c) }));
      const goList = calls.filter((c) => c.head === 'go list');
      expect(goList.length).toBeGreaterThanOrEqual(1);
      for (const c of goList)
        expect(c.limits).toMatchObject({ 'Max address space': String(4 * GiB), 'Max cpu time': '300', 'Max file size': String(GiB) });
      // Every git call but the `git --version` that finds git is confined.
      const gits = calls.filter((c) => c.head.startsWith('git ') && c.head !== 'git --version');
      expect(gits.length).toBeGreaterThanOrEqual(3);
      for (const c of gits) expect(c.limits['Max address space'], c.head).toBe(String(4 * GiB));
      // `go version` and `go env`, which find go, run before the launcher exists.
      expect(calls.find((c) => c.head === 'go env')?.limits['Max address space']).toBe('unlimited');
    } finally {
      repo.cleanup();
    }
  }, 180_000);
});

describe("the lab's tool finders", () => {
  it('build the launcher into the data dir and hand it to go and git; PERFLAB_LAUNCHER=off hands none', async () => {
    const bin = join(tempDir('perflab-limits-data-'), 'bin');
    mkdirSync(bin, { recursive: true });
    const on = makeToolFinders(process.env, process.cwd(), bin);
    const { go } = await on.goTool();
    expect(go.launcher).toMatch(new RegExp(`^${bin}/launcher/launcher-[0-9a-f]{64}$`));
    expect((await on.gitTool()).launcher).toBe(go.launcher);
    const off = makeToolFinders({ ...process.env, PERFLAB_LAUNCHER: 'off' }, process.cwd(), bin);
    expect((await off.goTool()).go).toMatchObject({ launcher: null, launcherMissing: 'PERFLAB_LAUNCHER=off' });
    expect((await off.gitTool()).launcher).toBeNull();
    rmSync(bin, { recursive: true, force: true });
  }, 120_000);
});
