// A 3,000-row comparison in a real Chromium through `perflab serve`: the page asks for the view
// (row names and the first rows, never the whole comparison), draws the numbers of `perflab
// compare --format json`, fetches the rows a scroll brings into view (the last row too), and
// re-sorts on the server: the first rows by regressions are the largest slowdowns of the JSON.
// The same run's Run view draws its first numbers from the run's snapshot, not its results.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page, Request } from 'playwright-core';
import type { Comparison } from '../../src/shared/compare-types.js';
import { shownRows } from '../../src/shared/compare-view.js';
import { formatBench } from '../../src/renderer/src/model/format.js';
import { cli } from '../helpers/cli.js';
import { tempDir } from '../helpers/fixture-repo.js';
import { launchChromium } from '../helpers/browser.js';
import { startServe } from '../helpers/serve.js';
import { goHash } from './e2e-support.js';

const ROWS = 3000;

/** A protobuf-like codec module measured at two refs, 5 runs each: 3,000 message shapes; every
 * 7th shape got 10-40% slower at `head`, every 5th 15% faster. */
function benchText(): string {
  const out = ['goos: linux', 'goarch: amd64', 'pkg: example.com/wire/codec', 'cpu: AMD EPYC 7B13'];
  let seed = 11;
  const noise = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return 1 + (seed / 2147483648 - 0.5) * 0.02;
  };
  for (const ref of ['base', 'head']) {
    out.push(`ref: ${ref}`);
    for (let run = 0; run < 5; run++)
      for (let i = 0; i < ROWS; i++) {
        const change = ref === 'base' ? 1 : i % 7 === 0 ? 1.1 + (i % 4) * 0.1 : i % 5 === 0 ? 0.85 : 1;
        const ns = (200 + (i % 97) * 13) * change * noise();
        out.push(`BenchmarkMarshal/msg=${String(i).padStart(4, '0')}/fields=${(i % 12) + 1}-8 100000 ${ns.toFixed(1)} ns/op`);
      }
  }
  return `${out.join('\n')}\n`;
}

