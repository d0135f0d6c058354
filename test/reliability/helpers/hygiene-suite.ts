// Process hygiene (security.md, processes), shared by process-hygiene.test.ts and its soak
// twin: cancels through the API at random moments, benchmark timeouts (--timeout with a
// benchmark that never ends), and the lab itself killed mid-run (SIGKILL, SIGTERM). After
// each: no process of the run's group alive (the grandchild `sleep` a hostile benchmark starts
// proves it), the run's status says what happened, measured results and the raw output files
// under runs/<id>/ are kept. Ctrl-C through the CLI is test/integration/cancel.test.ts.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLab, type Lab } from '../../../src/core/lab.js';
import { cli, spawnCli } from '../../helpers/cli.js';
import { fixtureRepo, tempDir } from '../../helpers/fixture-repo.js';
import { percentile, recordFigures } from './figures.js';
import { alive, pidsIn, processesUnder, waitFor } from './procs.js';
import { rng } from './store-crash.js';

export function hygieneSuite(o: { cancels: number; timeouts: number; labKills: number }): void {
  describe('process hygiene', () => {
    const repo = fixtureRepo('hostile');
    const data = tempDir('perflab-hyg-');
    const lockDir = tempDir('perflab-lock-');
    let lab: Lab;
    beforeAll(async () => {
      lab = createLab({ dataDir: data, lockDir });
      await lab.api.addRepo({ path: repo.module, trust: true });
    });
    afterAll(async () => {
      await lab.close();
    });

    it(`${o.cancels} cancels through the API at random moments: 0 processes left, status canceled, results and raw output kept`, async () => {
      const random = rng(777);
      const latencies: number[] = [];
      const statusLatencies: number[] = [];
      let orphans = 0;
      let grandchildren = 0;
      const statuses: Record<string, number> = {};
      for (let i = 0; i < o.cancels; i++) {
        const pidfile = join(tempDir(), 'pids');
        const { runId } = await lab.api.startRun({
          repo: repo.module,
          bench: 'Grandchild',
          count: 50,
          benchtime: ['20x'],
          env: { PERFLAB_HOSTILE: 'grandchild', PERFLAB_HOSTILE_PIDFILE: pidfile },
        });
        // Cancel while a benchmark process (and its grandchild) runs, at a random point of it.
        // Each benchmark process starts two grandchildren (the benchmark runs with b.N = 1, then 20).
        const want = 1 + Math.floor(random() * 4);
        await waitFor(() => pidsIn(pidfile).length >= want, 60_000, `grandchild ${want} of run ${runId}`);
        await new Promise((r) => setTimeout(r, Math.floor(random() * 150)));
        const t0 = performance.now();
        expect((await lab.api.cancelRun({ runId })).canceled).toBe(true);
        const pids = pidsIn(pidfile);
        const quiet = waitFor(() => pids.every((p) => !alive(p)) && processesUnder(data).length === 0, 5000, 'quiet').then(
          () => performance.now() - t0,
          () => Infinity,
        );
        const status = await lab.waitForRun(runId);
        statusLatencies.push(performance.now() - t0);
        const q = await quiet;
        latencies.push(q);
        statuses[status] = (statuses[status] ?? 0) + 1;
        grandchildren += pids.length;
        const left = pids.filter(alive).length + processesUnder(data).length;
        orphans += left;
        if (left) {
          // Clean up what the lab left behind, and stop: the assertion below reports it.
          for (const p of pids) {
            try {
              process.kill(p, 'SIGKILL');
            } catch {
              /* gone */
            }
          }
          console.error(`run ${runId}: left ${pids.filter(alive).join(' ')} ${processesUnder(data).join('; ')}`);
          break;
        }
        const run = await lab.api.getRun({ run: runId });
        expect(run.status).toBe('canceled');
        expect(run.statusDetail).toMatch(/canceled/);
        // The raw output of every benchmark process is kept, and every process that ended
        // before the cancel has its result stored (one per process here).
        const outs = readdirSync(join(data, 'runs', String(runId))).filter((f) => f.endsWith('.out'));
        expect(outs.length).toBeGreaterThanOrEqual(1);
        expect(run.resultCount).toBeGreaterThanOrEqual(outs.length - 1);
      }
      const figures = {
        cancels: o.cancels,
        grandchildren,
        orphans,
        statuses,
        cancelToQuietMs: {
          p50: Math.round(percentile(latencies, 50)),
          p95: Math.round(percentile(latencies, 95)),
          max: Math.round(Math.max(...latencies)),
        },
        cancelToStatusMs: { p50: Math.round(percentile(statusLatencies, 50)), p95: Math.round(percentile(statusLatencies, 95)) },
      };
      recordFigures('cancel', figures);
      expect(orphans).toBe(0);
      expect(statuses).toEqual({ canceled: o.cancels });
      // Generous: SIGQUIT, SIGTERM and SIGKILL each get 1 s of grace, so even the worst case is quiet in ~3 s.
      expect(figures.cancelToQuietMs.p95).toBeLessThan(10_000);
    });

    it(`${o.timeouts} benchmark timeouts (--timeout 2s, a benchmark that never ends): the cell names the benchmark, the rest is measured, 0 processes left`, async () => {
      let orphans = 0;
      for (let i = 0; i < o.timeouts; i++) {
        const pidfile = join(tempDir(), 'pids');
        const r = await cli(
          [
            '--data-dir',
            data,
            'run',
            '--repo',
            repo.module,
            '--bench',
            'Quick|Grandchild|Hang',
            '--count',
            '1',
            '--benchtime',
            '5x',
            '--timeout',
            '2s',
            '--env',
            'PERFLAB_HOSTILE=grandchild,hang',
            '--env',
            `PERFLAB_HOSTILE_PIDFILE=${pidfile}`,
            '--json',
          ],
          { lockDir },
        );
        expect(r.code, r.stderr).toBe(0);
        const run = JSON.parse(r.stdout);
        expect(run.status).toBe('completed');
        expect(run.failures).toMatchObject([{ name: 'BenchmarkHang', kind: 'timeout' }]);
        expect(run.failures[0].message).toMatch(/still running after the timeout of 2s/);
        expect(r.stderr).toMatch(/BenchmarkHang.*timed out/);
        const results = JSON.parse(
          (await cli(['--data-dir', data, 'show', String(run.id), '--format', 'json'], { lockDir })).stdout,
        ).results;
        expect(new Set(results.map((x: { name: string }) => x.name))).toEqual(new Set(['BenchmarkQuick', 'BenchmarkGrandchild']));
        expect(readdirSync(join(data, 'runs', String(run.id))).filter((f) => f.endsWith('.out')).length).toBeGreaterThanOrEqual(1);
        const pids = pidsIn(pidfile);
        expect(pids.length).toBeGreaterThanOrEqual(1);
        await waitFor(() => pids.every((p) => !alive(p)), 5000, 'grandchildren gone').catch(() => undefined);
        orphans += pids.filter(alive).length + processesUnder(data).length;
      }
      recordFigures('timeout', { timeouts: o.timeouts, orphans });
      expect(orphans).toBe(0);
    });

    it(`${o.labKills} labs killed mid-run (SIGKILL and SIGTERM in turn): the run ends interrupted or canceled, the next start reaps what was left`, async () => {
      let orphans = 0;
      const statuses: Record<string, number> = {};
      for (let i = 0; i < o.labKills; i++) {
        const pidfile = join(tempDir(), 'pids');
        const env = { ...process.env, PERFLAB_LOCK_DIR: lockDir };
        const sig = i % 2 === 0 ? 'SIGKILL' : 'SIGTERM';
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
            '50',
            '--benchtime',
            '20x',
            '--env',
            'PERFLAB_HOSTILE=grandchild',
            '--env',
            `PERFLAB_HOSTILE_PIDFILE=${pidfile}`,
          ],
          { env },
        );
        await waitFor(() => pidsIn(pidfile).length >= 4, 60_000, 'two benchmark processes');
        run.child.kill(sig);
        await run.done;
        // The next start (any command) marks the run and kills its process group.
        const next = await cli(['--data-dir', data, 'runs', '--json'], { lockDir });
        const latest = JSON.parse(next.stdout)[0];
        statuses[`${sig}:${latest.status}`] = (statuses[`${sig}:${latest.status}`] ?? 0) + 1;
        expect(latest.status).toBe(sig === 'SIGKILL' ? 'interrupted' : 'canceled');
        expect(latest.resultCount).toBeGreaterThanOrEqual(1);
        expect(existsSync(join(data, 'runs', String(latest.id)))).toBe(true);
        const pids = pidsIn(pidfile);
        await waitFor(() => pids.every((p) => !alive(p)) && processesUnder(data).length === 0, 5000, 'reaped').catch(() => undefined);
        orphans += pids.filter(alive).length + processesUnder(data).length;
      }
      recordFigures('lab-kill', { labKills: o.labKills, orphans, statuses });
      expect(orphans).toBe(0);
    });
  });
}
