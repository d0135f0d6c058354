// The Findings panel in a real Chromium through `perflab serve`, against the CLI on the same
// run (test/fixtures/logaudit, cpu and mem profiles): the same findings in the same order, each
// with the compiler notes the CLI reports, the compiler build named, and "Save issues"
// downloading the report's tracker issues as one Markdown file.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { FindingsReport } from '../../src/shared/profile-types.js';
import { cli } from '../helpers/cli.js';
import { fixtureRepo, tempDir } from '../helpers/fixture-repo.js';
import { launchChromium } from '../helpers/browser.js';
import { startServe } from '../helpers/serve.js';
import { goHash } from './e2e-support.js';

describe('the Findings panel', () => {
  let browser: Browser;
  let page: Page;
  let serve: Awaited<ReturnType<typeof startServe>>;
  const data = tempDir();
  const lockDir = tempDir();
  const repo = fixtureRepo('logaudit');
  const pageErrors: string[] = [];
  let runId = 0;
  let want: FindingsReport;

  beforeAll(async () => {
    const p = (...a: string[]) => cli(['--data-dir', data, ...a], { lockDir });
    expect((await p('repo', 'add', repo.module, '--trust')).code).toBe(0);
    const r = await p(
      'run',
      '--repo',
      repo.module,
      '--bench',
      'Fields|Row|Normalize',
      '--count',
      '1',
      '--benchtime',
      '10x',
      '--profile',
      'cpu,mem',
      '--profile-benchtime',
      '300ms',
      '--json',
    );
    expect(r.code, r.stderr).toBe(0);
    runId = (JSON.parse(r.stdout) as { id: number }).id;
    const f = await p('findings', String(runId), '--format', 'json');
    expect(f.code, f.stderr).toBe(0);
    want = JSON.parse(f.stdout) as FindingsReport;
    serve = await startServe(data, { ...process.env, PERFLAB_LOCK_DIR: lockDir });
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1400, height: 900 }, acceptDownloads: true })).newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    const r = await serve?.stop();
    expect(r?.code).toBe(0);
    repo.cleanup();
  });

  it('shows the findings the CLI reports, with their compiler notes, and saves the issues', async () => {
    expect(want.findings.length, want.markdown).toBeGreaterThan(0);
    expect(want.issues.length, want.markdown).toBeGreaterThan(0);
    expect(want.compiler?.unavailable).toBeNull();
    await page.goto(serve.url);
    await goHash(page, `#/run/${runId}`);
    const panel = page.locator('section.panel', { has: page.getByRole('heading', { name: /^Findings/ }) });
    const rows = panel.locator('tbody tr[title]');
    await expect
      .poll(() => rows.evaluateAll((rs) => rs.map((r) => r.getAttribute('title'))), { timeout: 60_000 })
      .toEqual(want.findings.map((x) => x.title));
    expect(await rows.evaluateAll((rs) => rs.map((r) => r.getAttribute('data-location')))).toEqual(want.findings.map((x) => x.location));
    await expect.poll(() => panel.getByTestId('compiler-evidence').textContent()).toContain(want.compiler!.command);

    // Details of the first finding with notes: the same compiler notes as the CLI's.
    const k = want.findings.findIndex((x) => x.compiler.length > 0);
    expect(k).toBeGreaterThanOrEqual(0);
    await panel.getByRole('button', { name: `details of ${want.findings[k].title}` }).click();
    const notes = panel.getByRole('list', { name: 'compiler notes' });
    await expect
      .poll(() => notes.locator('li').allTextContents())
      .toEqual(want.findings[k].compiler.map((n) => `${n.kind} ${n.location} ${n.text}`));

    const save = panel.getByRole('button', { name: `Save issues (${want.issues.length})` });
    const [download] = await Promise.all([page.waitForEvent('download'), save.click()]);
    expect(download.suggestedFilename()).toBe(`run${runId}-perf-issues.md`);
    const text = readFileSync(await download.path(), 'utf8');
    expect([...text.matchAll(/^# (perf: .*)$/gm)].map((m) => m[1])).toEqual(want.issues.map((i) => i.title));
    for (const i of want.issues) expect(text).toContain(i.body.trimEnd());
    expect(pageErrors).toEqual([]);
  });
});
