// Serve mode and the Electron shell's policy (security.md, serve mode and Electron), the parts
// the other suites do not cover: a token from a previous server start is refused (401, no side
// effect) on the API and the event stream; and the desktop policy as plain functions: window
// options, forged IPC senders (other window, subframe, null frame, foreign origin), navigation
// and window.open outside the lab server's origin, the openExternal allowlist, path arguments.
// test/server/lab-server.test.ts covers token/Host/Origin/CORS/traversal of one server;
// test/e2e/serve-security.test.ts covers cross-origin pages in Chromium.
import { request } from 'node:http';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLab, type Lab } from '../../src/core/lab.js';
import { startLabServer } from '../../src/server/lab-server.js';
import {
  isAllowedExternal,
  isLabOrigin,
  isToolProxyUrl,
  isTrustedSender,
  isValidClipboardText,
  isValidPathArg,
  parseServerReady,
  webPreferences,
  windowOptions,
} from '../../src/main/policy.js';
import { tempDir } from '../helpers/fixture-repo.js';
import { recordFigures } from './helpers/figures.js';

function post(port: number, path: string, headers: Record<string, string>, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: path === '/api/events' ? 'GET' : 'POST',
        headers: { host: `127.0.0.1:${port}`, 'content-type': 'application/json', ...headers },
      },
      (res) => {
        let b = '';
        res.on('data', (d) => {
          b += d;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: b }));
      },
    );
    req.on('error', reject);
    if (path !== '/api/events') req.write(body);
    req.end();
  });
}

describe('serve mode: a token from a previous start', () => {
  let lab: Lab;
  const staticDir = tempDir();
  beforeAll(() => {
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>t</title>');
    lab = createLab({ dataDir: tempDir(), lockDir: tempDir() });
  });
  afterAll(async () => {
    await lab.close();
  });

  it('is refused with 401 after a restart, on every side-effecting method and the event stream; nothing changes', async () => {
    const first = await startLabServer({ lab, staticDir });
    const old = first.token;
    expect((await post(first.port, '/api/version', { 'x-perflab-token': old }, '{}')).status).toBe(200);
    await first.close();
    const second = await startLabServer({ lab, staticDir });
    expect(second.token).not.toBe(old);
    const before = (await lab.api.listRuns({})).length;
    const attempts: [string, unknown][] = [
      ['importBenchfmt', { files: [{ name: 'a.txt', text: 'BenchmarkA 1 1 ns/op\n' }] }],
      ['addRepo', { path: staticDir, trust: true }],
      ['startRun', { repo: staticDir }],
      ['gc', { dryRun: false }],
      ['deleteRun', { runId: 1 }],
    ];
    // One character off (a token ending in 0 used to be "changed" to itself: 1 run in 16 failed).
    const wrong = `${second.token.slice(0, -1)}${second.token.endsWith('0') ? '1' : '0'}`;
    let accepted = 0;
    for (const [method, input] of attempts) {
      for (const headers of [{ 'x-perflab-token': old }, {}, { 'x-perflab-token': wrong }] as Record<string, string>[]) {
        const r = await post(second.port, `/api/${method}`, headers, JSON.stringify(input));
        if (r.status !== 401) accepted++;
        expect(r.status, `${method} ${JSON.stringify(headers)}`).toBe(401);
        expect(JSON.parse(r.body).error.code).toBe('Unauthorized');
      }
    }
    expect((await post(second.port, '/api/events', { 'x-perflab-token': old }, '')).status).toBe(401);
    expect((await lab.api.listRuns({})).length).toBe(before);
    expect(await lab.api.listRepos({})).toEqual([]);
    expect((await post(second.port, '/api/version', { 'x-perflab-token': second.token }, '{}')).status).toBe(200);
    await second.close();
    recordFigures('serve-old-token', { attempts: attempts.length * 3 + 1, accepted });
  });
});

