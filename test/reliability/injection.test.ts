// Injection (security.md, git and go): canary files prove that none of these run or write
// anything, through the real CLI: option-like refs (also ones that exist as remote-tracking
// refs), package and regex values like -toolexec=/-exec=, hostile flags values, GOFLAGS in the
// environment and in a `go env -w` file together with other go settings, a `toolchain` line
// asking for another Go, and a repository whose .git/config runs code (core.fsmonitor, hooks,
// smudge/clean/process filters), before and after trust, through repo add, bench list and runs
// at HEAD and WORKTREE. test/integration/foundation.test.ts covers GOFLAGS=-toolexec alone;
// test/core/git covers the git adapters on their own.
import { createHash } from 'node:crypto';
import { chmodSync, cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { FIXTURES, fixtureRepo, git, tempDir } from '../helpers/fixture-repo.js';
import { armRepo, canaries, makeRepo, type Repo } from '../core/git/git-fixture.js';
import { recordFigures } from './helpers/figures.js';

/** Every file under dir whose name mentions CANARY (bounded depth; data dirs hold big trees). */
function canaryFiles(dir: string, depth = 4): string[] {
  if (!existsSync(dir) || depth < 0) return [];
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (/canary/i.test(e.name) && !e.name.endsWith('.sh')) out.push(join(dir, e.name));
    if (e.isDirectory() && e.name !== '.git' && e.name !== 'bin') out.push(...canaryFiles(join(dir, e.name), depth - 1));
  }
  return out;
}

