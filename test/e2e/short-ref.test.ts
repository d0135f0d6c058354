// A ref typed as a 7-digit commit in the New run form, in a real Chromium through `perflab
// serve`: while the run is running, the live Run view fills that ref's column (cells done, first
// sec/op numbers), because the lab's events, the stored run and the view key the column by the
// one label the ref was typed with; the headers show `name@sha12` (the commit alone for a ref
// typed as a commit).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { cli } from '../helpers/cli.js';
import { commitAll, fixtureRepo, git, tempDir } from '../helpers/fixture-repo.js';
import { launchChromium } from '../helpers/browser.js';
import { startServe } from '../helpers/serve.js';
import { goHash } from './e2e-support.js';

describe('a ref typed as a short commit in the live Run view', () => {
  let browser: Browser;
  let page: Page;
  let serve: Awaited<ReturnType<typeof startServe>>;
  const data = tempDir();
  const repo = fixtureRepo('slowdown');
  const pageErrors: string[] = [];
  let base = '';
  let head = '';
  let repoId = 0;

  beforeAll(async () => {
    base = git(repo.root, 'rev-parse', 'HEAD').trim();
    git(repo.root, 'tag', 'before');
    const src = join(repo.module, 'work', 'work.go');
    writeFileSync(src, readFileSync(src, 'utf8').replace('const rounds = 1000', 'const rounds = 1300'));
    head = commitAll(repo.root, 'work: more rounds');
    expect((await cli(['--data-dir', data, 'repo', 'add', repo.module, '--trust'])).code).toBe(0);
    repoId = (JSON.parse((await cli(['--data-dir', data, 'repo', 'list', '--json'])).stdout) as { id: number }[])[0].id;
    serve = await startServe(data, { ...process.env, PERFLAB_LOCK_DIR: tempDir() });
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
  });

  afterAll(async () => {
    await browser?.close();
    const r = await serve?.stop();
    expect(r?.code).toBe(0);
    repo.cleanup();
  });

  it('fills the column of a 7-digit commit ref while the run is running', async () => {
    const short = head.slice(0, 7);
    await page.goto(serve.url);
    await goHash(page, `#/new?repo=${repoId}`);
    await page.getByLabel('Benchmark regexp').fill('Slowed');
    await expect.poll(() => page.getByTestId('match-count').textContent()).toBe('1');
    await page.getByRole('button', { name: 'remove WORKTREE' }).click();
    for (const ref of ['before', short]) {
      await page.getByLabel('Add ref').fill(ref);
      await page.getByRole('button', { name: 'Add ref' }).click();
      // Each ref is checked by the lab before it joins the matrix (slow on a loaded machine):
      // the next one is typed once this one is in.
      await page.getByRole('button', { name: `remove ${ref}` }).waitFor({ timeout: 60_000 });
    }
    // Long enough that the run is still going when the first numbers of both refs are in.
    await page.getByLabel('Count', { exact: true }).fill('200');
    await page.getByLabel('Benchtime', { exact: true }).fill('50000x');
    await page.getByLabel('cpu profile').uncheck();
    await expect.poll(() => page.getByTestId('cell-count').textContent(), { timeout: 60_000 }).toBe('400');
    await page.getByRole('button', { name: 'Start run' }).click();
    await page.waitForURL(/#\/run\/\d+$/);
    await page.locator('.run-page[data-status="running"]').waitFor({ timeout: 60_000 });

    const numbers = page.locator('.first-numbers');
    await numbers.waitFor({ timeout: 90_000 });
    await expect
      .poll(() => numbers.locator('thead th').evaluateAll((ths) => ths.map((t) => t.getAttribute('data-ref'))), { timeout: 30_000 })
      .toEqual([null, 'before', short, null]);
    const col = 2;
    const value = numbers.locator('tbody tr').first().locator('td').nth(col);
    await expect.poll(() => value.textContent(), { timeout: 90_000 }).toMatch(/\d/);
    const grid = page.locator('.cell-grid tbody tr').first().locator('td').nth(col);
    // 200 rounds are drawn as a bar with counts: `done/total`.
    await expect
      .poll(async () => Number(/^(\d+)\/200/.exec((await grid.textContent()) ?? '')?.[1] ?? 0), { timeout: 30_000 })
      .toBeGreaterThan(0);
    // All of that while the run is still running, not only once it has finished.
    expect(await page.locator('.run-page').getAttribute('data-status')).toBe('running');
    expect(await numbers.locator('thead th').nth(1).textContent()).toBe(`before@${base.slice(0, 12)}`);
    expect(await numbers.locator('thead th').nth(col).textContent()).toBe(short);
    expect(await page.locator('.cell-grid thead th').nth(col).textContent()).toBe(short);

    await page.getByRole('button', { name: 'Cancel run' }).click();
    await expect.poll(() => page.locator('.run-page').getAttribute('data-status'), { timeout: 30_000 }).toBe('canceled');
    expect(pageErrors).toEqual([]);
  }, 240_000);
});
