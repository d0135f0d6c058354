// What another local user or process can no longer do (issue 12): plant the machine lock's
// directory (it lived in a shared /tmp/perflab-<uid>), delete a run another Perflab process is
// running, have a deleted run's id handed out again, read the database or the secrets in a
// run's environment, or write terminal escapes through the CLI's text output.
import { spawn } from 'node:child_process';
import Database from 'better-sqlite3';
import { chmodSync, chownSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLab } from '../../src/core/lab.js';
import { runtimeDir } from '../../src/core/fs/private-dir.js';
import { processStartTicks } from '../../src/core/proc/process-identity.js';
import { acquireMachineLock } from '../../src/core/runner/machine-lock.js';
import { LabFailure } from '../../src/shared/errors.js';
import { run } from '../../src/cli/main.js';
import { ProgressView, terminalSafe } from '../../src/cli/io.js';
import { cli } from '../helpers/cli.js';
import { fixtureRepo, tempDir } from '../helpers/fixture-repo.js';

const BENCH_TEXT = 'goos: linux\nBenchmarkParse-2 \t 1000\t 1200 ns/op\nBenchmarkParse-2 \t 1000\t 1210 ns/op\n';

async function lockError(lockDir: string): Promise<LabFailure> {
  try {
    const l = await acquireMachineLock({ lockDir, holder: { pid: process.pid, runId: 1, dataDir: '/d', since: '' } });
    l.release();
  } catch (err) {
    return err as LabFailure;
  }
  throw new Error('the lock was taken');
}

describe('the machine lock directory', () => {
  it('lives in $XDG_RUNTIME_DIR/perflab, else a per-user cache dir, never /tmp', () => {
    expect(runtimeDir({ XDG_RUNTIME_DIR: '/run/user/1000', HOME: '/home/u' }, 'linux')).toBe('/run/user/1000/perflab');
    expect(runtimeDir({ HOME: '/home/u' }, 'linux')).toBe('/home/u/.cache/perflab');
    expect(runtimeDir({ HOME: '/Users/u' }, 'darwin')).toBe('/Users/u/Library/Caches/perflab');
    expect(runtimeDir({ PERFLAB_LOCK_DIR: '/x/lock', XDG_RUNTIME_DIR: '/run/user/1' }, 'linux')).toBe('/x/lock');
  });

  it('is created 0700', async () => {
    const dir = join(tempDir(), 'perflab');
    (await acquireMachineLock({ lockDir: dir, holder: { pid: process.pid, runId: 1, dataDir: '/d', since: '' } })).release();
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  });

  it('refuses a planted directory owned by another user, a symbolic link, and one others can write', async () => {
    const owned = join(tempDir(), 'planted');
    mkdirSync(owned, { mode: 0o700 });
    if (process.getuid?.() === 0) chownSync(owned, 65534, 65534);
    const foreign = process.getuid?.() === 0 ? owned : '/'; // not root: / is root's
    const e1 = await lockError(foreign);
    expect(e1.error.code).toBe('UnsafeDirectory');
    expect(e1.error.message).toMatch(/is owned by uid \d+, not by this user/);

    const target = tempDir();
    const link = join(tempDir(), 'link');
    symlinkSync(target, link);
    const e2 = await lockError(link);
    expect(e2.error.message).toMatch(/refusing to use ".*link": it is a symbolic link/);

    const open = tempDir();
    chmodSync(open, 0o777);
    const e3 = await lockError(open);
    expect(e3.error.message).toMatch(/group or others can write to it \(mode 0777\)/);
  });

  it('a run refused by an unsafe lock dir exits 3 with the reason', async () => {
    const repo = fixtureRepo('basic');
    const data = tempDir();
    const lockDir = tempDir();
    chmodSync(lockDir, 0o777);
    const env = { ...process.env, PERFLAB_LOCK_DIR: lockDir };
    expect((await cli(['--data-dir', data, 'repo', 'add', repo.module, '--trust'], { env })).code).toBe(0);
    const r = await cli(['--data-dir', data, 'run', '--repo', repo.module, '--pkg', './encode', '--count', '1', '--benchtime', '1x'], {
      env,
    });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/group or others can write to it/);
  });
});

describe('runs another process owns, and run ids', () => {
  it('refuses to delete a run queued or running in a live process; never reuses a deleted id', async () => {
    const dataDir = tempDir();
    const lab = createLab({ dataDir, lockDir: tempDir() });
    const store = new Database(join(dataDir, 'perflab.db'));
    try {
      const a = (await lab.api.importBenchfmt({ files: [{ name: 'a.txt', text: BENCH_TEXT }], label: '' })).runId;
      const b = (await lab.api.importBenchfmt({ files: [{ name: 'b.txt', text: BENCH_TEXT }], label: '' })).runId;
      expect(await lab.api.deleteRun({ runId: b })).toEqual({ deleted: true });
      const c = (await lab.api.importBenchfmt({ files: [{ name: 'c.txt', text: BENCH_TEXT }], label: '' })).runId;
      expect(c).toBeGreaterThan(b);
      expect(a).toBeLessThan(b);

      // A run that another (live) Perflab process owns: a sleeping child stands in for it.
      const owner = spawn('sleep', ['30'], { stdio: 'ignore' });
      store
        .prepare("UPDATE runs SET status = 'running', owner_pid = ?, owner_start = ? WHERE id = ?")
        .run(owner.pid, processStartTicks(owner.pid!), c);
      await expect(lab.api.deleteRun({ runId: c })).rejects.toMatchObject({
        error: { code: 'Conflict', message: expect.stringMatching(/running in another Perflab process \(pid \d+\)/) },
      });
      owner.kill('SIGKILL');
      await new Promise((r) => owner.once('exit', r));
      // Its owner gone, it can be deleted.
      expect(await lab.api.deleteRun({ runId: c })).toEqual({ deleted: true });
      const d = (await lab.api.importBenchfmt({ files: [{ name: 'd.txt', text: BENCH_TEXT }], label: '' })).runId;
      expect(d).toBeGreaterThan(c);
    } finally {
      store.close();
      await lab.close();
    }
  });
});

