// Files a run needs are never pulled from under it (issue 12): `perflab gc` in another
// terminal during a run used to delete the test binary in use, and the next spawn ended the
// whole CLI with an unhandled 'error' event. Now gc skips binaries, worktrees and tmp while a
// run holds the machine and says so, and a binary that disappears anyway (a benchmark that
// deletes bin/) fails its cells with a typed `spawn-failed` while the lab carries on.
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, spawnCli } from '../helpers/cli.js';
import { startServe } from '../helpers/serve.js';
import { fixtureRepo, tempDir } from '../helpers/fixture-repo.js';
import { recordFigures } from './helpers/figures.js';

async function waitFor(f: () => Promise<boolean> | boolean, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await f()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('timed out waiting');
}

const firstResults = async (data: string, env: NodeJS.ProcessEnv) => {
  const r = await cli(['--data-dir', data, 'runs', '--json'], { env });
  const runs = r.code === 0 ? JSON.parse(r.stdout) : [];
  return runs.length > 0 && runs[0].resultCount >= 1;
};

describe('gc and a running benchmark', () => {
  it('gc during a CLI run skips what the run uses; the run completes with every result', async () => {
    const repo = fixtureRepo('basic');
    const data = tempDir();
    const env = { ...process.env, PERFLAB_LOCK_DIR: tempDir() };
    expect((await cli(['--data-dir', data, 'repo', 'add', repo.module, '--trust'], { env })).code).toBe(0);
    const run = spawnCli(
      ['--data-dir', data, 'run', '--repo', repo.module, '--bench', 'Join|Sum', '--count', '6', '--cpu', '1', '--benchtime', '20000x'],
      { env },
    );
    let finished = false;
    void run.done.then(() => {
      finished = true;
    });
    await waitFor(() => firstResults(data, env), 60_000);
    const skippedLines: string[] = [];
    let gcs = 0;
    let skippingGcs = 0;
    while (!finished) {
      const g = await cli(['--data-dir', data, 'gc'], { env });
      expect(g.code, g.stderr).toBe(0);
      gcs++;
      if (!finished) {
        const lines = g.stderr.split('\n').filter((l) => l.startsWith('skipped'));
        skippedLines.push(...lines);
        if (lines.length) skippingGcs++;
      }
      await new Promise((r) => setTimeout(r, 150));
    }
    const res = await run.done;
    expect(res.code, res.stderr).toBe(0);
    expect(gcs).toBeGreaterThan(0);
    const show0 = JSON.parse((await cli(['--data-dir', data, 'show', 'latest', '--format', 'json'], { env })).stdout);
    recordFigures('gc-during-run', {
      gcsDuringRun: gcs,
      gcsThatSkipped: skippingGcs,
      results: show0.results.length,
      failures: show0.run.failures.length,
    });
    expect(
      skippedLines.some((l) => /binaries, worktrees, tmp\/ and unreferenced profiles: a benchmark run holds the machine \(run \d+/.test(l)),
    ).toBe(true);
    const show = JSON.parse((await cli(['--data-dir', data, 'show', 'latest', '--format', 'json'], { env })).stdout);
    expect(show.run.status).toBe('completed');
    expect(show.run.failures).toEqual([]);
    expect(show.results.length).toBe(2 * 6);
    // Idle again: gc removes the cached binaries (this one, or the last of the loop if it ran
    // just after the run released the machine).
    const after = await cli(['--data-dir', data, 'gc'], { env });
    expect(after.stderr).not.toMatch(/skipped/);
    const binaries = readdirSync(join(data, 'bin'))
      .flatMap((d) => readdirSync(join(data, 'bin', d)))
      .filter((f) => f.endsWith('.test'));
    expect(binaries).toEqual([]);
    // This version's launcher stays: the go and git calls of a running lab go through it.
    const { launcherSource } = await import('../../src/core/proc/launcher.js');
    expect(readdirSync(join(data, 'bin', 'launcher'))).toEqual([`launcher-${launcherSource().hash}`]);
  }, 120_000);

  it('gc through the API during a serve run: the server stays up and the run completes with every result', async () => {
    const repo = fixtureRepo('basic');
    const data = tempDir();
    const env = { ...process.env, PERFLAB_LOCK_DIR: tempDir() };
    const server = await startServe(data, env);
    const call = async (method: string, input: object) => {
      const r = await fetch(`${server.origin}/api/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-perflab-token': server.token },
        body: JSON.stringify(input),
      });
      const j = (await r.json()) as { ok: boolean; value?: unknown; error?: { message: string } };
      if (!j.ok) throw new Error(`${method}: ${j.error?.message}`);
      return j.value as Record<string, unknown>;
    };
    try {
      await call('addRepo', { path: repo.module, trust: true });
      const { runId } = (await call('startRun', { repo: repo.module, bench: 'Join|Sum', count: 6, cpu: [1], benchtime: ['20000x'] })) as {
        runId: number;
      };
      let skipped = 0;
      let gcs = 0;
      for (;;) {
        const run = (await call('getRun', { run: runId })) as { status: string; resultCount: number };
        if (run.status !== 'queued' && run.status !== 'running') break;
        if (run.resultCount > 0) {
          const g = (await call('gc', { dryRun: false })) as { skipped: string[] };
          gcs++;
          if (g.skipped.length) skipped++;
        }
        await new Promise((r) => setTimeout(r, 150));
      }
      const done = (await call('getRun', { run: runId })) as { status: string; resultCount: number; failures: unknown[] };
      expect(done).toMatchObject({ status: 'completed', resultCount: 12, failures: [] });
      expect(gcs).toBeGreaterThan(0);
      expect(skipped).toBeGreaterThan(0);
      expect((await call('version', {})).version).toBeDefined();
      recordFigures('gc-during-serve-run', { gcsDuringRun: gcs, gcsThatSkipped: skipped, results: done.resultCount });
    } finally {
      await server.stop();
    }
  }, 120_000);

  it('a binary deleted mid-run fails its cells with a typed spawn-failed; the CLI stays up and finishes', async () => {
    const repo = fixtureRepo('basic');
    const data = tempDir();
    const env = { ...process.env, PERFLAB_LOCK_DIR: tempDir() };
    expect((await cli(['--data-dir', data, 'repo', 'add', repo.module, '--trust'], { env })).code).toBe(0);
    const run = spawnCli(
      [
        '--data-dir',
        data,
        'run',
        '--repo',
        repo.module,
        '--pkg',
        './encode',
        '--bench',
        'Join',
        '--count',
        '8',
        '--cpu',
        '1',
        '--benchtime',
        '50000x',
      ],
      { env },
    );
    await waitFor(() => firstResults(data, env), 60_000);
    for (const d of readdirSync(join(data, 'bin'))) rmSync(join(data, 'bin', d), { recursive: true, force: true });
    const t0 = Date.now();
    const res = await run.done;
    const msToEnd = Date.now() - t0;
    expect(res.stderr).not.toMatch(/Unhandled|at ChildProcess|node:internal/);
    expect([0, 3]).toContain(res.code);
    expect(res.stderr).toMatch(/could not start the test binary .*ENOENT/);
    const show = JSON.parse((await cli(['--data-dir', data, 'show', 'latest', '--format', 'json'], { env })).stdout);
    expect(['completed', 'failed']).toContain(show.run.status);
    expect(show.results.length).toBeGreaterThanOrEqual(1);
    expect(show.run.failures.some((f: { kind: string; name: string }) => f.kind === 'spawn-failed' && f.name === 'BenchmarkJoin')).toBe(
      true,
    );
    recordFigures('binary-deleted-mid-run', {
      exitCode: res.code,
      status: show.run.status,
      results: show.results.length,
      spawnFailed: show.run.failures.filter((f: { kind: string }) => f.kind === 'spawn-failed').length,
      msFromDeleteToExit: msToEnd,
    });
  }, 120_000);
});
