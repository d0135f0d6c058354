// The lab's UI end to end, in a real Chromium through `perflab serve` (the same renderer the
// desktop window shows): add a fixture repository and trust it, build a matrix of 2 refs x 2
// benchmarks x 5 rounds with CPU profiles (the second commit makes BenchmarkSum slower), watch
// it finish (leaving the view and coming back), check the Compare table against
// `perflab compare RUN --by ref --format json`, open a row's distribution chart, the flame
// graph (zoom, search, diff mode), copy the commit message; screenshots of every view in light
// and dark go to test-output/screenshots/.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Comparison } from '../../src/shared/compare-types.js';
import type { FindingsReport } from '../../src/shared/profile-types.js';
import { cli } from '../helpers/cli.js';
import { commitAll, fixtureRepo, git, tempDir } from '../helpers/fixture-repo.js';
import { launchChromium } from '../helpers/browser.js';
import { startServe } from '../helpers/serve.js';
import { goHash, shootBoth } from './e2e-support.js';

describe('the lab UI in Chromium through perflab serve', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let serve: Awaited<ReturnType<typeof startServe>>;
  let runId = 0;
  const data = tempDir();
  const repo = fixtureRepo('basic');
  const pageErrors: string[] = [];

  beforeAll(async () => {
    // A second commit that makes BenchmarkSum slower: the comparison must find it.
    git(repo.root, 'tag', 'before');
    const src = join(repo.module, 'parse', 'parse.go');
    // Several dependent operations per byte: about 5x slower, far beyond the noise of a busy machine.
    writeFileSync(
      src,
      readFileSync(src, 'utf8').replace(
        't += uint64(c)',
        't += uint64(c)\n\t\tfor k := 0; k < 6; k++ {\n\t\t\tt ^= t >> 3\n\t\t\tt += t << 1\n\t\t}',
      ),
    );
    commitAll(repo.root, 'slower Sum');
    serve = await startServe(data);
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: serve.origin });
    page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
  });

  afterAll(async () => {
    await browser?.close();
    const r = await serve?.stop();
    expect(r?.code).toBe(0);
    repo.cleanup();
  });

  it('opens without the token in the address bar, adds the repository by path and trusts it', async () => {
    await page.goto(serve.url);
    expect(page.url()).not.toContain('token=');
    await page.getByText('No repositories yet').waitFor();
    await shootBoth(page, 'repos-empty');
    const path = page.getByLabel('Repository path');
    await path.fill('relative/dir');
    await path.blur();
    await expect.poll(() => page.locator('.field-error').first().textContent()).toContain('absolute path');
    await path.fill(join(repo.root, 'nope'));
    await page.getByRole('button', { name: 'Add repository' }).click();
    await page.locator('.error-box').waitFor();
    expect(await page.locator('.error-box').textContent()).toMatch(/does not exist/);
    await path.fill(repo.module);
    await page.getByRole('button', { name: 'Add repository' }).click();
    const prompt = page.getByRole('region', { name: 'Trust this repository' });
    await prompt.waitFor();
    expect(await prompt.textContent()).toContain('runs them on this machine as you');
    await expect.poll(() => page.locator('.bench-name').allTextContents()).toContain(' BenchmarkFields');
    // Before trust the names come from the static scan; after it, from each test binary's -test.list.
    expect((await page.locator('.tree-pkg').allTextContents()).join('\n')).toContain('static scan');
    await shootBoth(page, 'repos-trust');
    await prompt.getByRole('button', { name: 'Trust this repository' }).click();
    await prompt.waitFor({ state: 'detached' });
    await expect
      .poll(() => page.locator('.tree-pkg').allTextContents(), { timeout: 60_000 })
      .toContainEqual(expect.stringContaining('go test -list'));
    await page.getByLabel('Filter benchmarks').fill('sum');
    await expect.poll(() => page.locator('.bench-name').allTextContents()).toEqual([' BenchmarkSum']);
    await page.getByLabel('Filter benchmarks').fill('');
    await shootBoth(page, 'repos');
  });

  it('builds a 2 refs x 2 benchmarks x 5 rounds matrix with CPU profiles and watches it finish', async () => {
    await page.getByRole('button', { name: /^New run/ }).click();
    await page.getByLabel('Benchmark regexp').fill('Sum|Join');
    await expect.poll(() => page.getByTestId('match-count').textContent()).toBe('2');
    await page.getByLabel('Benchmark regexp').fill('Sum(?=x)');
    await expect.poll(() => page.locator('.field-error').first().textContent()).toContain('Sum(?=x)');
    await page.getByLabel('Benchmark regexp').fill('Sum|Join');
    await page.getByRole('button', { name: 'remove WORKTREE' }).click();
    for (const ref of ['before', 'main']) {
      await page.getByLabel('Add ref').fill(ref);
      await page.getByRole('button', { name: 'Add ref' }).click();
      // The lab checks the ref before it becomes a chip.
      await page.getByRole('button', { name: `remove ${ref}` }).waitFor();
    }
    await page.getByLabel('Count', { exact: true }).fill('5');
    await page.getByLabel('Benchtime', { exact: true }).fill('1000x');
    await page.getByLabel('cpu profile').check();
    await page.getByLabel('Profile benchtime').fill('300ms');
    await expect.poll(() => page.getByTestId('cell-count').textContent(), { timeout: 60_000 }).toBe('20');
    const command = await page.getByTestId('command-line').textContent();
    expect(command).toBe(
      `perflab run --repo ${repo.module} --bench 'Sum|Join' --ref before --ref main --count 5 --benchtime 1000x --profile cpu --profile-benchtime 300ms`,
    );
    await shootBoth(page, 'new-run');
    await page.getByRole('button', { name: 'Start run' }).click();
    await page.waitForURL(/#\/run\/\d+$/);
    runId = Number(/#\/run\/(\d+)$/.exec(page.url())?.[1]);
    expect(runId).toBeGreaterThan(0);
    // First numbers arrive; leave the view and come back: nothing is lost.
    await page.locator('.cell-grid .gcell.done').first().waitFor({ timeout: 120_000 });
    await shootBoth(page, 'run-live');
    const before = await page.locator('.cell-grid .gcell.done').count();
    await goHash(page, '#/runs');
    await page.locator(`[data-run-id="${runId}"]`).waitFor();
    await goHash(page, `#/run/${runId}`);
    await page.locator('.cell-grid .gcell.done').first().waitFor();
    expect(await page.locator('.cell-grid .gcell.done').count()).toBeGreaterThanOrEqual(before);
    await page.locator('.run-page:not([data-status="running"]):not([data-status="queued"])').waitFor({ timeout: 180_000 });
    const status = await page.getByTestId('run-status').textContent();
    expect(status, `run ${runId}: ${await page.locator('.run-page .notice, .run-page .error-box').allTextContents()}`).toBe('completed');
    await expect.poll(() => page.locator('.cell-grid .gcell.done').count()).toBe(20);
    expect(await page.locator('.first-numbers tbody tr').count()).toBe(2);
    // The Findings panel lists what `perflab findings` reports, in the same order.
    const fr = await cli(['--data-dir', data, 'findings', String(runId), '--format', 'json']);
    expect(fr.code, fr.stderr).toBe(0);
    const want = JSON.parse(fr.stdout) as FindingsReport;
    const panel = page.locator('section.panel', { has: page.getByRole('heading', { name: /^Findings/ }) });
    await panel.waitFor();
    if (want.findings.length === 0) await panel.getByText('No findings').waitFor();
    else
      await expect
        .poll(() => panel.locator('tbody tr[title]').evaluateAll((rows) => rows.map((r) => r.getAttribute('title'))))
        .toEqual(want.findings.map((x) => x.title));
    await shootBoth(page, 'run');
  }, 240_000);

  it('shows the numbers of perflab compare --by ref --format json, colours the slower Sum, and draws every sample of a row', async () => {
    const r = await cli(['--data-dir', data, 'compare', String(runId), '--by', 'ref', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const want = JSON.parse(r.stdout) as Comparison;
    await page.getByRole('button', { name: 'Compare', exact: true }).click();
    await page.locator('.cmp-table').first().waitFor();
    const units = [...new Set(want.tables.map((t) => t.unit))];
    expect(await page.getByRole('tab').allTextContents()).toEqual(units);
    let checked = 0;
    for (const unit of units) {
      await page.getByRole('tab', { name: unit, exact: true }).click();
      for (const [index, t] of want.tables.entries()) {
        if (t.unit !== unit) continue;
        const section = page.locator(`.cmp-section[data-table="${index}"]`);
        await section.waitFor();
        expect(await section.locator('.cmp-head .th').allTextContents()).toEqual(expect.arrayContaining([...t.columns]));
        for (const row of t.rows) {
          const el = section.locator(`[data-row="${row.name}"]`);
          expect(await el.locator('.td.cell .v').allTextContents()).toEqual(row.cells.map((c) => c?.text ?? ''));
          for (const [ci, d] of row.deltas.entries()) {
            if (!d) continue;
            expect(await el.locator(`.td.delta[data-col="${ci}"] .v`).textContent()).toBe(d.text);
            expect(
              await el
                .locator('.td.pn')
                .nth(ci - 1)
                .textContent(),
            ).toBe(d.nText);
            if (d.ciText)
              expect(
                await el
                  .locator('.td.ci')
                  .nth(ci - 1)
                  .textContent(),
              ).toBe(d.ciText);
            // the verdict badge per row: the engine's state, its one-line reason as the tooltip
            const badge = el.locator('.td.verdict-cell').nth(ci - 1);
            expect(await badge.getAttribute('data-verdict')).toBe(d.verdict.state);
            expect(await badge.locator('.verdict').getAttribute('title')).toBe(d.verdict.text);
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThanOrEqual(want.tables.reduce((n, t) => n + t.rows.length, 0));
    // The slower Sum: a significant regression in sec/op, shown as such.
    await page.getByRole('tab', { name: 'sec/op', exact: true }).click();
    const sum = want.tables.flatMap((t) => t.rows).find((x) => x.name.startsWith('Sum') && x.deltas[1]?.significant);
    expect(sum, 'Sum-2 is significantly slower at main').toBeDefined();
    const sumRow = page.locator(`[data-row="${sum!.name}"]`);
    expect(await sumRow.locator('.td.delta').getAttribute('class')).toContain('worse');
    await shootBoth(page, 'compare');
    // The table came without samples; opening the row asks for its own, every one of them.
    const asked = page.waitForResponse((r) => r.url().endsWith('/api/compareSamples'));
    await sumRow.click();
    const answer = (await (await asked).json()) as { ok: boolean; value: { columns: string[]; samples: number[][] } };
    expect(answer.ok).toBe(true);
    expect(answer.value.columns).toEqual(want.tables.find((t) => t.rows.includes(sum!))!.columns);
    expect(answer.value.samples).toEqual(sum!.cells.map((c) => c?.samples ?? []));
    const chart = page.locator('.distribution-chart[data-ready="1"]');
    await chart.waitFor();
    expect(await chart.locator('canvas').count()).toBeGreaterThan(0);
    await page.getByLabel('Only significant').check();
    await expect
      .poll(() => page.locator('.cmp-body .cmp-row').count())
      .toBeLessThan(want.tables.reduce((n, t) => n + t.rows.length + (t.geomean ? 1 : 0), 0));
    await page.getByLabel('Only significant').uncheck();
    await sumRow.click();
    await chart.waitFor();
    await shootBoth(page, 'compare-row');
  }, 120_000);

  it('draws the CPU profile on canvas: zooms on click, searches a function, switches to diff mode', async () => {
    // From the Compare row of Sum, as a user goes from "what changed" to "why".
    await goHash(page, `#/compare?runs=${runId}&by=ref&unit=sec%2Fop`);
    await page.locator('[data-row^="Sum"]').first().click();
    await page.getByRole('button', { name: /^Profiles of BenchmarkSum/ }).click();
    const canvas = page.locator('.flame-panel canvas.flame-canvas');
    await expect.poll(async () => Number(await canvas.getAttribute('data-rects')), { timeout: 60_000 }).toBeGreaterThan(2);
    const box = (await canvas.boundingBox())!;
    await canvas.hover({ position: { x: box.width * 0.5, y: 18 * 1.5 } });
    await page.locator('.flame-tip:not([hidden])').waitFor();
    expect(await page.locator('.flame-tip').textContent()).toMatch(/total \S+ \(\d+\.\d%\)self \S+ \(\d+\.\d%\)/);
    await canvas.click({ position: { x: box.width * 0.5, y: 18 * 2.5 } });
    await expect.poll(() => page.locator('.breadcrumb .crumb').count()).toBeGreaterThan(1);
    await page.getByLabel('Search functions').fill('parse.Sum');
    await expect.poll(() => page.getByTestId('match-share').textContent()).toMatch(/^[1-9]\d* frames? · \d+\.\d\d% of total$/);
    await shootBoth(page, 'profile');
    await page.getByLabel('Search functions').fill('');
    await page.getByRole('button', { name: 'Diff mode' }).click();
    await page.locator('.flame-wrap.diff canvas[data-rects]').waitFor({ timeout: 60_000 });
    expect(await page.locator('.diff-legend').textContent()).toContain('grew');
    await page.getByRole('button', { name: 'Absolute' }).click();
    // Per op by default, labelled so; raw totals on request.
    await expect.poll(() => page.getByTestId('diff-normalization').textContent()).toMatch(/^per op: each profile ÷ the iterations/);
    // "Diff against" offers only profiles of this benchmark and kind that exist.
    const options = (await page.getByLabel('Diff against').locator('option').allTextContents()).slice(1);
    expect(options.length).toBeGreaterThan(0);
    for (const o of options) expect(o).toMatch(/^(ref before|run #\d+ .*)$/);
    await shootBoth(page, 'profile-diff');
    await page.getByRole('button', { name: 'Raw totals' }).click();
    await expect.poll(() => page.getByTestId('diff-normalization').textContent()).toMatch(/^raw totals/);
    await page.getByRole('button', { name: 'Per op' }).click();
    await expect.poll(() => page.getByTestId('diff-normalization').textContent()).toMatch(/^per op/);
    // A choice that cannot be loaded clears the old diff and says why.
    const here = new URL(page.url()).hash;
    await goHash(page, `${here.replace(/&?base(Run|Ref)=[^&]*/g, '')}&baseRun=999999`);
    await page.getByTestId('diff-failed').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('diff-failed').textContent()).toMatch(/No diff against this choice: .*999999/);
    expect(await page.locator('.flame-wrap.diff canvas').count()).toBe(0);
    await goHash(page, here);
    await page.locator('.flame-wrap.diff canvas[data-rects]').waitFor({ timeout: 60_000 });
    await page.getByRole('tab', { name: 'Top' }).click();
    const sumRow = page.locator('.top-table tbody tr[data-func$="parse.Sum"]');
    await sumRow.waitFor();
    await sumRow.click();
    expect(await sumRow.getAttribute('class')).toContain('selected');
    await page.getByRole('tab', { name: 'Callers / callees' }).click();
    await page.locator('.sandwich canvas').first().waitFor();
    await shootBoth(page, 'profile-sandwich');
  }, 120_000);

  it('copies the commit message and offers raw downloads', async () => {
    await goHash(page, `#/export/${runId}`);
    const text = page.getByTestId('commit-text');
    await text.waitFor({ timeout: 60_000 });
    const shown = (await text.textContent()) ?? '';
    expect(shown).toMatch(/^perf/);
    await page.getByRole('button', { name: 'Copy commit message' }).click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(shown);
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download CSV' }).click();
    expect((await download).suggestedFilename()).toMatch(/\.csv$/);
    const profile = page.waitForEvent('download');
    await page.getByRole('button', { name: /^download cpu profile of BenchmarkSum at main/ }).click();
    const saved = await (await profile).path();
    expect(readFileSync(saved).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    const flame = page.waitForEvent('download');
    await page.getByRole('button', { name: /^download cpu flame graph of BenchmarkSum at main as SVG/ }).click();
    const svg = readFileSync((await (await flame).path())!, 'utf8');
    expect(svg).toMatch(/^<\?xml [^>]*\?>\n<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg).toContain('parse.Sum\ntotal ');
    await shootBoth(page, 'export');
  }, 90_000);

  it('shows a second run queued behind the first, and cancels both', async () => {
    const start = async () => {
      await goHash(page, '#/new');
      await page.getByLabel('Benchmark regexp').fill('Join');
      await page.getByLabel('Count', { exact: true }).fill('300');
      await page.getByLabel('Benchtime', { exact: true }).fill('20000x');
      await page.getByLabel('cpu profile').uncheck();
      await expect.poll(() => page.getByTestId('cell-count').textContent(), { timeout: 60_000 }).toBe('600');
      await page.getByRole('button', { name: 'Start run' }).click();
      await page.waitForURL(/#\/run\/\d+$/);
      return Number(/#\/run\/(\d+)$/.exec(page.url())?.[1]);
    };
    const first = await start();
    await page.locator('.run-page[data-status="running"]').waitFor({ timeout: 60_000 });
    const second = await start();
    expect(second).toBeGreaterThan(first);
    await page.locator('.run-page[data-status="queued"]').waitFor({ timeout: 30_000 });
    await expect.poll(() => page.locator('.notice').first().textContent()).toContain(`run ${first}`);
    await shootBoth(page, 'run-queued');
    // Cancel the queued run, then the running one; both end canceled and the views say so.
    await page.getByRole('button', { name: 'Cancel run' }).click();
    await goHash(page, `#/run/${first}`);
    await page.locator(`.run-page[data-run="${first}"]`).waitFor();
    await page.getByRole('button', { name: 'Cancel run' }).click();
    await expect.poll(() => page.locator('.run-page').getAttribute('data-status'), { timeout: 30_000 }).toBe('canceled');
    await goHash(page, `#/run/${second}`);
    await page.locator(`.run-page[data-run="${second}"]`).waitFor();
    await expect.poll(() => page.locator('.run-page').getAttribute('data-status'), { timeout: 30_000 }).toBe('canceled');
  }, 120_000);

  it('shows history, investigations and the keyboard help, and has no page errors', async () => {
    const names = page.waitForResponse((r) => r.url().endsWith('/api/benchmarkNames'));
    await goHash(page, '#/runs');
    await page.locator(`[data-run-id="${runId}"]`).waitFor();
    // The benchmark picker: the names of the newest run with results (the queued run's
    // BenchmarkJoin here), asked for by name, not by reading the run's results.
    const answer = (await (await names).json()) as { ok: boolean; value: string[] };
    expect(answer.ok).toBe(true);
    expect(answer.value.length).toBeGreaterThan(0);
    expect(answer.value.every((n) => n.startsWith('Benchmark'))).toBe(true);
    expect([...new Set(answer.value)].sort()).toEqual(answer.value);
    await expect
      .poll(() => page.locator('#bench-names option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value)))
      .toEqual(answer.value);
    await shootBoth(page, 'history');
    await goHash(page, '#/investigation');
    await page.getByRole('heading', { name: /Investigations/ }).waitFor();
    await shootBoth(page, 'investigations');
    await page.locator('body').press('?');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await shootBoth(page, 'help');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.keyboard.press('c');
    await page.waitForURL(/#\/compare/);
    expect(pageErrors).toEqual([]);
  });
});
