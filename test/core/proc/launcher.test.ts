// Perflab's launcher, built with the real Go toolchain and driven over its pipe: a setsid
// daemon is gone after completion, cancel and timeout; a 1 GiB flood stops at the byte cap;
// rusage reports the peak RSS of a Go program that holds 200 MiB; rlimits reach the command; a
// file can be the command's standard input;
// exit codes, signals and spawn failures come back typed.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goCommandEnv, readGoEnv } from '../../../src/core/go/go-env.js';
import { findGo } from '../../../src/core/go/go-version.js';
import { ensureLauncher, Launcher, LAUNCHER_FILES, launcherSource } from '../../../src/core/proc/launcher.js';
import { FIXTURES, tempDir } from '../../helpers/fixture-repo.js';
import { marked } from '../../helpers/marked-procs.js';

const SH = '/bin/sh';
let launcher: Launcher;
let binDir: string;
let launcherPath: string;
let work: string;
let goBin: string;
let goEnv: Record<string, string>;

beforeAll(async () => {
  const go = await findGo(process.env, process.cwd());
  goBin = go.bin;
  goEnv = goCommandEnv(await readGoEnv(go.bin, process.env, process.cwd()), process.env);
  binDir = tempDir('perflab-launcher-bin-');
  work = tempDir('perflab-launcher-work-');
  const b = await ensureLauncher({ goBin, env: goEnv, binDir });
  expect(b.built).toBe(true);
  launcherPath = b.path;
  launcher = await Launcher.start(b.path);
}, 120_000);

afterAll(async () => {
  await launcher?.close();
});

const env = (mark: string) => ({ PATH: '/usr/bin:/bin', MARK: mark });

