// The launcher inside real runs: a benchmark (test/fixtures/spool) that starts a background
// flusher in its own session (setsid, holding the output pipe) leaves no process behind after
// the run completes, after a cancel and after a timeout; every benchmark process's rusage is
// stored and shown by `show --format json`; the start-up reaper signals a recorded process
// group only when its leader's start time matches.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLab } from '../../src/core/lab.js';
import { processStartTicks } from '../../src/core/proc/process-identity.js';
import { recoverInterruptedRuns } from '../../src/core/runner/run-service.js';
import { openDb } from '../../src/core/store/open-db.js';
import { createRun, updateRun } from '../../src/core/store/runs.js';
import { cli } from '../helpers/cli.js';
import { fixtureRepo, tempDir } from '../helpers/fixture-repo.js';
import { marked } from '../helpers/marked-procs.js';

async function waitFor(f: () => boolean | Promise<boolean>, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await f()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('timed out waiting');
}

function pidsIn(file: string): number[] {
  return existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map(Number) : [];
}

describe('benchmark processes run through the launcher', () => {
  it('a setsid daemon started by a benchmark is gone after the run completes; rusage is stored per process', async () => {
    const repo = fixtureRepo('spool');
    const data = tempDir();
    const lockDir = tempDir();
    const pidfile = join(tempDir(), 'pids');
    const mark = `complete-${process.pid}-${Date.now()}`;
    const lab = createLab({ dataDir: data, lockDir });
    try {
      await lab.api.addRepo({ path: repo.module, trust: true });
      const { runId } = await lab.api.startRun({
        repo: repo.module,
        bench: 'Add$',
        count: 2,
        benchtime: ['1000x'],
        env: { SPOOL_FLUSHER: 'daemon', SPOOL_PIDFILE: pidfile, MARK: mark },
      });
      expect(await lab.waitForRun(runId)).toBe('completed');
      // One flusher per benchmark process (Go runs the benchmark function more than once, the flusher starts once).
      expect(pidsIn(pidfile).length).toBe(2);
      expect(marked(mark)).toEqual([]);
      const run = await lab.api.getRun({ run: runId });
      expect(run.resultCount).toBe(2);
      expect(run.notes.filter((n) => /launcher/.test(n))).toEqual([]);
      expect(run.processes.length).toBe(2);
      for (const p of run.processes) {
        expect(p).toMatchObject({ purpose: 'bench', exit: 'exit 0', benchmarks: ['BenchmarkAdd'] });
        expect(p.orphansReaped).toBeGreaterThanOrEqual(1);
        expect(p.maxRssBytes).toBeGreaterThan(1 << 20);
        expect(p.userSec! + p.sysSec!).toBeGreaterThan(0);
        expect(p.wallSec).toBeGreaterThan(0);
      }
      const show = await cli(['--data-dir', data, 'show', String(runId), '--format', 'json'], { lockDir });
      expect(show.code, show.stderr).toBe(0);
      const json = JSON.parse(show.stdout) as { run: { processes: { maxRssBytes: number; majflt: number; nvcsw: number }[] } };
      expect(json.run.processes.length).toBe(2);
      expect(Object.keys(json.run.processes[0])).toEqual(
        expect.arrayContaining(['maxRssBytes', 'userSec', 'sysSec', 'nvcsw', 'nivcsw', 'majflt', 'wallSec', 'exit']),
      );
    } finally {
      await lab.close();
      repo.cleanup();
    }
  });

  it('a setsid daemon is gone after a cancel', async () => {
    const repo = fixtureRepo('spool');
    const pidfile = join(tempDir(), 'pids');
    const mark = `cancel-${process.pid}-${Date.now()}`;
    const lab = createLab({ dataDir: tempDir(), lockDir: tempDir() });
    try {
      await lab.api.addRepo({ path: repo.module, trust: true });
      const { runId } = await lab.api.startRun({
        repo: repo.module,
        bench: 'AddSlow',
        count: 20,
        benchtime: ['100x'],
        env: { SPOOL_FLUSHER: 'daemon', SPOOL_PIDFILE: pidfile, MARK: mark },
      });
      await waitFor(() => pidsIn(pidfile).length >= 1 && marked(mark).length >= 2, 60_000);
      await lab.api.cancelRun({ runId });
      expect(await lab.waitForRun(runId)).toBe('canceled');
      expect(marked(mark)).toEqual([]);
    } finally {
      await lab.close();
      repo.cleanup();
    }
  });

  it('a setsid daemon is gone after a timeout, and the cell says timeout', async () => {
    const repo = fixtureRepo('spool');
    const pidfile = join(tempDir(), 'pids');
    const mark = `timeout-${process.pid}-${Date.now()}`;
    const lab = createLab({ dataDir: tempDir(), lockDir: tempDir() });
    try {
      await lab.api.addRepo({ path: repo.module, trust: true });
      const { runId } = await lab.api.startRun({
        repo: repo.module,
        bench: 'Add$',
        count: 1,
        benchtime: ['10x'],
        timeout: '1s',
        env: { SPOOL_FLUSHER: 'hang', SPOOL_PIDFILE: pidfile, MARK: mark },
      });
      await lab.waitForRun(runId);
      expect(pidsIn(pidfile).length).toBe(1);
      expect(marked(mark)).toEqual([]);
      const run = await lab.api.getRun({ run: runId });
      expect(run.failures.map((f) => [f.name, f.kind])).toEqual([['BenchmarkAdd', 'timeout']]);
      expect(run.processes.map((p) => p.exit)).toEqual(['killed: wall-timeout']);
    } finally {
      await lab.close();
      repo.cleanup();
    }
  }, 60_000);

  it('falls back to Node process groups with a note when the launcher is off or cannot be built', async () => {
    const repo = fixtureRepo('spool');
    try {
      for (const how of ['off', 'unbuildable'] as const) {
        const data = tempDir();
        if (how === 'unbuildable') {
          // bin/launcher taken by a file: the launcher cannot be written, the run goes on without it.
          mkdirSync(join(data, 'bin'), { recursive: true });
          writeFileSync(join(data, 'bin', 'launcher'), '');
        }
        const lab = createLab({
          dataDir: data,
          lockDir: tempDir(),
          env: how === 'off' ? { ...process.env, PERFLAB_LAUNCHER: 'off' } : process.env,
        });
        try {
          await lab.api.addRepo({ path: repo.module, trust: true });
          const { runId } = await lab.api.startRun({ repo: repo.module, bench: 'Add$', count: 1, benchtime: ['10x'] });
          expect(await lab.waitForRun(runId)).toBe('completed');
          const run = await lab.api.getRun({ run: runId });
          expect(run.resultCount).toBe(1);
          const note = run.notes.find((n) => /^launcher (off|unavailable)/.test(n));
          expect(note, how).toMatch(
            how === 'off'
              ? /^launcher off \(PERFLAB_LAUNCHER=off\): benchmark processes run without it/
              : /^launcher unavailable \(.*(EEXIST|ENOTDIR)/,
          );
          expect(run.processes.map((p) => [p.exit, p.maxRssBytes])).toEqual([['exit 0', null]]);
        } finally {
          await lab.close();
        }
      }
    } finally {
      repo.cleanup();
    }
  });

  it('a damaged launcher binary is built again, and the run uses it', async () => {
    const repo = fixtureRepo('spool');
    const data = tempDir();
    const { launcherSource } = await import('../../src/core/proc/launcher.js');
    mkdirSync(join(data, 'bin', 'launcher'), { recursive: true });
    const bin = join(data, 'bin', 'launcher', `launcher-${launcherSource().hash}`);
    writeFileSync(bin, '#!/bin/sh\nexit 1\n', { mode: 0o755 });
    const lab = createLab({ dataDir: data, lockDir: tempDir() });
    try {
      await lab.api.addRepo({ path: repo.module, trust: true });
      const { runId } = await lab.api.startRun({ repo: repo.module, bench: 'Add$', count: 1, benchtime: ['10x'] });
      expect(await lab.waitForRun(runId)).toBe('completed');
      const run = await lab.api.getRun({ run: runId });
      expect(run.notes.filter((n) => /launcher/.test(n))).toEqual([]);
      expect(run.processes[0].maxRssBytes).toBeGreaterThan(0);
      expect(readFileSync(bin).subarray(0, 4).toString('latin1')).not.toBe('#!/b');
    } finally {
      await lab.close();
      repo.cleanup();
    }
  });

  it('the start-up reaper signals a recorded group only when the leader start time matches', async () => {
    const data = tempDir();
    const store = openDb(join(data, 'perflab.db'));
    const start = () => {
      const c = spawn('/bin/sleep', ['300'], { detached: true, stdio: 'ignore' });
      return c;
    };
    const other = start();
    const same = start();
    const alive = (pid: number) => processStartTicks(pid) !== null && !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    try {
      await waitFor(() => processStartTicks(other.pid!) !== null && processStartTicks(same.pid!) !== null, 5000);
      // A dead owner (pid 2^22 + 1 is beyond pid_max defaults; start time that cannot match).
      const reused = createRun(store.db, {
        repoId: null,
        repoPath: '/x',
        kind: 'measured',
        label: '',
        status: 'running',
        spec: null,
        ownerPid: 4194305,
        ownerStart: '1',
      });
      updateRun(store.db, reused, { childPgid: other.pid!, childStart: String(Number(processStartTicks(other.pid!)) + 1) });
      const recorded = createRun(store.db, {
        repoId: null,
        repoPath: '/x',
        kind: 'measured',
        label: '',
        status: 'running',
        spec: null,
        ownerPid: 4194305,
        ownerStart: '1',
      });
      updateRun(store.db, recorded, { childPgid: same.pid!, childStart: processStartTicks(same.pid!) });
      expect((await recoverInterruptedRuns({ store })).sort()).toEqual([reused, recorded].sort());
      await waitFor(() => !alive(same.pid!), 10_000);
      expect(alive(other.pid!)).toBe(true);
    } finally {
      other.kill('SIGKILL');
      same.kill('SIGKILL');
      store.db.close();
    }
  });
});