describe('Compare: a large comparison, rows as the table scrolls', () => {
  let browser: Browser;
  let page: Page;
  let serve: Awaited<ReturnType<typeof startServe>>;
  const data = tempDir();
  const lockDir = tempDir();
  const pageErrors: string[] = [];
  const asked: { method: string; body: Record<string, unknown> }[] = [];
  let runId = '';
  let want: Comparison;

  beforeAll(async () => {
    const file = join(tempDir(), 'codec.txt');
    writeFileSync(file, benchText());
    const r = await cli(['--data-dir', data, 'import', file, '--label', 'codec'], { lockDir });
    expect(r.code, r.stderr).toBe(0);
    runId = /\d+/.exec(r.stdout)![0];
    const c = await cli(['--data-dir', data, 'compare', runId, '--by', 'ref', '--format', 'json'], { lockDir });
    expect(c.code, c.stderr).toBe(0);
    want = JSON.parse(c.stdout) as Comparison;
    serve = await startServe(data, { ...process.env, PERFLAB_LOCK_DIR: lockDir });
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1400, height: 1000 } })).newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('request', (q: Request) => {
      const m = /\/api\/(\w+)$/.exec(q.url());
      if (m && /^(compare|getResults|runSnapshot)/.test(m[1]))
        asked.push({ method: m[1], body: JSON.parse(q.postData() ?? '{}') as Record<string, unknown> });
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    const r = await serve?.stop();
    expect(r?.code).toBe(0);
  });

  /** The texts a drawn row shows: name, base cell, head cell, delta. */
  async function drawn(name: string): Promise<string[]> {
    const row = page.locator(`.cmp-body .cmp-row[data-row="${name}"]:not([aria-busy])`);
    await row.waitFor({ timeout: 20_000 });
    return row.locator('.td').evaluateAll((els) => els.slice(0, 4).map((e) => (e.querySelector('.v') ?? e).textContent ?? ''));
  }
  const expected = (name: string) => {
    const r = want.tables[0].rows.find((x) => x.name === name)!;
    return [r.name, r.cells[0]!.text, r.cells[1]!.text, r.deltas[1]!.text];
  };

  it('draws the first rows and the counts from the view, without the whole comparison', async () => {
    const t = want.tables[0];
    expect(t.rows).toHaveLength(ROWS);
    await page.goto(serve.url);
    await page.evaluate(() => localStorage.setItem('perflab:compare.sort', JSON.stringify('name')));
    await goHash(page, `#/compare?runs=${runId}&by=ref&unit=sec%2Fop`);
    const answer = await page.waitForResponse((r) => r.url().endsWith('/api/compareView'));
    // Names of 3,000 rows and 200 rows: a tenth of the whole comparison's answer.
    expect((await answer.body()).length).toBeLessThan(ROWS * 120);
    const significant = t.rows.filter((r) => r.deltas.some((d) => d?.significant)).length;
    await expect.poll(() => page.getByTestId('counts').textContent()).toMatch(new RegExp(`^${ROWS} rows · ${significant} significant`));
    expect(await drawn(t.rows[0].name)).toEqual(expected(t.rows[0].name));
    expect(asked.map((a) => a.method)).not.toContain('compare');
  }, 60_000);

  it('fetches the rows a scroll brings into view, down to the last', async () => {
    const t = want.tables[0];
    const body = page.locator('.cmp-body');
    const before = asked.filter((a) => a.method === 'compareViewRows').length;
    await body.evaluate((el) => (el.scrollTop = 1500 * 28));
    expect(await drawn(t.rows[1500].name)).toEqual(expected(t.rows[1500].name));
    await body.evaluate((el) => (el.scrollTop = el.scrollHeight));
    const last = t.rows[ROWS - 1].name;
    expect(await drawn(last)).toEqual(expected(last));
    // The geomean row under the last, as the JSON has it.
    expect(await page.locator('.cmp-row[data-row="geomean"] .td').nth(2).textContent()).toBe(t.geomean!.texts[1]);
    const windows = asked.filter((a) => a.method === 'compareViewRows').slice(before);
    expect(windows.length).toBeGreaterThan(0);
    expect(windows.every((w) => w.body.limit === 200 && (w.body.offset as number) % 200 === 0)).toBe(true);
    // Each block asked once.
    expect(new Set(windows.map((w) => w.body.offset)).size).toBe(windows.length);
  }, 60_000);

  it('sorts on the server: regressions first are the largest slowdowns of the JSON', async () => {
    await page.getByLabel('Sort rows').selectOption('-delta');
    const order = shownRows(want.tables[0], { sort: '-delta', onlySignificant: false });
    await expect.poll(() => page.locator('.cmp-body .cmp-row').first().getAttribute('data-row')).toBe(order[0].name);
    expect(await drawn(order[0].name)).toEqual(expected(order[0].name));
    expect(await drawn(order[1].name)).toEqual(expected(order[1].name));
    expect(asked.filter((a) => a.method === 'compareView').at(-1)).toMatchObject({ body: { sort: '-delta', onlySignificant: false } });
    // Opening a row: its samples, 5 per side.
    await page.locator(`.cmp-row[data-row="${order[0].name}"]`).click();
    await page.getByTestId('row-detail').locator('.distribution-chart[data-ready="1"]').waitFor();
    expect(asked.at(-1)).toMatchObject({ method: 'compareSamples', body: { rowName: order[0].name, tableIndex: 0 } });
    expect(pageErrors).toEqual([]);
  }, 60_000);
  it('opens a row named in the address far below the first rows, and walks on from it with j', async () => {
    const t = want.tables[0];
    const sorted = page.waitForResponse((r) => r.url().endsWith('/api/compareView'));
    await page.getByLabel('Sort rows').selectOption('name');
    await sorted;
    // The row opened before is still selected: the new order keeps it in view.
    await expect.poll(() => page.locator('.cmp-row[aria-selected="true"]').count()).toBe(1);
    const name = t.rows[2345].name;
    await goHash(page, `#/compare?runs=${runId}&by=ref&unit=sec%2Fop&row=${encodeURIComponent(name)}`);
    const detail = page.getByTestId('row-detail');
    await expect.poll(() => detail.locator('h3').textContent()).toContain(name);
    // The table scrolled to it and drew its numbers (its block asked for).
    expect(await drawn(name)).toEqual(expected(name));
    expect(await page.locator(`.cmp-row[data-row="${name}"]`).getAttribute('aria-selected')).toBe('true');
    await page.locator('.cmp-body').focus();
    await page.keyboard.press('j');
    const next = t.rows[2346].name;
    await expect.poll(() => detail.locator('h3').textContent()).toContain(next);
    expect(await page.locator(`.cmp-row[data-row="${next}"]`).getAttribute('aria-selected')).toBe('true');
    expect(await drawn(next)).toEqual(expected(next));
    expect(pageErrors).toEqual([]);
  }, 60_000);
  it("draws the run's first numbers from its snapshot, the first 100 benchmarks and all on request", async () => {
    await goHash(page, `#/run/${runId}`);
    const table = page.locator('table.first-numbers tbody tr');
    await expect.poll(() => table.count()).toBe(100);
    expect(asked.filter((a) => a.method === 'runSnapshot').at(-1)?.body).toEqual({ runId: Number(runId) });
    expect(asked.some((a) => a.method === 'getResults')).toBe(false);
    // Every cell of the grid done: 2 refs x 5 rounds of the one top-level benchmark.
    expect(await page.locator('.gcell.done').count()).toBeGreaterThanOrEqual(10);
    await page.getByRole('button', { name: `Show all ${ROWS.toLocaleString('en')} benchmarks (the first 100 are shown)` }).click();
    await expect.poll(() => table.count()).toBe(ROWS);
    // A row's numbers are its last round's at each ref: the last samples of the comparison's cells.
    const cells = want.tables[0].rows.find((r) => r.name === 'Marshal/msg=2999/fields=12-8')!.cells;
    const row = table.filter({ hasText: 'BenchmarkMarshal/msg=2999/fields=12' });
    expect(await row.locator('td.num').allTextContents()).toEqual(cells.map((c) => formatBench(c!.samples.at(-1)!, 'sec/op')));
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