describe('the data dir and secrets', () => {
  it('creates the data dir 0700 and the database 0600; redacts proxy credentials and secret-looking variables in storage and show --format json', async () => {
    const repo = fixtureRepo('basic');
    const data = join(tempDir(), 'data');
    // The proxy comes from the user's environment (go env); the others from --env.
    const env = { ...process.env, PERFLAB_LOCK_DIR: tempDir(), GOPROXY: 'https://alice:s3cret-pw@proxy.example/mod' };
    expect((await cli(['--data-dir', data, 'repo', 'add', repo.module, '--trust'], { env })).code).toBe(0);
    const r = await cli(
      [
        '--data-dir',
        data,
        'run',
        '--repo',
        repo.module,
        '--pkg',
        './encode',
        '--count',
        '1',
        '--benchtime',
        '1x',
        '--env',
        'BACKEND_URL=https://bob:pw-456@db.example:5432/x',
        '--env',
        'DEPLOY_TOKEN=tok-123-xyz',
        '--env',
        'GOGC=150',
        // a variant's env is stored with its column too (run_refs), not only in the spec
        '--variant',
        'tok:env.API_TOKEN=var-secret-789',
      ],
      { env },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(statSync(data).mode & 0o777).toBe(0o700);
    expect(statSync(join(data, 'perflab.db')).mode & 0o777).toBe(0o600);
    const show = (await cli(['--data-dir', data, 'show', 'latest', '--format', 'json'], { env })).stdout;
    const j = JSON.parse(show);
    expect(j.run.spec.env).toEqual({ BACKEND_URL: 'https://<redacted>@db.example:5432/x', DEPLOY_TOKEN: '<redacted>', GOGC: '150' });
    expect(j.run.environment.goEnv).toMatchObject({
      GOPROXY: 'https://<redacted>@proxy.example/mod',
      DEPLOY_TOKEN: '<redacted>',
      GOGC: '150',
    });
    expect(j.run.refs[0].variant).toEqual({ name: 'tok', env: { API_TOKEN: '<redacted>' } });
    expect(j.run.spec.variants[0].env).toEqual({ API_TOKEN: '<redacted>' });
    for (const secret of ['s3cret-pw', 'pw-456', 'tok-123-xyz', 'var-secret-789']) {
      expect(show).not.toContain(secret);
      for (const f of readdirSync(data).filter((x) => x.startsWith('perflab.db')))
        expect(readFileSync(join(data, f)).includes(secret)).toBe(false);
    }
  });
});

describe('terminal escapes in CLI text', () => {
  it('are escaped on a terminal and passed through byte for byte to a pipe or file', async () => {
    const dir = tempDir();
    const file = join(dir, 'evil.txt');
    const name = 'BenchmarkEvil\x1b]0;pwned\x07\x1b[2J\x9b31m';
    writeFileSync(file, `goos: linux\n${name}-2 \t 1000\t 1200 ns/op\n${name}-2 \t 1000\t 1210 ns/op\n`);
    const capture = (isTTY: boolean) => {
      const chunks: string[] = [];
      return {
        stream: {
          isTTY,
          columns: 120,
          write: (s: string) => {
            chunks.push(s);
            return true;
          },
        },
        text: () => chunks.join(''),
      };
    };
    const env = { ...process.env, PERFLAB_LOCK_DIR: tempDir() };
    const tty = capture(true);
    const ttyErr = capture(true);
    expect(await run(['--data-dir', tempDir(), 'compare', file], tty.stream, ttyErr.stream, { env, cwd: dir })).toBe(0);
    expect(tty.text()).toContain('Evil\\x1b]0;pwned\\x07\\x1b[2J\\u009b31m');
    expect(tty.text()).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
    const pipe = capture(false);
    expect(await run(['--data-dir', tempDir(), 'compare', file], pipe.stream, capture(false).stream, { env, cwd: dir })).toBe(0);
    // benchstat prints names without the Benchmark prefix.
    const raw = name.slice('Benchmark'.length);
    expect(pipe.text()).toContain(raw);
    expect(pipe.text().replace(raw, 'Evil')).toBe(tty.text().replace('Evil\\x1b]0;pwned\\x07\\x1b[2J\\u009b31m', 'Evil'));
  });

  it('the progress bar keeps its own cursor sequences; a hostile benchmark name in it is escaped', () => {
    const chunks: string[] = [];
    const err = terminalSafe({
      isTTY: true,
      columns: 200,
      write: (x: string) => {
        chunks.push(x);
        return true;
      },
    });
    const view = new ProgressView(err);
    view.update({
      phase: 'bench',
      done: 1,
      total: 4,
      etaMs: 1000,
      current: { refLabel: 'HEAD', pkg: 'p', round: 1, benchtime: '1x', bench: 'BenchmarkX\x1b[2J' },
    });
    view.done();
    const out = chunks.join('');
    expect(out.startsWith('\r\x1b[K')).toBe(true);
    expect(out).toContain('BenchmarkX\\x1b[2J');
    expect(out.replace(/\r\x1b\[K/g, '')).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
  });
});
