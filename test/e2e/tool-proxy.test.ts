// The URL the lab hands out for go tool pprof works in a real browser (Chromium): the token URL
// sets the proxy's cookie and lands on pprof's UI, whose own links (absolute and relative) go
// through; a page of another origin cannot read the tool through the proxy. The trace viewer's
// own requests go through too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startPprofServer } from '../../src/core/go/go-tool-pprof.js';
import { startTraceServer } from '../../src/core/go/go-tool-trace.js';
import { launchChromium } from '../helpers/browser.js';
import { goRunner } from '../core/pprof/helpers/go-run.js';
import { realProfiles } from '../core/pprof/helpers/real-profiles.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
});

describe('go tool trace behind the guard proxy, in Chromium', () => {
  it("the trace viewer's own requests (static files, the trace as JSON) carry the cookie", async () => {
    const go = await goRunner();
    const real = await realProfiles();
    const server = await startTraceServer({ goBin: go.bin, env: go.env, traceFile: real.trace });
    const origin = new URL(server.url).origin;
    try {
      const page = await browser.newPage();
      await page.goto(server.url);
      expect(page.url()).toBe(`${origin}/`);
      const json = page.waitForResponse((r) => r.url().startsWith(`${origin}/jsontrace`), { timeout: 60_000 });
      const viewer = page.waitForResponse((r) => r.url() === `${origin}/static/trace_viewer_full.html`, { timeout: 60_000 });
      await page.goto(`${origin}/trace?view=proc`);
      expect((await viewer).status()).toBe(200);
      expect((await json).status()).toBe(200);
      await page.close();
    } finally {
      await server.close();
    }
  }, 120_000);
});

describe('go tool pprof behind the guard proxy, in Chromium', () => {
  it('opens the UI from the token URL and its links work; another origin is refused', async () => {
    const go = await goRunner();
    const real = await realProfiles();
    const server = await startPprofServer({ goBin: go.bin, env: go.env, file: real.cpu });
    const proxyOrigin = new URL(server.url).origin;
    try {
      const page = await browser.newPage();
      await page.goto(server.url);
      // `/` -> pprof's `/ui` -> `flamegraph`, all through the proxy.
      expect(page.url()).toBe(`${proxyOrigin}/ui/flamegraph`);
      await page.goto(`${proxyOrigin}/ui/top`);
      expect(await page.content()).toContain('example.com/pprofgen.Fib');
      // A page on another origin (localhost is another site than 127.0.0.1): no cookie goes with
      // its request, so the proxy refuses it.
      const other = await browser.newPage();
      await other.goto(`http://localhost:${new URL(server.url).port}/__perflab/nothing`).catch(() => null);
      // The browser's network log shows the status the proxy answered (the page itself only
      // gets an opaque response).
      const answered = other.waitForResponse((r) => r.url() === `${proxyOrigin}/ui/top`);
      await other.evaluate(async (u) => {
        await fetch(u, { mode: 'no-cors', credentials: 'include' }).catch(() => null);
      }, `${proxyOrigin}/ui/top`);
      expect((await answered).status()).toBe(403);
      await page.close();
      await other.close();
    } finally {
      await server.close();
    }
  });
});