/** The user's git state read with every trap defused (status, HEAD, stash, index, config bytes). */
function userState(repo: Repo): string {
  const neutral = [
    '-c',
    'core.fsmonitor=false',
    '-c',
    'core.hooksPath=/dev/null',
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
  const hash = (f: string) => (existsSync(f) ? createHash('sha256').update(readFileSync(f)).digest('hex') : 'absent');
  return [
    repo.git([...neutral, 'status', '--porcelain=v2', '--branch', '--untracked-files=all'], env),
    repo.git([...neutral, 'rev-parse', 'HEAD'], env),
    repo.git([...neutral, 'stash', 'list'], env),
    ...['index', 'HEAD', 'config'].map((f) => `${f} ${hash(join(repo.dir, '.git', f))}`),
  ].join('\n--\n');
}

describe('injection: nothing the user types or the repository holds runs', () => {
  it('option-like refs, package, regex and flag values: typed errors naming the value, 0 canaries', async () => {
    const repo = fixtureRepo('basic');
    const data = tempDir();
    const lockDir = tempDir();
    const cwd = tempDir();
    const script = join(cwd, 'CANARY.sh');
    writeFileSync(script, `#!/bin/sh\ntouch ${join(cwd, 'CANARY-ran')}\nexec "$@"\n`);
    chmodSync(script, 0o755);
    const c = git(repo.root, 'rev-parse', 'HEAD').trim();
    // Hostile names that exist as refs (a fetched remote branch can be named like this).
    git(repo.root, 'update-ref', 'refs/remotes/origin/--upload-pack=touch_CANARY', c);
    git(repo.root, 'update-ref', 'refs/heads/--output=CANARY', c);
    const p = (...a: string[]) => cli(['--data-dir', data, ...a], { lockDir, cwd });
    expect((await p('repo', 'add', repo.module, '--trust')).code).toBe(0);
    const run = ['run', '--repo', repo.module, '--count', '1', '--benchtime', '1x'];
    const cases: [string[], RegExp][] = [
      [['--ref=--output=CANARY'], /invalid git ref "--output=CANARY"/],
      [['--ref=--orphan=x'], /invalid git ref "--orphan=x"/],
      [['--ref=origin/--upload-pack=touch_CANARY'], /invalid git ref "origin\/--upload-pack=touch_CANARY"/],
      [['--ref=refs/remotes/origin/--upload-pack=touch_CANARY'], /invalid git ref/],
      [['--ref=HEAD', '--ref=--output=CANARY'], /invalid git ref "--output=CANARY"/],
      [['--ref=-c core.sshCommand=touch CANARY'], /invalid git ref/],
      [['--ref=HEAD^{commit} --output=CANARY'], /invalid git ref|does not name a commit/],
      [['--pkg=-toolexec=CANARY.sh'], /no package matches "-toolexec=CANARY.sh"/],
      [[`--pkg=-toolexec=${script}`], /no package matches/],
      [['--pkg=-exec=CANARY.sh'], /no package matches "-exec=CANARY.sh"/],
      [['--pkg', './parse', '--pkg=-o=CANARY'], /no package matches "-o=CANARY"/],
      [['--bench=-toolexec=CANARY.sh'], /no benchmark matches "-toolexec=CANARY.sh"/],
      [['--bench=-exec=CANARY.sh'], /no benchmark matches "-exec=CANARY.sh"/],
      [['--bench=.', '--tags=-toolexec=CANARY.sh'], /tags/],
      [['--benchtime=-exec=CANARY.sh'], /benchtime/],
      [['--cpu=-exec=CANARY.sh'], /cpu/],
      [['--timeout=-exec=CANARY.sh'], /timeout/],
      [['--count=-1'], /count/],
    ];
    const outcomes: string[] = [];
    for (const [extra, msg] of cases) {
      const r = await p(...run, ...extra);
      outcomes.push(`${extra.join(' ')} -> ${r.code}`);
      expect(r.code, `${extra.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stderr, extra.join(' ')).toMatch(msg);
    }
    // Values that are legal but hostile-looking reach the tools only in a safe position: runs, no canary.
    const env = await p(...run, '--bench', 'Sum', '--env', `GOFLAGS=-toolexec=${script}`, '--env', 'PERFLAB_X=--output=CANARY', '--json');
    outcomes.push(`--env GOFLAGS=-toolexec -> ${env.code}`);
    expect([0, 2]).toContain(env.code);
    // Listing refs shows the hostile names as data; none is resolved as an option.
    expect((await p('bench', 'list', '--repo', repo.module)).code).toBe(0);
    const found = [...canaryFiles(cwd), ...canaryFiles(repo.root), ...canaryFiles(data)];
    recordFigures('injection-inputs', { cases: cases.length + 1, canaries: found.length });
    expect(found).toEqual([]);
  });

  it('GOFLAGS (-toolexec, -exec) and GOTOOLCHAIN from the environment and a go env -w file: ignored, 0 canaries, no other Go', async () => {
    const dir = tempDir();
    const script = join(dir, 'tool.sh');
    writeFileSync(script, `#!/bin/sh\ntouch ${join(dir, 'CANARY-ran')}\nexec "$@"\n`);
    chmodSync(script, 0o755);
    const goenv = join(dir, 'go.env');
    writeFileSync(goenv, `GOFLAGS=-exec=${script} -toolexec=${script}\nGOTOOLCHAIN=go1.99.0\nGOWORK=${join(dir, 'go.work')}\n`);
    writeFileSync(join(dir, 'go.work'), 'go 1.19\n');
    const env = { ...process.env, GOFLAGS: `-exec=${script} -toolexec=${script}`, GOENV: goenv, GOTOOLCHAIN: 'go1.99.0+auto' };
    const repo = fixtureRepo('basic');
    const data = tempDir();
    const q = (...a: string[]) => cli(['--data-dir', data, ...a], { env, lockDir: tempDir() });
    expect((await q('repo', 'add', repo.module)).code).toBe(0);
    expect((await q('bench', 'list', '--repo', repo.module)).code).toBe(0);
    expect((await q('repo', 'trust', repo.module)).code).toBe(0);
    const r = await q(
      'run',
      '--repo',
      repo.module,
      '--bench',
      'Sum',
      '--count',
      '1',
      '--benchtime',
      '1x',
      '--profile',
      'cpu',
      '--profile-benchtime',
      '10x',
      '--json',
    );
    const ok = r.code === 0 ? r : await q('run', '--repo', repo.module, '--bench', 'Sum', '--count', '1', '--benchtime', '1x', '--json');
    expect(ok.code, ok.stderr).toBe(0);
    const run = JSON.parse(ok.stdout);
    expect(run.environment.goVersion).toMatch(/^go1\.26/);
    expect(canaryFiles(dir)).toEqual([]);
  });

  it('a toolchain line asking for another Go: no download, no switch; a go line it cannot meet is a typed error', async () => {
    const gomodcache = tempDir('perflab-modcache-');
    const env = { ...process.env, GOMODCACHE: gomodcache, GOPROXY: 'off', GOTOOLCHAIN: 'auto' };
    const q = (data: string, ...a: string[]) => cli(['--data-dir', data, ...a], { env, lockDir: tempDir() });
    // `toolchain go1.99.0` alone: with GOTOOLCHAIN=local the local Go runs it.
    const tc = fixtureRepo('basic');
    writeFileSync(join(tc.module, 'go.mod'), 'module example.com/basic\n\ngo 1.19\n\ntoolchain go1.99.0\n');
    git(tc.root, 'commit', '-qam', 'ask for go1.99.0');
    const d1 = tempDir();
    expect((await q(d1, 'repo', 'add', tc.module, '--trust')).code).toBe(0);
    const r = await q(d1, 'run', '--repo', tc.module, '--bench', 'Sum', '--count', '1', '--benchtime', '1x', '--ref', 'HEAD', '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).environment.goVersion).toMatch(/^go1\.26/);
    // `go 1.99.0`: the local Go refuses, the lab says so (typed, exit 2 or 3), nothing is fetched.
    const gl = fixtureRepo('basic');
    writeFileSync(join(gl.module, 'go.mod'), 'module example.com/basic\n\ngo 1.99.0\n');
    git(gl.root, 'commit', '-qam', 'require go 1.99.0');
    const d2 = tempDir();
    const add = await q(d2, 'repo', 'add', gl.module, '--trust');
    const res = add.code === 0 ? await q(d2, 'run', '--repo', gl.module, '--bench', 'Sum', '--count', '1', '--benchtime', '1x') : add;
    recordFigures('injection-toolchain', {
      toolchainLine: r.code,
      goLine: res.code,
      message: res.stderr.split('\n').find((l) => /1\.99/.test(l)) ?? res.stderr.slice(0, 200),
    });
    expect([2, 3]).toContain(res.code);
    expect(res.stderr).toMatch(/go1?\.?1\.99|1\.99\.0/);
    expect(res.stderr).toMatch(/GOTOOLCHAIN=local|toolchain|requires go/);
    expect(existsSync(join(gomodcache, 'golang.org', 'toolchain@v0.0.1-go1.99.0.linux-amd64'))).toBe(false);
    expect(existsSync(join(gomodcache, 'cache', 'download', 'golang.org', 'toolchain'))).toBe(false);
  });

  it('a repository whose .git/config runs code: nothing fires before or after trust, through repo add, bench list and runs at HEAD and WORKTREE', async () => {
    const repo = makeRepo();
    cpSync(join(FIXTURES, 'basic'), repo.dir, { recursive: true });
    repo.write('.gitattributes', '*.go filter=evil diff=evil\n*.mod filter=evil\n');
    repo.commit('basic fixture', {});
    const canaryDir = join(repo.home, 'canaries');
    armRepo(repo, canaryDir);
    repo.write('extra.txt', 'uncommitted\n');
    const before = userState(repo);
    expect(canaries(canaryDir)).toEqual([]);
    const data = tempDir();
    const lockDir = tempDir();
    const p = (...a: string[]) => cli(['--data-dir', data, ...a], { lockDir });
    const steps: string[] = [];
    const step = async (name: string, args: string[], codes: number[] = [0]) => {
      const r = await p(...args);
      steps.push(`${name}: ${r.code}`);
      expect(codes, `${name}: ${r.stderr}`).toContain(r.code);
      expect(canaries(canaryDir), `after ${name}`).toEqual([]);
      return r;
    };
    await step('repo add (untrusted)', ['repo', 'add', repo.dir]);
    await step('bench list (untrusted)', ['bench', 'list', '--repo', repo.dir, '--json']);
    await step('run (untrusted, refused)', ['run', '--repo', repo.dir, '--count', '1', '--benchtime', '1x'], [2]);
    await step('repo trust', ['repo', 'trust', repo.dir]);
    await step('bench list (trusted)', ['bench', 'list', '--repo', repo.dir, '--json']);
    const r = await step('run HEAD and WORKTREE', [
      'run',
      '--repo',
      repo.dir,
      '--bench',
      'Sum',
      '--count',
      '2',
      '--benchtime',
      '1x',
      '--ref',
      'HEAD',
      '--ref',
      'WORKTREE',
      '--json',
    ]);
    const run = JSON.parse(r.stdout);
    expect(run.status).toBe('completed');
    expect(run.refs.map((x: { label: string }) => x.label).sort()).toEqual(['HEAD', 'WORKTREE']);
    await step('refs, runs, gc', ['gc']);
    expect(userState(repo)).toBe(before);
    recordFigures('injection-hostile-repo', { steps, canaries: canaries(canaryDir).length });
    // The traps are live: a plain git status, as the user would run it, fires them.
    try {
      repo.git(['status', '--porcelain']);
    } catch {
      /* the process filter fails after starting */
    }
    expect(canaries(canaryDir).length).toBeGreaterThan(0);
  });
});
