// The foundation as a new user tries it: repo add, run a matrix with real go and git on the
// fixture, every sample stored, show/import round trip, benchstat accepts the export, and
// bad input gives typed errors with the right exit codes while nothing stored is lost.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { commitAll, fixtureRepo, tempDir } from '../helpers/fixture-repo.js';
import { benchstatPath } from '../helpers/benchstat.js';

const LEAVES_PER_ROUND = ['Fields/size=4', 'Fields/size=64', 'Sum', 'Custom', 'Join'];

describe('foundation: CLI end to end on the basic fixture', () => {
  const repo = fixtureRepo('basic');
  const data = tempDir('perflab-data-');
  const lockDir = tempDir('perflab-lock-');
  const p = (...a: string[]) => cli(['--data-dir', data, ...a], { lockDir });

  beforeAll(async () => {
    const r = await p('repo', 'add', repo.module, '--trust');
    expect(r.code, r.stderr).toBe(0);
  });

  it('runs 5 rounds x every benchmark x 2 cpu values and stores every sample', async () => {
    const r = await p(
      'run',
      '--repo',
      repo.module,
      '--bench',
      '.',
      '--count',
      '5',
      '--benchtime',
      '100x',
      '--cpu',
      '1,2',
      '--label',
      'first',
    );
    expect(r.code, r.stderr).toBe(0);
    const runId = Number(r.stdout.trim());
    expect(runId).toBeGreaterThan(0);
    const runs = JSON.parse((await p('runs', '--json')).stdout);
    expect(runs[0]).toMatchObject({ id: runId, status: 'completed', label: 'first', resultCount: 5 * LEAVES_PER_ROUND.length * 2 });
    const show = JSON.parse((await p('show', 'latest', '--format', 'json')).stdout);
    expect(show.results).toHaveLength(50);
    const names = new Set(show.results.map((x: { name: string }) => x.name));
    for (const leaf of LEAVES_PER_ROUND) expect([...names].some((n) => (n as string).endsWith(leaf))).toBe(true);
    for (const cpu of [1, 2])
      for (let round = 1; round <= 5; round++) {
        expect(show.results.filter((x: { cpu: number; round: number }) => x.cpu === cpu && x.round === round)).toHaveLength(5);
      }
    const sum = show.results.find((x: { name: string }) => x.name === 'BenchmarkSum');
    expect(sum.metrics.map((m: { unit: string }) => m.unit)).toEqual(['sec/op', 'B/s', 'B/op', 'allocs/op']);
    const custom = show.results.find((x: { name: string }) => x.name === 'BenchmarkCustom');
    expect(custom.metrics.find((m: { unit: string }) => m.unit === 'fields/op').value).toBe(3);
    expect(show.run.notes.join('\n')).toMatch(/BenchmarkPanic skipped/);
    expect(show.run.environment.goVersion).toMatch(/^go1\./);
    expect(show.run.builds.length).toBe(2);
  });

  it('exports benchfmt that benchstat reads, and import gives back the same results', async () => {
    const text = (await p('show', 'latest', '--format', 'benchfmt')).stdout;
    expect(text).toMatch(/^ref: WORKTREE@[0-9a-f]{12}$/m);
    expect(text).toMatch(/^benchtime: 100x$/m);
    const file = join(tempDir(), 'run.txt');
    writeFileSync(file, text);
    const bs = execFileSync(await benchstatPath(), ['-col', 'ref', file], { encoding: 'utf8' });
    expect(bs).toMatch(/Fields\/size=4/);
    expect(bs).toMatch(/sec\/op/);
    const before = JSON.parse((await p('show', 'latest', '--format', 'json')).stdout).results;
    const imp = await p('import', file, '--label', 'reimport');
    expect(imp.code, imp.stderr).toBe(0);
    const after = JSON.parse((await p('show', imp.stdout.trim(), '--format', 'json')).stdout).results;
    const key = (x: {
      refLabel: string;
      pkg: string;
      name: string;
      cpu: number;
      benchtime: string;
      round: number;
      iterations: number;
      metrics: unknown;
    }) => JSON.stringify([x.refLabel, x.pkg, x.name, x.cpu, x.benchtime, x.round, x.iterations, x.metrics]);
    expect(after.map(key).sort()).toEqual(before.map(key).sort());
  });

  it('a panicking benchmark fails its own cell; the others go on; a printing one is recovered', async () => {
    const r = await p(
      'run',
      '--repo',
      repo.module,
      '--pkg',
      './parse',
      '--bench',
      'Panic|Print|Sum',
      '--count',
      '2',
      '--benchtime',
      '50x',
      '--cpu',
      '2',
      '--env',
      'PERFLAB_FIXTURE_PANIC=1',
      '--env',
      'PERFLAB_FIXTURE_PRINT=1',
      '--json',
    );
    expect(r.code, r.stderr).toBe(0);
    const run = JSON.parse(r.stdout);
    expect(
      run.failures.filter((f: { kind: string }) => f.kind === 'panic').map((f: { name: string; round: number }) => [f.name, f.round]),
    ).toEqual([['BenchmarkPanic', 1]]);
    expect(run.failures[0].message).toMatch(/panic: fixture panic on purpose/);
    const results = JSON.parse((await p('show', String(run.id), '--format', 'json')).stdout).results;
    expect(results.filter((x: { name: string }) => x.name === 'BenchmarkPrint')).toHaveLength(2);
    expect(results.filter((x: { name: string }) => x.name === 'BenchmarkSum')).toHaveLength(2);
    expect(r.stderr).toMatch(/BenchmarkPanic.*crashed/);
  });

  it('bad input gives typed errors naming the value, and nothing stored is lost', async () => {
    const before = JSON.parse((await p('runs', '--json')).stdout).length;
    const cases: [string[], number, RegExp][] = [
      [['run', '--repo', repo.module, '--bench', 'a(b'], 2, /invalid benchmark regexp "a\(b": .*missing closing \)/],
      [['run', '--repo', repo.module, '--ref=--output=x'], 2, /invalid git ref "--output=x"/],
      [['run', '--repo', repo.module, '--ref=-c core.sshCommand=touch CANARY'], 2, /invalid git ref "-c core.sshCommand=touch CANARY"/],
      [['run', '--repo', repo.module, '--ref', 'no-such-branch'], 2, /git ref "no-such-branch" does not name a commit/],
      [['run', '--repo', repo.module, '--benchtime', 'forever'], 2, /benchtime.*"forever"/],
      [['run', '--repo', repo.module, '--count', 'many'], 2, /--count "many"/],
      [['run', '--repo', repo.module, '--pkg', './nope'], 2, /no package matches "\.\/nope"/],
      [['repo', 'add', tempDir()], 2, /is not a Go module/],
      [['show', '9999'], 2, /no run "9999"/],
      [['run', '--repo', repo.module, '--bench', 'ZZZnomatch'], 2, /no benchmark matches "ZZZnomatch"/],
      [['frobnicate'], 2, /unknown command/],
    ];
    for (const [args, code, msg] of cases) {
      const r = await p(...args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(code);
      expect(r.stderr).toMatch(msg);
    }
    const runs = JSON.parse((await p('runs', '--json')).stdout);
    expect(runs.length).toBeGreaterThanOrEqual(before);
    expect(runs.find((x: { label: string }) => x.label === 'first').resultCount).toBe(50);
  });

  it("a package that does not compile ends the run with Go's message (exit 3)", async () => {
    const broken = fixtureRepo('basic');
    writeFileSync(join(broken.module, 'encode', 'broken.go'), 'package encode\n\nfunc Broken() int { return "no" }\n');
    commitAll(broken.root, 'break it');
    await p('repo', 'add', broken.module, '--trust');
    const r = await p('run', '--repo', broken.module, '--benchtime', '10x', '--count', '1');
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/example.com\/basic\/encode does not compile at WORKTREE/);
    expect(r.stderr).toMatch(/broken.go:3:\d+: cannot use "no"/);
    const run = JSON.parse((await p('show', 'latest', '--format', 'json')).stdout).run;
    expect(run.status).toBe('failed');
    expect(run.error.code).toBe('BuildFailed');
  });

  it('an untrusted repository does not run', async () => {
    const other = fixtureRepo('basic');
    const add = await p('repo', 'add', other.module);
    expect(add.code).toBe(0);
    expect(add.stderr).toMatch(/not trusted/);
    const r = await p('run', '--repo', other.module, '--benchtime', '10x', '--count', '1');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is not trusted/);
    expect(existsSync(join(data, 'bin', 'worktree'))).toBe(true);
  });

  it('neutralises GOFLAGS=-toolexec from the environment and from a go env -w file', async () => {
    const dir = tempDir();
    const canary = join(dir, 'CANARY');
    const script = join(dir, 'toolexec.sh');
    writeFileSync(script, `#!/bin/sh\ntouch ${canary}\nexec "$@"\n`, { mode: 0o755 });
    const goenv = join(dir, 'go.env');
    writeFileSync(goenv, `GOFLAGS=-toolexec=${script}\n`);
    const env = { ...process.env, GOFLAGS: `-toolexec=${script}`, GOENV: goenv };
    const fresh = fixtureRepo('basic');
    const data2 = tempDir();
    const q = (...a: string[]) => cli(['--data-dir', data2, ...a], { env, lockDir });
    expect((await q('repo', 'add', fresh.module, '--trust')).code).toBe(0);
    expect((await q('bench', 'list', '--repo', fresh.module)).code).toBe(0);
    const r = await q('run', '--repo', fresh.module, '--bench', 'Sum', '--count', '1', '--benchtime', '10x', '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(canary)).toBe(false);
    expect(JSON.parse(r.stdout).notes.join('\n')).toMatch(/GOFLAGS entries ignored.*-toolexec/);
  });
});

