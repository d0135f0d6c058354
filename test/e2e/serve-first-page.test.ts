// The chain proven in a real browser: `perflab serve` prints a URL; Chromium opens it, lists
// the repository and its benchmarks, starts a run, sees progress and then the results.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { cli } from '../helpers/cli.js';
import { fixtureRepo, tempDir } from '../helpers/fixture-repo.js';
import { launchChromium, SCREENSHOTS } from '../helpers/browser.js';
import { startServe } from '../helpers/serve.js';

describe('perflab serve in Chromium', () => {
  let browser: Browser;
  let serve: Awaited<ReturnType<typeof startServe>>;
  const data = tempDir();
  const repo = fixtureRepo('basic');
  beforeAll(async () => {
    expect((await cli(['--data-dir', data, 'repo', 'add', repo.module])).code).toBe(0);
    serve = await startServe(data);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    const r = await serve?.stop();
    expect(r?.code).toBe(0);
  });

  it('refuses every API call without the token', async () => {
    const r = await fetch(`${serve.origin}/api/listRepos`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(r.status).toBe(401);
  });

  it('lists the repository and its benchmarks, trusts it, runs, shows progress and results', async () => {
    const page = await browser.newPage();
    await page.goto(serve.url);
    expect(page.url()).not.toContain('token=');
    await page.getByRole('button', { name: 'example.com/basic' }).click();
    await expect.poll(() => page.locator('.bench-name').allTextContents()).toContain('BenchmarkFields');
    await page.getByRole('button', { name: 'Trust this repository' }).click();
    await page.getByLabel('Benchmark regexp').fill('Sum|Join');
    await page.getByLabel('Count').fill('3');
    await page.getByLabel('Benchtime').fill('200x');
    await page.getByRole('button', { name: 'Start run' }).click();
    await page.locator('.run-view .status.completed').waitFor({ timeout: 120_000 });
    const rows = await page.locator('.results tbody tr').count();
    expect(rows).toBe(3 * 2);
    await page.screenshot({ path: join(SCREENSHOTS, 'first-page.png'), fullPage: true });
  });
});