describe('Electron policy (as functions)', () => {
  const origin = 'http://127.0.0.1:41234';
  it('window options: isolated, sandboxed, no node, web security on, no webview', () => {
    const w = windowOptions('/app/preload/index.cjs', null);
    expect(w.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
    });
    expect(webPreferences('/p').preload).toBe('/p');
    expect(w.show).toBe(false);
  });

  it('forged IPC senders are refused: other window, subframe, null frame, foreign or look-alike origin', () => {
    const ours = 7;
    const ok = { webContentsId: ours, frame: { url: `${origin}/#/runs`, isMainFrame: true } };
    expect(isTrustedSender(ok, ours, origin)).toBe(true);
    const forged = [
      { webContentsId: 8, frame: ok.frame },
      { webContentsId: ours, frame: { url: `${origin}/`, isMainFrame: false } },
      { webContentsId: ours, frame: null },
      { webContentsId: ours, frame: { url: 'http://127.0.0.1:41235/', isMainFrame: true } },
      { webContentsId: ours, frame: { url: 'https://127.0.0.1:41234/', isMainFrame: true } },
      { webContentsId: ours, frame: { url: 'http://127.0.0.1.evil.example:41234/', isMainFrame: true } },
      { webContentsId: ours, frame: { url: 'http://evil.example/', isMainFrame: true } },
      { webContentsId: ours, frame: { url: 'file:///etc/passwd', isMainFrame: true } },
      { webContentsId: ours, frame: { url: 'data:text/html,<script>1</script>', isMainFrame: true } },
      { webContentsId: ours, frame: { url: 'about:blank', isMainFrame: true } },
      { webContentsId: ours, frame: { url: 'not a url', isMainFrame: true } },
    ];
    const accepted = forged.filter((s) => isTrustedSender(s, ours, origin)).length;
    expect(isTrustedSender(ok, null, origin)).toBe(false);
    recordFigures('forged-ipc', { forged: forged.length + 1, accepted });
    expect(accepted).toBe(0);
  });

  it("navigation and window.open: only the lab server's own origin; openExternal: https on the allowlist only", () => {
    for (const u of [`${origin}/`, `${origin}/#/compare?x=1`]) expect(isLabOrigin(u, origin)).toBe(true);
    for (const u of [
      'http://127.0.0.1:41235/',
      'http://localhost:41234/',
      'https://127.0.0.1:41234/',
      'http://[::1]:41234/',
      'javascript:alert(1)',
      'http://user@127.0.0.1:41234.evil.example/',
      'file:///',
      'chrome://settings',
      'http://0.0.0.0:41234/',
    ]) {
      expect(isLabOrigin(u, origin), u).toBe(false);
    }
    for (const u of ['https://go.dev/doc', 'https://pkg.go.dev/testing', 'https://github.com/golang/go/issues/1'])
      expect(isAllowedExternal(u), u).toBe(true);
    for (const u of [
      'http://go.dev/',
      'https://go.dev.evil.example/',
      'https://evil.example/go.dev',
      'https://user:pw@go.dev/',
      'https://go.dev:8443/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://github.com/x',
      'https://github.com.evil.example/',
    ]) {
      expect(isAllowedExternal(u), u).toBe(false);
    }
    // A go tool's guard proxy URL opens in the browser; nothing that merely looks like it does.
    const token = 'A'.repeat(42) + '_';
    expect(isToolProxyUrl(`http://127.0.0.1:40123/__perflab/open?token=${token}`)).toBe(true);
    for (const u of [
      `http://localhost:40123/__perflab/open?token=${token}`,
      `http://127.0.0.1/__perflab/open?token=${token}`,
      `https://127.0.0.1:40123/__perflab/open?token=${token}`,
      `http://127.0.0.1:40123/ui/top?token=${token}`,
      `http://127.0.0.1:40123/__perflab/open?token=${token}&x=1`,
      `http://u:p@127.0.0.1:40123/__perflab/open?token=${token}`,
      'http://127.0.0.1:40123/__perflab/open?token=short',
      `http://10.0.0.1:40123/__perflab/open?token=${token}`,
    ]) {
      expect(isToolProxyUrl(u), u).toBe(false);
    }
  });

  it('native handler inputs and the server-ready message are validated', () => {
    expect(isValidPathArg('/home/u/repo')).toBe(true);
    for (const p of ['', 'relative/path', '/a\0b', 'x'.repeat(5000), 42, null, { toString: () => '/x' }])
      expect(isValidPathArg(p)).toBe(false);
    expect(isValidClipboardText('perf: faster')).toBe(true);
    expect(isValidClipboardText(12)).toBe(false);
    expect(parseServerReady({ type: 'ready', url: `${origin}/#token=${'a'.repeat(64)}`, origin })).toEqual({
      url: `${origin}/#token=${'a'.repeat(64)}`,
      origin,
    });
    for (const m of [
      null,
      'ready',
      { type: 'ready', url: 'http://evil.example/', origin },
      { type: 'ready', url: 'https://127.0.0.1:1/', origin: 'https://127.0.0.1:1' },
      { type: 'ready', url: 'http://evil.example:1/', origin: 'http://evil.example:1' },
    ]) {
      expect(parseServerReady(m)).toBeNull();
    }
  });
});
