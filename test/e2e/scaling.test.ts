// The scaling view in a real Chromium through `perflab serve`: a run of two refs at -cpu 1,2
// compared by cpu shows a chart of time per op against -cpu with one line per ref, whose
// numbers (the table under it) are the centers `perflab compare --by cpu --format json` gives;
// the throughput switch inverts them; a comparison by ref offers no scaling chart.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Comparison } from '../../src/shared/compare-types.js';
import { formatBench } from '../../src/renderer/src/model/format.js';
import { cli } from '../helpers/cli.js';
import { commitAll, fixtureRepo, git, tempDir } from '../helpers/fixture-repo.js';
import { launchChromium } from '../helpers/browser.js';
import { startServe } from '../helpers/serve.js';
import { goHash, shootBoth } from './e2e-support.js';

describe('Compare by cpu: the scaling chart', () => {
  let browser: Browser;
  let page: Page;
  let serve: Awaited<ReturnType<typeof startServe>>;
  const data = tempDir();
  const lockDir = tempDir();
  const repo = fixtureRepo('slowdown');
  const pageErrors: string[] = [];
  let runId = '';

  beforeAll(async () => {
    const base = git(repo.root, 'rev-parse', 'HEAD').trim();
    const src = join(repo.module, 'work', 'work.go');
    writeFileSync(src, readFileSync(src, 'utf8').replace('const rounds = 1000', 'const rounds = 1300'));
    const head = commitAll(repo.root, 'work: more rounds');
    expect((await cli(['--data-dir', data, 'repo', 'add', repo.module, '--trust'], { lockDir })).code).toBe(0);
    const r = await cli(
      [
        '--data-dir',
        data,
        'run',
        '--repo',
        repo.module,
        '--ref',
        base,
        '--ref',
        head,
        '--cpu',
        '1,2',
        '--count',
        '3',
        '--benchtime',
        '2000x',
      ],
      { lockDir },
    );
    expect(r.code, r.stderr).toBe(0);
    runId = r.stdout.trim();
    serve = await startServe(data, { ...process.env, PERFLAB_LOCK_DIR: lockDir });
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1400, height: 1000 } })).newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    const r = await serve?.stop();
    expect(r?.code).toBe(0);
    repo.cleanup();
  });

  it('draws time per op against -cpu, one line per ref, with the numbers of compare --by cpu', async () => {
    const r = await cli(['--data-dir', data, 'compare', runId, '--by', 'cpu', '--format', 'json'], { lockDir });
    const want = JSON.parse(r.stdout) as Comparison;
    const tables = want.tables.filter((t) => t.unit === 'sec/op');
    expect(tables.length).toBe(2);
    await page.goto(serve.url);
    await goHash(page, `#/compare?runs=${runId}&by=cpu&unit=sec%2Fop`);
    const panel = page.getByTestId('scaling');
    await panel.locator('.scaling-chart[data-ready="1"]').waitFor();
    expect(await panel.locator('.scaling-chart canvas').count()).toBeGreaterThan(0);
    expect(await page.getByLabel('Scaling benchmark').locator('option').allTextContents()).toEqual(['Slowed', 'Steady']);
    await page.getByLabel('Scaling benchmark').selectOption('Slowed');
    await panel.getByText('As a table').click();
    const table = page.getByTestId('scaling-data');
    expect(await table.locator('thead th').allTextContents()).toEqual(['sec/op', '-cpu 1', '-cpu 2']);
    for (const t of tables) {
      const ref = t.config.find(([k]) => k === 'ref')![1];
      const row = t.rows.find((x) => x.name === 'Slowed')!;
      // columns: '' (1) and '2'
      const expected = [
        row.cells[t.columnKeys.findIndex((k) => k[0] === '')]!,
        row.cells[t.columnKeys.findIndex((k) => k[0] === '2')]!,
      ].map((c) => formatBench(c.center, 'sec/op'));
      expect(await table.locator(`tr[data-line="${ref}"] td`).allTextContents()).toEqual(expected);
    }
    await shootBoth(page, 'compare-scaling');
    await panel.getByText('throughput', { exact: true }).click();
    await expect.poll(() => table.locator('thead th').first().textContent()).toBe('op/s');
    const t0 = tables[0];
    const ref0 = t0.config.find(([k]) => k === 'ref')![1];
    const c1 = t0.rows.find((x) => x.name === 'Slowed')!.cells[t0.columnKeys.findIndex((k) => k[0] === '')]!;
    expect(await table.locator(`tr[data-line="${ref0}"] td`).first().textContent()).toBe(formatBench(1 / c1.center, 'op/s'));
    await panel.getByText('time', { exact: true }).click();
  }, 120_000);

  it('a comparison by ref has no scaling chart', async () => {
    await goHash(page, `#/compare?runs=${runId}&by=ref&unit=sec%2Fop`);
    await page.locator('.cmp-table').first().waitFor();
    expect(await page.getByTestId('scaling').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
