// Process hygiene as a user meets it: Ctrl-C during `perflab run` ends the run as canceled
// within a few seconds, with no process of the run left behind (a benchmark that starts a
// grandchild `sleep` proves it) and the completed rounds stored; a lab killed with SIGKILL
// leaves a run that the next start marks interrupted, killing what it left running.
import { waitFor } from '../helpers/wait.js';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLab } from '../../src/core/lab.js';
import type { LabEvent } from '../../src/shared/api.js';
import { cli, spawnCli } from '../helpers/cli.js';
import { fixtureRepo, tempDir } from '../helpers/fixture-repo.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Processes whose command line mentions the data dir (our test binaries live in it). */
function processesUnder(dir: string): string[] {
  const out = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return out.split('\n').filter((l) => l.includes(dir) && !l.includes('ps -eo'));
}

describe('cancel and interrupted runs', () => {
  it('Ctrl-C cancels within seconds, kills grandchildren, keeps completed rounds', async () => {
    const repo = fixtureRepo('hostile');
    const data = tempDir();
    const pidfile = join(tempDir(), 'pids');
    const env = { ...process.env, PERFLAB_LOCK_DIR: tempDir() };
    expect((await cli(['--data-dir', data, 'repo', 'add', repo.module, '--trust'], { env })).code).toBe(0);
    const run = spawnCli(
      [
        '--data-dir',
        data,
        'run',
        '--repo',
        repo.module,
        '--bench',
        'Grandchild',
        '--count',
        '100',
        '--benchtime',
        '20x',
        '--env',
        'PERFLAB_HOSTILE=grandchild',
        '--env',
        `PERFLAB_HOSTILE_PIDFILE=${pidfile}`,
      ],
      { env },
    );
    // Wait until a few rounds are stored.
    await waitFor(async () => {
      const r = await cli(['--data-dir', data, 'runs', '--json'], { env });
      const runs = r.code === 0 ? JSON.parse(r.stdout) : [];
      return runs.length > 0 && runs[0].resultCount >= 3;
    }, 60_000);
    const t0 = Date.now();
    run.child.kill('SIGINT');
    const res = await run.done;
    const latency = Date.now() - t0;
    expect(res.code, res.stderr).toBe(130);
    expect(latency).toBeLessThan(10_000);
    expect(res.stderr).toMatch(/canceling run/);
    const show = JSON.parse((await cli(['--data-dir', data, 'show', 'latest', '--format', 'json'], { env })).stdout);
    expect(show.run.status).toBe('canceled');
    expect(show.results.length).toBeGreaterThanOrEqual(3);
    expect(new Set(show.results.map((r: { round: number }) => r.round)).size).toBe(show.results.length);
    // The count the CLI prints is what was stored (one result per cell here).
    const counted = /canceled after (\d+) of 100 cells \((\d+) results stored\)/.exec(res.stderr);
    expect(counted, res.stderr).not.toBeNull();
    expect(Number(counted![1])).toBe(show.results.length);
    expect(Number(counted![2])).toBe(show.results.length);
    expect(res.stderr).not.toMatch(/goroutine \d+ \[/);
    const pids = readFileSync(pidfile, 'utf8').trim().split('\n').map(Number);
    expect(pids.length).toBeGreaterThanOrEqual(3);
    await waitFor(() => pids.every((p) => !alive(p)), 5000);
    expect(processesUnder(data)).toEqual([]);
    expect(existsSync(join(data, 'runs', String(show.run.id)))).toBe(true);
  });

  it('a lab killed with SIGKILL mid-run: the next start marks the run interrupted and reaps its processes', async () => {
    const repo = fixtureRepo('hostile');
    const data = tempDir();
    const pidfile = join(tempDir(), 'pids');
    const env = { ...process.env, PERFLAB_LOCK_DIR: tempDir() };
    expect((await cli(['--data-dir', data, 'repo', 'add', repo.module, '--trust'], { env })).code).toBe(0);
    const run = spawnCli(
      [
        '--data-dir',
        data,
        'run',
        '--repo',
        repo.module,
        '--bench',
        'Grandchild',
        '--count',
        '100',
        '--benchtime',
        '100x',
        '--env',
        'PERFLAB_HOSTILE=grandchild',
        '--env',
        `PERFLAB_HOSTILE_PIDFILE=${pidfile}`,
      ],
      { env },
    );
    await waitFor(async () => {
      const r = await cli(['--data-dir', data, 'runs', '--json'], { env });
      const runs = r.code === 0 ? JSON.parse(r.stdout) : [];
      return (
        runs.length > 0 && runs[0].resultCount >= 1 && existsSync(pidfile) && readFileSync(pidfile, 'utf8').trim().split('\n').length >= 2
      );
    }, 60_000);
    run.child.kill('SIGKILL');
    await run.done;
    const next = await cli(['--data-dir', data, 'runs', '--json'], { env });
    expect(next.stderr).toMatch(/marked interrupted: run 1/);
    const runs = JSON.parse(next.stdout);
    expect(runs[0].status).toBe('interrupted');
    expect(runs[0].resultCount).toBeGreaterThanOrEqual(1);
    const pids = readFileSync(pidfile, 'utf8').trim().split('\n').map(Number);
    await waitFor(() => pids.every((p) => !alive(p)), 5000);
    expect(processesUnder(data)).toEqual([]);
  });

  it('a run queued behind another in the same lab says so, and cancels at once', async () => {
    const repo = fixtureRepo('hostile');
    const lab = createLab({ dataDir: tempDir(), lockDir: tempDir() });
    const events: LabEvent[] = [];
    lab.subscribe((e) => events.push(e));
    try {
      await lab.api.addRepo({ path: repo.module, trust: true });
      const a = await lab.api.startRun({
        repo: repo.module,
        bench: 'Slow',
        count: 50,
        benchtime: ['20x'],
        env: { PERFLAB_HOSTILE: 'slow' },
      });
      const b = await lab.api.startRun({ repo: repo.module, bench: 'Quick', count: 1, benchtime: ['10x'] });
      await waitFor(() => events.some((e) => e.type === 'run-queued' && e.runId === b.runId), 5000);
      expect((await lab.api.runProgress({ runId: b.runId })).queuedBehind).toBe(`run ${a.runId} in this lab`);
      const t0 = Date.now();
      expect((await lab.api.cancelRun({ runId: b.runId })).canceled).toBe(true);
      await waitFor(async () => (await lab.api.getRun({ run: b.runId })).status === 'canceled', 3000);
      expect(Date.now() - t0).toBeLessThan(3000);
      expect(events.some((e) => e.type === 'run-finished' && e.runId === b.runId && e.status === 'canceled')).toBe(true);
      expect((await lab.api.getRun({ run: a.runId })).status).toBe('running');
      await lab.api.cancelRun({ runId: a.runId });
      expect(await lab.waitForRun(a.runId)).toBe('canceled');
      expect((await lab.api.getRun({ run: b.runId })).resultCount).toBe(0);
      expect((await lab.api.deleteRun({ runId: a.runId })).deleted).toBe(true);
    } finally {
      await lab.close();
    }
  });
});
