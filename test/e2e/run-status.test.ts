// What the UI says when a run is canceled and when the lab server goes away, in a real
// Chromium through `perflab serve`: a canceled run's log has no goroutine dump (Go prints one
// on our SIGQUIT; it stays in the stored raw output) and its count of cells is what was stored;
// a failed run made elsewhere shows its outcome in the log; with the server stopped, every view
// says the lab server is unreachable and offers a retry.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { cli } from '../helpers/cli.js';
import { fixtureRepo, tempDir } from '../helpers/fixture-repo.js';
import { launchChromium } from '../helpers/browser.js';
import { startServe } from '../helpers/serve.js';
import { goHash, shootBoth } from './e2e-support.js';

describe('run status in the UI: cancel and an unreachable lab', () => {
  let browser: Browser;
  let page: Page;
  let serve: Awaited<ReturnType<typeof startServe>> | null = null;
  const data = tempDir();
  const lockDir = tempDir('perflab-lock-');
  const env = { ...process.env, PERFLAB_LOCK_DIR: lockDir };
  const repo = fixtureRepo('basic');
  const pageErrors: string[] = [];

  beforeAll(async () => {
    const add = await cli(['--data-dir', data, 'repo', 'add', repo.module, '--trust'], { env });
    expect(add.code, add.stderr).toBe(0);
    serve = await startServe(data, env);
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1300, height: 900 } })).newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
  });

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    repo.cleanup();
  });

  it('cancel: one "canceled" line and no goroutine dump in the log; the count is what was stored', async () => {
    await page.goto(serve!.url);
    await goHash(page, '#/new');
    await page.getByLabel('Benchmark regexp').fill('Join');
    // A ref that does not exist is refused as a chip, with git's reason, before Start.
    await page.getByLabel('Add ref').fill('no-such-branch');
    await page.getByRole('button', { name: 'Add ref' }).click();
    await expect.poll(() => page.getByTestId('ref-error').textContent()).toContain('"no-such-branch" does not name a commit');
    expect(await page.getByRole('button', { name: 'remove no-such-branch' }).count()).toBe(0);
    await page.getByLabel('Add ref').fill('');
    await page.getByLabel('Count', { exact: true }).fill('300');
    await page.getByLabel('Benchtime', { exact: true }).fill('20000x');
    await page.getByLabel('cpu profile').uncheck();
    await expect.poll(() => page.getByTestId('cell-count').textContent(), { timeout: 60_000 }).toBe('300');
    await page.getByRole('button', { name: 'Start run' }).click();
    await page.waitForURL(/#\/run\/\d+$/);
    const runId = Number(/#\/run\/(\d+)$/.exec(page.url())?.[1]);
    // The Run tab is the active one on a run page (not History).
    expect(await page.locator('.mainnav a.active').textContent()).toBe('Run');
    // A few rounds measured (more than 60 rounds draw as a bar with counts), then cancel mid-way.
    await expect
      .poll(async () => Number(/^(\d+)\//.exec((await page.locator('.rounds-bar .small').first().textContent()) ?? '')?.[1] ?? 0), {
        timeout: 90_000,
      })
      .toBeGreaterThanOrEqual(3);
    await page.getByRole('button', { name: 'Cancel run' }).click();
    await expect.poll(() => page.locator('.run-page').getAttribute('data-status'), { timeout: 30_000 }).toBe('canceled');
    const log = (await page.getByTestId('run-log').textContent()) ?? '';
    expect(log).not.toMatch(/goroutine \d+|SIGQUIT|runtime\.|\.go:\d+ \+0x/);
    expect(
      log
        .trim()
        .split('\n')
        .filter((l) => l === 'canceled'),
    ).toHaveLength(1);
    expect(log).not.toMatch(/building .* at /);
    const re = /canceled after (\d+) of (\d+) cells \((\d+) results stored\)/;
    await expect.poll(() => page.locator('.run-page .notice').first().textContent(), { timeout: 10_000 }).toMatch(re);
    const notice = (await page.locator('.run-page .notice').first().textContent()) ?? '';
    const m = re.exec(notice);
    expect(m, notice).not.toBeNull();
    const shown = JSON.parse((await cli(['--data-dir', data, 'show', String(runId), '--format', 'json'], { env })).stdout);
    expect(shown.run.status).toBe('canceled');
    // One benchmark without sub-benchmarks at one -cpu value: a cell is one stored result.
    expect(Number(m![1])).toBe(shown.results.length);
    expect(Number(m![3])).toBe(shown.results.length);
    expect(Number(m![2])).toBe(300);
    // `c` on a run page opens that run's comparison.
    await page.locator('body').press('c');
    await page.waitForURL(new RegExp(`#/compare.*${runId}`));
  }, 180_000);

  it('a failed run made by another process shows its outcome and error in the log, not "No output yet"', async () => {
    // The working tree stops compiling, and the CLI (another lab process: its live log never
    // reaches this server) runs it: the run fails at the build.
    writeFileSync(join(repo.module, 'encode', 'broken.go'), 'package encode\n\nfunc Broken() int { return undefinedName }\n');
    const r = await cli(['--data-dir', data, 'run', '--repo', repo.module, '--bench', 'Join', '--count', '2'], { env });
    rmSync(join(repo.module, 'encode', 'broken.go'));
    expect(r.code, r.stderr).toBe(3);
    const runId = Number(/run (\d+) started/.exec(r.stderr)?.[1]);
    await goHash(page, `#/run/${runId}`);
    await page.locator(`.run-page[data-run="${runId}"][data-status="failed"]`).waitFor();
    const log = (await page.getByTestId('run-log').textContent()) ?? '';
    expect(log).not.toContain('No output yet');
    expect(log).toMatch(new RegExp(`^run ${runId} failed: package \\S*encode does not compile at WORKTREE`));
  }, 180_000);

  it('with the server stopped, every view says the lab server is unreachable and offers a retry', async () => {
    await goHash(page, '#/runs');
    await page.locator('[data-run-id]').first().waitFor();
    const r = await serve!.stop();
    serve = null;
    expect(r.code).toBe(0);
    const banner = page.locator('.unreachable[role="alert"]');
    await banner.waitFor({ timeout: 15_000 });
    for (const hash of ['#/repos', '#/new', '#/runs', '#/compare', '#/profile', '#/investigation', '#/export', '#/help']) {
      await goHash(page, hash);
      await banner.waitFor();
      expect(await banner.textContent()).toContain('The lab server is unreachable');
      expect(await page.getByText('This is a bug in Perflab').count()).toBe(0);
    }
    // Errors of the views themselves name the cause too.
    await goHash(page, '#/runs');
    await expect.poll(() => page.locator('.error-box[data-code="LabUnreachable"]').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await shootBoth(page, 'unreachable');
    await banner.getByRole('button', { name: 'Retry' }).click();
    await page.waitForTimeout(500);
    expect(await banner.isVisible()).toBe(true);
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
