// The lab server of `perflab serve` as a hostile web page meets it: API calls need the token,
// a foreign Host (DNS rebinding) or Origin is refused even with the token, and a page served
// from another local port cannot call the API or open the event stream by any means a browser
// offers (fetch with and without credentials, a form POST, an <img>, EventSource): every
// request that reaches the lab is refused, and no run is started.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { cli } from '../helpers/cli.js';
import { fixtureRepo, tempDir } from '../helpers/fixture-repo.js';
import { launchChromium } from '../helpers/browser.js';
import { startServe } from '../helpers/serve.js';
import { foreignSite, rawHttp } from './e2e-support.js';

describe('perflab serve refuses what is not its own page', () => {
  let browser: Browser;
  let serve: Awaited<ReturnType<typeof startServe>>;
  const data = tempDir();
  const repo = fixtureRepo('basic');
  const runs = async () => JSON.parse((await cli(['--data-dir', data, 'runs', '--json'])).stdout) as unknown[];

  beforeAll(async () => {
    // A trusted repository: a startRun that got through would really start a run.
    expect((await cli(['--data-dir', data, 'repo', 'add', repo.module, '--trust'])).code).toBe(0);
    serve = await startServe(data);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    const r = await serve?.stop();
    expect(r?.code).toBe(0);
    repo.cleanup();
  });

  const port = () => Number(new URL(serve.origin).port);
  const own = () => ({ host: `127.0.0.1:${port()}`, 'content-type': 'application/json' });

  it('refuses API calls without the token, and answers with it', async () => {
    const none = await rawHttp(port(), '/api/listRepos', { method: 'POST', headers: own(), body: '{}' });
    expect(none.status).toBe(401);
    expect(JSON.parse(none.body).error.code).toBe('Unauthorized');
    const ok = await rawHttp(port(), '/api/listRepos', {
      method: 'POST',
      headers: { ...own(), 'x-perflab-token': serve.token },
      body: '{}',
    });
    expect(ok.status).toBe(200);
  });

  it('refuses a foreign Host or Origin even with the token, on the API and the event stream', async () => {
    const token = { 'x-perflab-token': serve.token };
    const host = await rawHttp(port(), '/api/listRepos', {
      method: 'POST',
      headers: { ...own(), ...token, host: `evil.example:${port()}` },
      body: '{}',
    });
    expect(host.status).toBe(403);
    const origin = await rawHttp(port(), '/api/listRepos', {
      method: 'POST',
      headers: { ...own(), ...token, origin: 'http://127.0.0.1:1' },
      body: '{}',
    });
    expect(origin.status).toBe(403);
    expect((await rawHttp(port(), '/api/events', { headers: { host: own().host, ...token, origin: 'http://localhost:1' } })).status).toBe(
      403,
    );
    expect((await rawHttp(port(), '/api/events', { headers: { host: own().host } })).status).toBe(401);
    // The positive control: the same stream with the token and no foreign headers opens.
    expect((await rawHttp(port(), '/api/events', { headers: { host: own().host, ...token } })).status).toBe(200);
  });

  it('lets a page on another local port neither call the API nor follow the event stream', async () => {
    const lab = serve.origin;
    const body = JSON.stringify({ repo: repo.module, bench: 'Sum', count: 1, benchtime: ['1x'] });
    const html = `<!doctype html><meta charset="utf-8"><body>
<iframe name="sink"></iframe>
<form id="f" method="POST" action="${lab}/api/startRun" target="sink" enctype="text/plain"><input name='${body.slice(0, -1)},"x":"' value='"}'></form>
<script>
const lab = ${JSON.stringify(lab)};
const out = {};
async function attempt(name, f) { try { const r = await f(); out[name] = 'answered ' + r.type + ' ' + r.status + (r.type === 'opaque' ? '' : ' ' + (await r.text()).slice(0, 80)); } catch (e) { out[name] = 'blocked: ' + e.message; } }
(async () => {
  await attempt('json', () => fetch(lab + '/api/startRun', { method: 'POST', headers: { 'content-type': 'application/json' }, body: ${JSON.stringify(body)} }));
  await attempt('credentials', () => fetch(lab + '/api/startRun', { method: 'POST', credentials: 'include', headers: { 'content-type': 'application/json', 'x-perflab-token': 'guess' }, body: ${JSON.stringify(body)} }));
  await attempt('no-cors', () => fetch(lab + '/api/startRun', { method: 'POST', mode: 'no-cors', credentials: 'include', headers: { 'content-type': 'text/plain' }, body: ${JSON.stringify(body)} }));
  await attempt('events', () => fetch(lab + '/api/events'));
  await attempt('events-no-cors', () => fetch(lab + '/api/events', { mode: 'no-cors', credentials: 'include' }));
  out.img = await new Promise((r) => { const i = new Image(); i.onload = () => r('loaded'); i.onerror = () => r('error'); i.src = lab + '/api/events'; });
  out.eventsource = await new Promise((r) => { const es = new EventSource(lab + '/api/events'); es.onmessage = () => { r('message'); es.close(); }; es.onerror = () => { r('error'); es.close(); }; });
  document.getElementById('f').submit();
  setTimeout(() => { window.done = out; }, 1500);
})();
</script>`;
    const site = await foreignSite(html);
    const page = await browser.newPage();
    const seen: { url: string; method: string; status: number }[] = [];
    // The network stack's view (CDP): the status the lab answered, even where the browser then
    // blocked the response from the page (CORS, CORP) or stopped at the preflight.
    const cdp = await page.context().newCDPSession(page);
    const requests = new Map<string, { url: string; method: string }>();
    cdp.on('Network.requestWillBeSent', (e) => requests.set(e.requestId, { url: e.request.url, method: e.request.method }));
    cdp.on('Network.responseReceivedExtraInfo', (e) => {
      const r = requests.get(e.requestId);
      if (r?.url.startsWith(lab)) seen.push({ ...r, status: e.statusCode });
    });
    await cdp.send('Network.enable');
    try {
      await page.goto(site.origin);
      const out = await page
        .waitForFunction(() => (window as unknown as { done?: Record<string, string> }).done, undefined, { timeout: 20_000 })
        .then((h) => h.jsonValue() as Promise<Record<string, string>>);
      // What the page could learn: nothing (blocked by CORS, or an opaque answer).
      expect(out.json).toMatch(/^blocked/);
      expect(out.credentials).toMatch(/^blocked/);
      expect(out.events).toMatch(/^blocked/);
      // no-cors: at most an opaque answer (Cross-Origin-Resource-Policy even turns it into an error).
      expect(out['no-cors']).toMatch(/^(blocked|answered opaque 0$)/);
      expect(out['events-no-cors']).toMatch(/^(blocked|answered opaque 0$)/);
      expect(out.img).toBe('error');
      expect(out.eventsource).toBe('error');
      // What reached the lab: refused, every time (never a 200, never an open stream). The
      // network events can trail the page's own view on a loaded machine: wait (10 s at most)
      // for the seven requests to be reported.
      for (let waited = 0; seen.length < 7 && waited < 10_000; waited += 100) await new Promise((r) => setTimeout(r, 100));
      expect(seen.length).toBeGreaterThanOrEqual(7);
      for (const s of seen) expect([401, 403], `${s.method} ${s.url}`).toContain(s.status);
      expect(seen.some((s) => s.method === 'POST' && s.url.endsWith('/api/startRun'))).toBe(true);
      expect(seen.filter((s) => s.url.endsWith('/api/events')).length).toBeGreaterThanOrEqual(3);
      expect(seen.some((s) => s.method === 'OPTIONS')).toBe(true);
    } finally {
      await page.close();
      await site.close();
    }
    expect(await runs()).toEqual([]);
  });
});
