// Load soak (`npm run test:soak` only): 3 refs x 5 packages x count 10 through a lab server in
// this process while the UI's API is polled 20 times a second with the token (runProgress,
// listRuns, getRun). Row count exact, the server's file descriptors (/proc/self/fd) and memory
// flat, no leftover worktrees or processes. PERFLAB_LOAD_COUNT scales the count down for a try.
import { cpSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLab } from '../../src/core/lab.js';
import { startLabServer } from '../../src/server/lab-server.js';
import { commitAll, FIXTURES, fixtureRepo, git, tempDir } from '../helpers/fixture-repo.js';
import { recordFigures } from './helpers/figures.js';
import { processesUnder } from './helpers/procs.js';

const COUNT = Number(process.env.PERFLAB_LOAD_COUNT ?? 10);
const fds = () => readdirSync('/proc/self/fd').length;

describe('load soak', () => {
  it(`3 refs x 5 packages x count ${COUNT}, API polled 20/s: exact rows, flat fds and memory, nothing left behind (worktrees after gc)`, async () => {
    const repo = fixtureRepo('basic');
    for (const extra of ['encode2', 'parse2', 'parse3'])
      cpSync(join(FIXTURES, 'basic', extra.replace(/\d$/, '')), join(repo.module, extra), { recursive: true });
    const refs = [commitAll(repo.root, 'five packages')];
    for (let i = 1; i <= 2; i++) {
      writeFileSync(join(repo.module, 'encode', `v${i}.go`), `package encode\n\nconst V${i} = ${i}\n`);
      refs.push(commitAll(repo.root, `change ${i}`));
    }
    const data = tempDir('perflab-load-');
    const lab = createLab({ dataDir: data, lockDir: tempDir() });
    const server = await startLabServer({ lab, staticDir: tempDir() });
    await lab.api.addRepo({ path: repo.module, trust: true });
    const call = async (method: string, input: unknown) => {
      const r = await fetch(`${server.origin}/api/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-perflab-token': server.token },
        body: JSON.stringify(input),
      });
      if (r.status !== 200) throw new Error(`${method}: ${r.status} ${await r.text()}`);
      return (await r.json()).value;
    };
    const samples: { fds: number; rss: number }[] = [];
    const { runId } = await call('startRun', {
      repo: repo.module,
      refs: refs.map((s) => s.slice(0, 12)),
      count: COUNT,
      benchtime: ['1x'],
      cpu: [2],
      bench: '.',
    });
    let polls = 0;
    let failedPolls = 0;
    let running = true;
    const poller = (async () => {
      while (running) {
        const t = Date.now();
        try {
          await Promise.all([
            call('runProgress', { runId }),
            polls % 10 === 0 ? call('listRuns', {}) : null,
            polls % 20 === 0 ? call('getRun', { run: runId }) : null,
          ]);
        } catch {
          failedPolls++;
        }
        polls++;
        if (polls % 20 === 0) samples.push({ fds: fds(), rss: process.memoryUsage().rss });
        await new Promise((r) => setTimeout(r, Math.max(0, 50 - (Date.now() - t))));
      }
    })();
    const status = await lab.waitForRun(runId);
    running = false;
    await poller;
    const run = await lab.api.getRun({ run: runId });
    const results = await lab.api.getResults({ run: runId });
    const perCell = new Map<string, number>();
    for (const r of results) perCell.set(`${r.refLabel} ${r.round}`, (perCell.get(`${r.refLabel} ${r.round}`) ?? 0) + 1);
    const perRound = results.filter((r) => r.round === 1 && r.refLabel === run.refs[0].label).length;
    const countWorktrees = () =>
      git(repo.root, 'worktree', 'list', '--porcelain')
        .split('\n')
        .filter((l) => l.startsWith('worktree ')).length - 1;
    // App-owned worktrees are kept for reuse between runs; gc removes them.
    const keptForReuse = countWorktrees();
    await call('gc', { dryRun: false });
    await server.close();
    await lab.close();
    const worktrees = countWorktrees();
    const half = Math.floor(samples.length / 2);
    const early = samples.slice(1, Math.max(2, half));
    const late = samples.slice(half);
    const figures = {
      status,
      results: results.length,
      expected: 3 * COUNT * perRound,
      packages: new Set(results.map((r) => r.pkg)).size,
      polls,
      failedPolls,
      fds: { first: samples[0]?.fds, max: Math.max(...samples.map((s) => s.fds)), last: samples.at(-1)?.fds },
      rssMB: {
        early: Math.round(Math.max(...early.map((s) => s.rss)) / 2 ** 20),
        late: Math.round(Math.max(...late.map((s) => s.rss)) / 2 ** 20),
      },
      appWorktreesKeptForReuse: keptForReuse,
      appWorktreesAfterGc: worktrees,
      processesLeft: processesUnder(data).length,
    };
    recordFigures('load-soak', figures);
    expect(status).toBe('completed');
    expect(figures.packages).toBe(5);
    expect(results.length).toBe(3 * COUNT * perRound);
    expect(new Set(perCell.values())).toEqual(new Set([perRound]));
    expect(failedPolls).toBe(0);
    expect(figures.fds.max - (figures.fds.first ?? 0)).toBeLessThan(30);
    expect(figures.rssMB.late - figures.rssMB.early).toBeLessThan(150);
    expect(figures.processesLeft).toBe(0);
    expect(worktrees).toBe(0);
  });
});