describe('foundation: real-world module shapes', () => {
  it('module in a subdirectory, nested packages, testdata, tags, replace, a proxy dependency, no-bench and no-test packages', async () => {
    const repo = fixtureRepo('monorepo');
    const module = join(repo.root, 'services', 'engine');
    const data = tempDir();
    const lockDir = tempDir();
    const p = (...a: string[]) => cli(['--data-dir', data, ...a], { lockDir });
    const add = await p('repo', 'add', module, '--trust', '--json');
    expect(add.code, add.stderr).toBe(0);
    expect(JSON.parse(add.stdout)).toMatchObject({ moduleSubdir: 'services/engine', modulePath: 'example.com/engine', gitRoot: repo.root });
    const list = JSON.parse((await p('bench', 'list', '--repo', module, '--json')).stdout);
    const byPath = Object.fromEntries(list.map((x: { importPath: string }) => [x.importPath, x]));
    expect(byPath['example.com/engine/internal/codec'].benchmarks).toEqual(['BenchmarkWords']);
    expect(byPath['example.com/engine/notests'].hasTests).toBe(false);
    expect(byPath['example.com/engine/nobench'].benchmarks).toEqual([]);
    mkdirSync(join(repo.root, 'unrelated'), { recursive: true });
    const r = await p('run', '--repo', module, '--tags', 'fast', '--count', '2', '--benchtime', '20x', '--ref', 'HEAD', '--json');
    expect(r.code, r.stderr).toBe(0);
    const run = JSON.parse(r.stdout);
    const results = JSON.parse((await p('show', String(run.id), '--format', 'json')).stdout).results;
    const names = [...new Set(results.map((x: { pkg: string; name: string }) => `${x.pkg}.${x.name}`))].sort();
    expect(names).toEqual([
      'example.com/engine/ids.BenchmarkNewID',
      'example.com/engine/internal/codec.BenchmarkWords',
      'example.com/engine/tagged.BenchmarkTaggedSum',
    ]);
    expect(run.notes.join('\n')).toMatch(/example.com\/engine\/notests has no test files/);
    // nobench has tests but never mentions a benchmark: not compiled, and the notes say so
    expect(run.notes).toContain(
      '1 package has no benchmarks at HEAD (no test file mentions Benchmark): not built: example.com/engine/nobench',
    );
    const built = JSON.parse((await p('show', String(run.id), '--format', 'json')).stdout).run.builds.map((b: { pkg: string }) => b.pkg);
    expect(built).not.toContain('example.com/engine/nobench');
    expect(built).toContain('example.com/engine/ids');
    expect(run.refs[0].name).toBe('HEAD');
    expect(run.refs[0].sha).toMatch(/^[0-9a-f]{40}$/);
  });
});
