// Flame graph navigation in a real Chromium through `perflab serve`, on a real CPU profile of
// the pprofgen fixture opened as a file: the wheel zooms (the canvas changes), a click zooms
// without scrolling the page, Tab reaches the canvas and the top table's rows, arrows and Enter
// drive the graph, Enter on a row opens Source, search next/previous steps through matches
// and filters the top table, left heavy reorders, and the SVG and HTML exports work (the SVG
// parses as XML, the HTML zooms and searches under its own CSP with nothing loaded).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../helpers/browser.js';
import { tempDir } from '../helpers/fixture-repo.js';
import { startServe } from '../helpers/serve.js';
import { realProfiles } from '../core/pprof/helpers/real-profiles.js';
import { shootBoth } from './e2e-support.js';

describe('flame graph navigation in Chromium', () => {
  let browser: Browser;
  let page: Page;
  let serve: Awaited<ReturnType<typeof startServe>>;
  let cpu = '';
  const pageErrors: string[] = [];
  const canvas = () => page.locator('.flame-panel canvas.flame-canvas');
  const pixels = () => canvas().evaluate((c: HTMLCanvasElement) => c.toDataURL());
  const active = () =>
    page.evaluate(() => {
      const a = document.activeElement as HTMLElement | null;
      return a ? `${a.tagName.toLowerCase()}.${a.className}|${a.dataset.func ?? ''}` : '';
    });

  beforeAll(async () => {
    cpu = (await realProfiles()).cpu;
    serve = await startServe(tempDir());
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1300, height: 850 }, acceptDownloads: true })).newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(serve.url);
    await page.evaluate((p) => {
      window.location.hash = `#/profile?path=${encodeURIComponent(p)}`;
    }, cpu);
    await page.waitForFunction(
      () => Number(document.querySelector('.flame-panel canvas.flame-canvas')?.getAttribute('data-rects')) > 10,
      null,
      { timeout: 60_000 },
    );
    await page.locator('.top-table tbody tr').first().waitFor();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    const r = await serve?.stop();
    expect(r?.code).toBe(0);
  });

  it('zooms with the wheel around the pointer, and a click zooms without scrolling the page', async () => {
    const box = (await canvas().boundingBox())!;
    const before = await pixels();
    await page.mouse.move(box.x + box.width * 0.7, box.y + 18 * 3.5);
    await page.mouse.wheel(0, -400);
    await expect.poll(() => canvas().getAttribute('data-range')).not.toBe('');
    const zoomed = await pixels();
    expect(zoomed).not.toBe(before);
    // A drag pans the zoomed range.
    const range = await canvas().getAttribute('data-range');
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.4, box.y + 18 * 3.5, { steps: 5 });
    await page.mouse.up();
    await expect.poll(() => canvas().getAttribute('data-range')).not.toBe(range);
    expect(await pixels()).not.toBe(zoomed);
    // Zooming back out all the way returns to the whole graph.
    for (let k = 0; k < 6; k++) await page.mouse.wheel(0, 600);
    await expect.poll(() => canvas().getAttribute('data-range')).toBe('');
    expect(await canvas().getAttribute('data-zoom')).toBe('-1');
    expect(await pixels()).toBe(before);

    await page.evaluate(() => window.scrollTo(0, 120));
    const y = await page.evaluate(() => window.scrollY);
    await canvas().click({ position: { x: box.width * 0.7, y: 18 * 2.5 } });
    await expect.poll(() => page.locator('.breadcrumb .crumb').count()).toBeGreaterThan(1);
    await expect.poll(() => page.locator('.top-table tr.selected').count()).toBe(1);
    expect(await page.evaluate(() => window.scrollY)).toBe(y);
    await page.getByRole('button', { name: 'all' }).click();
    await page.evaluate(() => window.scrollTo(0, 0));
  }, 60_000);

  it('reaches the canvas and the top rows with Tab; arrows, Enter and Backspace drive the graph; Enter on a row opens Source, c its callers/callees', async () => {
    await page.getByLabel('Search functions').focus();
    let seen = '';
    for (let k = 0; k < 40 && !seen.startsWith('canvas.flame-canvas'); k++) {
      await page.keyboard.press('Tab');
      seen = await active();
    }
    expect(seen).toMatch(/^canvas\.flame-canvas/);
    const outline = await canvas().evaluate((c) => getComputedStyle(c).outlineStyle);
    expect(outline).toBe('solid');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    const first = Number(await canvas().getAttribute('data-cursor'));
    expect(first).toBeGreaterThan(0);
    await page.locator('.flame-tip:not([hidden])').waitFor();
    expect(await page.locator('.flame-tip').textContent()).toMatch(/total \S+ \(\d+\.\d%\)self \S+ \(\d+\.\d%\)/);
    await page.keyboard.press('ArrowUp');
    expect(Number(await canvas().getAttribute('data-cursor'))).toBeLessThan(first);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect.poll(() => canvas().getAttribute('data-zoom')).toBe(String(first));
    await page.keyboard.press('Backspace');
    await expect.poll(() => canvas().getAttribute('data-zoom')).not.toBe(String(first));

    for (let k = 0; k < 40 && !seen.startsWith('tr.'); k++) {
      await page.keyboard.press('Tab');
      seen = await active();
    }
    expect(seen).toMatch(/^tr\./);
    await page.keyboard.press('ArrowDown');
    const func = (await active()).split('|')[1];
    expect(func).not.toBe(seen.split('|')[1]);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('tab', { name: 'Source' }).getAttribute('aria-selected')).toBe('true');
    await page.locator('.source-table').waitFor();
    expect(await page.locator('.tab-note').textContent()).toBe(`selected: ${func}`);
    // Back to Top by keyboard: c on a row opens its callers and callees.
    await page.getByRole('tab', { name: 'Top' }).focus();
    await page.keyboard.press('Enter');
    await page.locator(`.top-table tbody tr[data-func="${func}"]`).focus();
    await page.keyboard.press('c');
    await expect.poll(() => page.getByRole('tab', { name: 'Callers / callees' }).getAttribute('aria-selected')).toBe('true');
    await page.locator('.sandwich canvas.flame-canvas').first().waitFor();
    expect(page.url()).not.toMatch(/#\/compare/);
    await page.getByRole('tab', { name: 'Top' }).click();
  }, 60_000);

  it('steps through search matches with the buttons and Enter/Shift+Enter, and filters the top table', async () => {
    const search = page.getByLabel('Search functions');
    await search.fill('Fib');
    await expect.poll(() => page.getByTestId('match-share').textContent()).toMatch(/^\d+ frames · /);
    const n = Number(/^(\d+)/.exec((await page.getByTestId('match-share').textContent())!)![1]);
    expect(n).toBeGreaterThan(2);
    // Enter goes to the next match after the selected frame (the tests before left one
    // selected, somewhere in this profile): steps are counted from where it lands.
    const position = async () => {
      const m = /^match (\d+) of (\d+): (.*)$/.exec((await page.getByTestId('match-position').textContent()) ?? '');
      return m ? { k: Number(m[1]), of: Number(m[2]), name: m[3] } : null;
    };
    const at = (k: number) => ((((k - 1) % n) + n) % n) + 1;
    await search.press('Enter');
    await expect.poll(async () => (await position())?.name ?? '').toMatch(/Fib/);
    const first = (await position())!;
    expect(first.of).toBe(n);
    const at1 = await canvas().getAttribute('data-cursor');
    await search.press('Enter');
    await expect.poll(async () => (await position())?.k).toBe(at(first.k + 1));
    expect(await canvas().getAttribute('data-cursor')).not.toBe(at1);
    await search.press('Shift+Enter');
    await expect.poll(async () => (await position())?.k).toBe(first.k);
    expect(await canvas().getAttribute('data-cursor')).toBe(at1);
    await page.getByRole('button', { name: 'Previous match' }).click();
    await expect.poll(async () => (await position())?.k).toBe(at(first.k - 1));
    await page.getByRole('button', { name: 'Next match' }).click();
    await expect.poll(async () => (await position())?.k).toBe(first.k);
    expect(await canvas().getAttribute('data-cursor')).toBe(at1);
    // The top table shows only matching functions.
    const names = await page.locator('.top-table tbody tr').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.func ?? ''));
    expect(names.length).toBeGreaterThan(0);
    expect(names.every((x) => /Fib/.test(x))).toBe(true);
    expect(await page.getByTestId('top-filter').textContent()).toMatch(new RegExp(`^${names.length} of \\d+ functions match`));
    await shootBoth(page, 'profile-search');
    await search.fill('');
    await page.getByRole('button', { name: 'all' }).click();
  }, 60_000);

  it('orders children heaviest first with left heavy', async () => {
    // The root's children in drawing order, walked with the keyboard (what a screen reader
    // hears): up to the root, down to its widest child, left to the first, then right to the last.
    const said = () => page.locator('.flame-panel .flame-wrap > .sr-only[aria-live]').first().textContent();
    const rootChildren = async () => {
      await canvas().focus();
      for (let i = 0; i < 30; i++) await page.keyboard.press('ArrowUp');
      await page.keyboard.press('ArrowDown');
      let text = await said();
      for (let i = 0; i < 100; i++) {
        await page.keyboard.press('ArrowLeft');
        const t = await said();
        if (t === text) break;
        text = t;
      }
      const out: { name: string; pct: number }[] = [];
      for (let i = 0; i < 100; i++) {
        const m = /^(.*): total \S+ \((\d+(?:\.\d)?)%\)/.exec(text ?? '');
        expect(m, text ?? '').not.toBeNull();
        out.push({ name: m![1], pct: Number(m![2]) });
        await page.keyboard.press('ArrowRight');
        const t = await said();
        if (t === text) break;
        text = t;
      }
      return out;
    };
    const byName = await rootChildren();
    expect(byName.length).toBeGreaterThan(0);
    expect(byName.map((c) => c.name)).toEqual(byName.map((c) => c.name).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    await page.getByLabel('Left heavy').check();
    await expect.poll(async () => (await rootChildren()).map((c) => c.pct)).toEqual([...byName.map((c) => c.pct)].sort((a, b) => b - a));
    const heavy = await rootChildren();
    expect(heavy.map((c) => c.name).sort()).toEqual(byName.map((c) => c.name).sort());
    // The first child shown is the heaviest; it changed unless the first by name already was.
    expect(heavy[0].pct).toBe(Math.max(...byName.map((c) => c.pct)));
    if (byName[0].pct < heavy[0].pct) expect(heavy[0].name).not.toBe(byName[0].name);
    await shootBoth(page, 'profile-nav');
    await page.getByLabel('Left heavy').uncheck();
    await expect.poll(async () => (await rootChildren()).map((c) => c.name)).toEqual(byName.map((c) => c.name));
  }, 60_000);

  it('downloads the graph as SVG (well-formed XML) and as HTML that works on its own', async () => {
    const svgDl = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download flame graph as SVG' }).click();
    const svg = readFileSync((await (await svgDl).path())!, 'utf8');
    const parsed = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
      return {
        error: doc.querySelector('parsererror')?.textContent ?? null,
        titles: Array.from(doc.querySelectorAll('g > title')).map((t) => t.textContent ?? ''),
      };
    }, svg);
    expect(parsed.error).toBeNull();
    expect(parsed.titles.some((t) => /^example\.com\/pprofgen\.Fib\ntotal \S+ \(\d+\.\d%\)\nself /.test(t))).toBe(true);

    const htmlDl = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download flame graph as HTML' }).click();
    const dl = await htmlDl;
    expect(dl.suggestedFilename()).toMatch(/-flame\.html$/);
    const file = join(tempDir(), dl.suggestedFilename());
    await dl.saveAs(file);
    const other = await page.context().newPage();
    const problems: string[] = [];
    const requests: string[] = [];
    other.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
    });
    other.on('pageerror', (e) => problems.push(e.message));
    other.on('request', (r) => requests.push(r.url()));
    await other.goto(`file://${file}`);
    const frames = Number(await other.locator('#graph').getAttribute('data-frames'));
    expect(frames).toBeGreaterThan(10);
    await other.locator('#graph .f', { hasText: 'BenchmarkFib' }).first().click();
    await expect.poll(() => other.locator('#crumbs button').count()).toBeGreaterThan(1);
    await other.locator('#q').fill('walk');
    await other.locator('#q').press('Enter');
    await expect.poll(() => other.locator('#count').textContent()).toMatch(/^1 of \d+: .*[Ww]alk/);
    expect(problems).toEqual([]);
    expect(requests.filter((u) => !u.startsWith('file://'))).toEqual([]);
    await other.close();
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
