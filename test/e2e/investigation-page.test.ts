// The investigation page in a real Chromium through `perflab serve`, on the wordcount fixture:
// a step verified from the page shows its progress while it runs, then its snapshot and its
// tests; a failing test disables the commit button with the reason naming the test; the fixed
// attempt passes, meets both targets (one of them `allocs/op<=0`) and enables it; the message is
// the improvements shape; a note lands on the latest step.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { cli } from '../helpers/cli.js';
import { fixtureRepo, tempDir } from '../helpers/fixture-repo.js';
import { launchChromium } from '../helpers/browser.js';
import { startServe } from '../helpers/serve.js';
import { goHash, shootBoth } from './e2e-support.js';

const scan = (isSep: string) => `// Package words counts the words of a text, as a word processor's status bar does.
package words

import "unicode"

// Count returns the number of words in text: runs of characters other than white space.
func Count(text string) int {
	n := 0
	inWord := false
	for _, r := range text {
		if ${isSep} {
			inWord = false
		} else if !inWord {
			inWord = true
			n++
		}
	}
	return n
}
`;

describe('the investigation page', () => {
  let browser: Browser;
  let page: Page;
  let serve: Awaited<ReturnType<typeof startServe>>;
  const data = tempDir();
  const repo = fixtureRepo('wordcount');
  const source = join(repo.module, 'words', 'words.go');
  const pageErrors: string[] = [];
  let id = 0;

  beforeAll(async () => {
    const p = (...a: string[]) => cli(['--data-dir', data, ...a], { lockDir: process.env.PERFLAB_LOCK_DIR });
    expect((await p('repo', 'add', repo.module, '--trust')).code).toBe(0);
    const r = await p(
      'investigate',
      'start',
      '--repo',
      repo.module,
      '--title',
      'allocation-free word count',
      '--bench',
      'Count',
      '--pkg',
      './words',
      '--target',
      'Count:-50%',
      '--target',
      'allocs/op<=0',
      '--count',
      '4',
      '--benchtime',
      '1000x',
      '--profile',
      'none',
      '--json',
    );
    expect(r.code, r.stderr).toBe(0);
    id = (JSON.parse(r.stdout) as { id: number }).id;
    serve = await startServe(data);
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(serve.url);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    repo.cleanup();
  });

  const verify = async () => {
    const steps = await page.locator('tr[data-step]').count();
    await page.getByRole('button', { name: 'Verify this change' }).click();
    // While the step runs, its progress shows; then the new row.
    await page.getByTestId('step-progress').waitFor({ timeout: 60_000 });
    await page.locator(`tr[data-step="${steps}"]`).waitFor();
    await expect
      .poll(() => page.locator(`tr[data-step="${steps}"] [data-testid="step-tests"]`).textContent(), { timeout: 120_000 })
      .toMatch(/^(passed|failed)/);
    return page.locator(`tr[data-step="${steps}"]`);
  };

  it('shows a failing test and disables the commit button naming it', async () => {
    writeFileSync(source, scan("r == ' ' || r == '\\n' || (r > 127 && unicode.IsSpace(r))"));
    await goHash(page, `#/investigation/${id}`);
    await page.getByRole('heading', { name: /allocation-free word count/ }).waitFor();
    const commit = page.getByTestId('commit-button');
    expect(await commit.isDisabled()).toBe(true);
    const row = await verify();
    expect(await row.getByTestId('step-tests').textContent()).toBe('failed: example.com/wordcount/words.TestCount');
    expect(await row.locator('td.mono').textContent()).toMatch(/^[0-9a-f]{12} · 1 file$/);
    await expect
      .poll(() => page.getByTestId('commit-blocked').textContent())
      .toMatch(/tests fail at step 1 \(attempt 1\): example\.com\/wordcount\/words\.TestCount/);
    expect(await commit.isDisabled()).toBe(true);
    expect(await commit.getAttribute('title')).toContain('TestCount');
    await shootBoth(page, 'investigation-tests-fail');
  }, 240_000);

  it('the fixed attempt passes, meets allocs/op<=0, and the commit button writes the improvements message', async () => {
    writeFileSync(source, scan('unicode.IsSpace(r)'));
    // this step with 6 rounds instead of the investigation's 4
    await page.getByLabel('Verify rounds').fill('6');
    const row = await verify();
    expect(await row.getByTestId('step-tests').textContent()).toBe('passed');
    const inv = JSON.parse(
      (await cli(['--data-dir', data, 'investigate', 'status', String(id), '--json'], { lockDir: process.env.PERFLAB_LOCK_DIR })).stdout,
    ) as { steps: { runId: number }[] };
    const shown = JSON.parse(
      (
        await cli(['--data-dir', data, 'show', String(inv.steps[inv.steps.length - 1].runId), '--format', 'json'], {
          lockDir: process.env.PERFLAB_LOCK_DIR,
        })
      ).stdout,
    ) as { run: { spec: { count: number } } };
    expect(shown.run.spec.count).toBe(6);
    expect(await row.locator('td.target').allTextContents()).toEqual(expect.arrayContaining([expect.stringMatching(/^met/)]));
    const allocsCol = (await page.locator('.steps-table thead th').allTextContents()).findIndex((h) => h.endsWith('allocs/op'));
    expect(allocsCol).toBeGreaterThan(0);
    expect(await row.locator('td').nth(allocsCol).textContent()).toMatch(/^met/);
    const note = page.getByLabel('Note');
    await note.fill('review: the scan keeps unicode.IsSpace, so tabs and non-ASCII spaces still separate words');
    await page.getByRole('button', { name: 'Add note' }).click();
    await page.locator('.step-notes .note', { hasText: 'review: the scan keeps unicode.IsSpace' }).waitFor();
    const commit = page.getByTestId('commit-button');
    await expect.poll(() => commit.isDisabled(), { timeout: 30_000 }).toBe(false);
    await commit.click();
    const msg = page.locator('.commit-preview .message');
    await msg.waitFor();
    const text = (await msg.textContent()) ?? '';
    expect(text.split('\n').slice(0, 3)).toEqual(['perf: optimize words', '', 'Improvements:']);
    expect(text).toMatch(/^- Allocations: 186 → 0 \(100% reduction\)$/m);
    expect(readFileSync(source, 'utf8')).toBe(scan('unicode.IsSpace(r)'));
    await shootBoth(page, 'investigation-ready');
    expect(pageErrors).toEqual([]);
  }, 240_000);

  it('starts an investigation from the form with targets of any unit, --pkg and no tests', async () => {
    await goHash(page, '#/investigation');
    await page.getByRole('heading', { name: /Investigations/ }).waitFor();
    // The list view learns the repository from the app's selection: pick it on the Repositories view first if needed.
    const form = page.getByRole('form', { name: 'Start an investigation' });
    if (!(await form.isVisible())) {
      await goHash(page, '#/repos');
      await page.getByText(repo.module).first().click();
      await goHash(page, '#/investigation');
    }
    await form.waitFor();
    await page.getByLabel('Investigation title').fill('no allocations');
    await page.getByLabel('Investigation benchmarks').fill('Count');
    await page.getByLabel('Targets').fill('allocs/op<=0\nB/op<=0');
    await page.getByLabel('Investigation packages').fill('./words');
    await page.getByLabel('Investigation tests').selectOption('off');
    await page.getByLabel('Investigation benchtime').fill('100x');
    await page.getByLabel('Investigation count').fill('2');
    await page.getByRole('button', { name: 'Start and measure the baseline' }).click();
    await page.getByRole('heading', { name: /no allocations/ }).waitFor({ timeout: 60_000 });
    const head = (await page.locator('.investigation-page .panel-head').first().textContent()) ?? '';
    expect(head).toContain('packages ./words · tests off');
    expect(head).toContain('every benchmark: allocs/op ≤ 0 · every benchmark: B/op ≤ 0');
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