describe('the launcher', () => {
  it('is built once per source hash into bin/launcher/launcher-<sha256>', async () => {
    expect(launcherPath).toBe(join(binDir, 'launcher', `launcher-${launcherSource().hash}`));
    expect(launcherSource().hash).toMatch(/^[0-9a-f]{64}$/);
    const again = await ensureLauncher({ goBin, env: goEnv, binDir });
    expect(again).toEqual({ path: launcherPath, built: false });
    expect(readdirSync(join(binDir, 'launcher'))).toEqual([`launcher-${launcherSource().hash}`]);
    expect(launcher.subreaper).toBe(process.platform === 'linux');
    // Every Go file of the launcher is part of the hash and the build.
    const dir = join(import.meta.dirname, '..', '..', '..', 'src', 'core', 'launcher');
    expect([...LAUNCHER_FILES].sort()).toEqual(
      readdirSync(dir)
        .filter((f) => f.endsWith('.go') && !f.endsWith('_test.go'))
        .sort(),
    );
  });

  // macOS is not tested here (the suite runs on Linux); vet at least type-checks its build.
  it('compiles and passes go vet for Linux and macOS', () => {
    const dir = join(import.meta.dirname, '..', '..', '..', 'src', 'core', 'launcher');
    for (const [goos, goarch] of [
      ['linux', 'amd64'],
      ['darwin', 'amd64'],
    ]) {
      execFileSync(goBin, ['vet', '.'], {
        cwd: dir,
        env: { ...goEnv, GOOS: goos, GOARCH: goarch, CGO_ENABLED: '0', GOFLAGS: '-mod=mod', GOTOOLCHAIN: 'local' },
        stdio: 'pipe',
      });
    }
  }, 300_000);

  it('a setsid daemon is gone after the command completes', async () => {
    const mark = `done-${Date.now()}`;
    const out = join(work, 'daemon.out');
    const h = launcher.run({ file: SH, args: ['-c', 'setsid sleep 300 & echo started'], cwd: work, env: env(mark), stdout: out });
    const r = await h.done;
    expect(r.exit).toEqual({ kind: 'exited', exitCode: 0 });
    expect(r.orphansReaped).toBeGreaterThanOrEqual(1);
    expect(readFileSync(out, 'utf8')).toBe('started\n');
    expect(marked(mark)).toEqual([]);
  });

  it('a setsid daemon is gone after a cancel, and the main child first', async () => {
    const mark = `cancel-${Date.now()}`;
    const h = launcher.run({
      file: SH,
      args: ['-c', 'setsid sleep 300 & exec sleep 300'],
      cwd: work,
      env: env(mark),
      stdout: join(work, 'cancel.out'),
    });
    const started = await h.started;
    expect(started?.pid).toBeGreaterThan(0);
    for (let i = 0; i < 100 && marked(mark).length < 2; i++) await new Promise((r) => setTimeout(r, 20));
    expect(marked(mark).length).toBe(2);
    h.kill('canceled');
    const r = await h.done;
    expect(r.exit).toEqual({ kind: 'killed', reason: 'canceled' });
    expect(r.orphansReaped).toBeGreaterThanOrEqual(1);
    expect(marked(mark)).toEqual([]);
  });

  it('a cancel that arrives while the command is still queued stops it before it starts', async () => {
    const first = launcher.run({ file: SH, args: ['-c', 'sleep 0.2'], cwd: work, env: {}, stdout: join(work, 'q1.out') });
    const queued = launcher.run({ file: SH, args: ['-c', 'sleep 30'], cwd: work, env: {}, stdout: join(work, 'q2.out') });
    queued.kill('canceled');
    expect((await first.done).exit).toEqual({ kind: 'exited', exitCode: 0 });
    expect(await queued.started).toBeNull();
    expect((await queued.done).exit).toEqual({ kind: 'killed', reason: 'canceled' });
  });

  it('a setsid daemon is gone after a timeout', async () => {
    const mark = `timeout-${Date.now()}`;
    const h = launcher.run({
      file: SH,
      args: ['-c', 'setsid sleep 300 & exec sleep 300'],
      cwd: work,
      env: env(mark),
      stdout: join(work, 'timeout.out'),
      timeoutMs: 300,
    });
    const r = await h.done;
    expect(r.exit).toEqual({ kind: 'killed', reason: 'wall-timeout' });
    expect(marked(mark)).toEqual([]);
  });

  it('a 1 GiB output flood stops at the byte cap', async () => {
    const cap = 64 << 20;
    const out = join(work, 'flood.out');
    const r = await launcher.run({
      file: '/usr/bin/head',
      args: ['-c', String(1 << 30), '/dev/zero'],
      cwd: work,
      env: {},
      stdout: out,
      maxOutputBytes: cap,
    }).done;
    expect(r.exit).toEqual({ kind: 'killed', reason: 'output-limit' });
    expect(statSync(out).size).toBeLessThanOrEqual(cap);
    expect(statSync(out).size).toBeGreaterThan(cap - (1 << 20));
    expect(r.outputBytes).toBeGreaterThan(cap);
  });

  it('stdout and stderr go to separate files when asked, sharing one budget', async () => {
    const out = join(work, 'sep.out');
    const err = join(work, 'sep.err');
    const r = await launcher.run({
      file: SH,
      args: ['-c', 'echo out; echo err >&2'],
      cwd: work,
      env: {},
      stdout: out,
      stderr: err,
      maxOutputBytes: 100,
    }).done;
    expect(r.exit).toEqual({ kind: 'exited', exitCode: 0 });
    expect([readFileSync(out, 'utf8'), readFileSync(err, 'utf8')]).toEqual(['out\n', 'err\n']);
    expect(r.outputBytes).toBe(8);
  });

  it('reports peak RSS within 25% of a 200 MiB allocation, CPU time and context switches', async () => {
    const bin = join(work, 'memhog');
    execFileSync(goBin, ['build', '-o', bin, '.'], { cwd: join(FIXTURES, 'memhog'), env: { ...goEnv, CGO_ENABLED: '0' } });
    const r = await launcher.run({ file: bin, args: ['200'], cwd: work, env: {}, stdout: join(work, 'memhog.out') }).done;
    expect(r.exit).toEqual({ kind: 'exited', exitCode: 0 });
    const want = 200 * 1024 * 1024;
    expect(r.usage!.maxRssBytes).toBeGreaterThan(want * 0.75);
    expect(r.usage!.maxRssBytes).toBeLessThan(want * 1.25);
    expect(r.usage!.userSec + r.usage!.sysSec).toBeGreaterThan(0);
    expect(r.usage!.nvcsw + r.usage!.nivcsw).toBeGreaterThan(0);
    expect(r.usage!.majflt).toBeGreaterThanOrEqual(0);
    expect(r.wallSec).toBeGreaterThan(0);
  });

  it('sets rlimits on the command only (exec mode)', async () => {
    const out = join(work, 'limits.out');
    const r = await launcher.run({
      file: SH,
      args: ['-c', 'ulimit -v; ulimit -t'],
      cwd: work,
      env: {},
      stdout: out,
      rlimitAs: 3 * 2 ** 30,
      rlimitCpu: 7,
    }).done;
    expect(r.exit).toEqual({ kind: 'exited', exitCode: 0 });
    expect(readFileSync(out, 'utf8')).toBe(`${3 * 2 ** 20}\n7\n`);
    // The next command without limits is not limited.
    const free = await launcher.run({ file: SH, args: ['-c', 'ulimit -t'], cwd: work, env: {}, stdout: out }).done;
    expect(free.exit).toEqual({ kind: 'exited', exitCode: 0 });
    expect(readFileSync(out, 'utf8')).toBe('unlimited\n');
  });

  it('feeds a file as standard input when asked, /dev/null otherwise; a missing stdin file is a spawn error', async () => {
    const input = join(work, 'stdin.txt');
    writeFileSync(input, 'one\ntwo\nthree\n');
    const out = join(work, 'stdin.out');
    expect(
      (await launcher.run({ file: SH, args: ['-c', 'wc -l'], cwd: work, env: env('stdin'), stdout: out, stdin: input }).done).exit,
    ).toEqual({ kind: 'exited', exitCode: 0 });
    expect(readFileSync(out, 'utf8').trim()).toBe('3');
    await launcher.run({ file: SH, args: ['-c', 'wc -c'], cwd: work, env: env('stdin'), stdout: out }).done;
    expect(readFileSync(out, 'utf8').trim()).toBe('0');
    const missing = await launcher.run({
      file: SH,
      args: ['-c', 'true'],
      cwd: work,
      env: {},
      stdout: out,
      stdin: join(work, 'no-such-input'),
    }).done;
    expect(missing.spawnError).toMatch(/no such file/);
  });

  it('reports exit codes, signals and spawn failures', async () => {
    const out = join(work, 'codes.out');
    expect((await launcher.run({ file: SH, args: ['-c', 'exit 3'], cwd: work, env: {}, stdout: out }).done).exit).toEqual({
      kind: 'exited',
      exitCode: 3,
    });
    expect((await launcher.run({ file: SH, args: ['-c', 'kill -SEGV $$'], cwd: work, env: {}, stdout: out }).done).exit).toEqual({
      kind: 'signaled',
      signal: 'SIGSEGV',
    });
    const missing = await launcher.run({ file: join(work, 'no-such-binary'), args: [], cwd: work, env: {}, stdout: out }).done;
    expect(missing.spawnError).toMatch(/^ENOENT/);
    expect((await launcher.run({ file: SH, args: [], cwd: work, env: {}, stdout: out, rlimitAs: -1 }).done).spawnError).toBe(
      'negative rlimit',
    );
    expect(await launcher.run({ file: SH, args: ['-c', 'true'], cwd: join(work, 'no-such-dir'), env: {}, stdout: out }).started).toBeNull();
  });

  it('close() stops a running command and its daemon before the launcher ends', async () => {
    const mark = `close-${Date.now()}`;
    const l = await Launcher.start(launcherPath);
    const h = l.run({
      file: SH,
      args: ['-c', 'setsid sleep 300 & exec sleep 300'],
      cwd: work,
      env: env(mark),
      stdout: join(work, 'close.out'),
    });
    await h.started;
    await l.close();
    expect((await h.done).exit).toEqual({ kind: 'killed', reason: 'canceled' });
    expect(marked(mark)).toEqual([]);
    expect(l.alive).toBe(false);
  });

  it('a lab that dies leaves nothing: the launcher sees EOF, stops the command and exits', async () => {
    const mark = `eof-${Date.now()}`;
    // A stand-in lab process: node starts the launcher, sends one command, then is killed.
    const script = `
      const { spawn } = require('node:child_process');
      const l = spawn(${JSON.stringify(launcherPath)}, [], { stdio: ['pipe', 'pipe', 'inherit'], detached: true });
      l.stdout.on('data', (d) => { if (String(d).includes('"started"')) console.log('started'); });
      l.stdin.write(JSON.stringify({ op: 'run', id: 1, path: '/bin/sh', args: ['-c', 'setsid sleep 300 & exec sleep 300'], dir: ${JSON.stringify(work)}, env: ['MARK=${mark}'], stdout: ${JSON.stringify(join(work, 'eof.out'))} }) + '\\n');
      setInterval(() => {}, 1000);`;
    const { spawn } = await import('node:child_process');
    const lab = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) =>
      lab.stdout.on('data', (d) => {
        if (String(d).includes('started')) resolve();
      }),
    );
    for (let i = 0; i < 100 && marked(mark).length < 2; i++) await new Promise((r) => setTimeout(r, 20));
    expect(marked(mark).length).toBe(2);
    lab.kill('SIGKILL');
    for (let i = 0; i < 250 && marked(mark).length > 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(marked(mark)).toEqual([]);
  });
});
