// The guard proxy in front of go tool pprof and go tool trace (DNS rebinding, issue 12), with
// the real tools on real profiles: the URL handed out works in a browser's way (token ->
// cookie -> pages); a request with another Host, without the cookie, with a wrong token or
// marked cross-site is refused; both the proxy and the tool are gone after close.
import { beforeAll, describe, expect, it } from 'vitest';
import { startPprofServer } from '../../../src/core/go/go-tool-pprof.js';
import { startTraceServer } from '../../../src/core/go/go-tool-trace.js';
import { TOOL_PROXY_OPEN_PATH } from '../../../src/core/go/tool-proxy.js';
import { openToolSession, rawGet } from '../../helpers/tool-session.js';
import { goRunner } from '../pprof/helpers/go-run.js';
import { groupMembers, listeningAddresses } from '../pprof/helpers/procs.js';
import { realProfiles, type RealProfiles } from '../pprof/helpers/real-profiles.js';

let real: RealProfiles;
beforeAll(async () => {
  real = await realProfiles();
}, 120_000);

describe('the guard proxy of go tool pprof', () => {
  it('serves the UI with a good Host and its cookie, refuses everything else, and closes with the tool', async () => {
    const go = await goRunner();
    const server = await startPprofServer({ goBin: go.bin, env: go.env, file: real.cpu });
    const proxyPort = Number(new URL(server.url).port);
    const toolPort = Number(new URL(server.toolUrl).port);
    try {
      expect(server.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:\\d+${TOOL_PROXY_OPEN_PATH}\\?token=[A-Za-z0-9_-]{43}$`));
      expect(proxyPort).not.toBe(toolPort);
      // The tool itself listens on loopback only; the proxy is the lab's own socket.
      expect(listeningAddresses(groupMembers(server.pid))).toEqual([`127.0.0.1:${toolPort}`]);

      const s = await openToolSession(server.url);
      expect(s.cookie).toMatch(new RegExp(`^perflab_tool_${proxyPort}=`));
      const top = await s.get('/ui/top', { host: `127.0.0.1:${proxyPort}` });
      expect(top.status).toBe(200);
      expect(top.body).toContain('example.com/pprofgen.Fib');
      expect((await s.get('/ui/top', { host: `localhost:${proxyPort}` })).status).toBe(200);
      // pprof's own redirect comes through as a path on the proxy.
      const root = await s.get('/', { host: `127.0.0.1:${proxyPort}` });
      expect(root.status).toBe(307);
      expect(root.headers.location).toBe('/ui');

      // DNS rebinding: the browser sends the attacker's name as Host, with or without the cookie.
      const evil = await s.get('/ui/top', { host: 'evil.example' });
      expect(evil.status).toBe(421);
      expect(evil.body).not.toContain('pprofgen');
      expect((await s.get('/ui/top', { host: `evil.example:${proxyPort}` })).status).toBe(421);
      expect((await s.get('/ui/top', { host: `127.0.0.1:${toolPort}` })).status).toBe(421);
      expect((await rawGet(server.url, { host: 'evil.example' })).status).toBe(421);
      // No cookie, a wrong cookie, a wrong token, a cross-site request.
      const bare = await rawGet(`${s.origin}/ui/top`, { host: `127.0.0.1:${proxyPort}` });
      expect(bare.status).toBe(403);
      expect(bare.body).not.toContain('pprofgen');
      expect((await rawGet(`${s.origin}/ui/top`, { host: `127.0.0.1:${proxyPort}`, cookie: `perflab_tool_${proxyPort}=x` })).status).toBe(
        403,
      );
      expect((await rawGet(`${s.origin}${TOOL_PROXY_OPEN_PATH}?token=${'A'.repeat(43)}`, { host: `127.0.0.1:${proxyPort}` })).status).toBe(
        403,
      );
      expect((await s.get('/ui/top', { host: `127.0.0.1:${proxyPort}`, 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    } finally {
      await server.close();
    }
    expect(groupMembers(server.pid)).toEqual([]);
    await expect(fetch(`http://127.0.0.1:${proxyPort}/`)).rejects.toThrow();
    await expect(fetch(server.toolUrl)).rejects.toThrow();
  });

  it('closes the proxy when the tool dies on its own', async () => {
    const go = await goRunner();
    const server = await startPprofServer({ goBin: go.bin, env: go.env, file: real.cpu });
    process.kill(-server.pid, 'SIGKILL');
    await server.done;
    await server.close();
    await expect(fetch(server.url, { redirect: 'manual' })).rejects.toThrow();
  });
});

describe('the guard proxy of go tool trace', () => {
  it('serves the trace viewer with a good Host and refuses another', async () => {
    const go = await goRunner();
    const server = await startTraceServer({ goBin: go.bin, env: go.env, traceFile: real.trace });
    const proxyPort = Number(new URL(server.url).port);
    try {
      const s = await openToolSession(server.url);
      const page = await s.get('/', { host: `127.0.0.1:${proxyPort}` });
      expect(page.status).toBe(200);
      expect(page.body).toMatch(/goroutine/i);
      const evil = await s.get('/', { host: 'evil.example' });
      expect(evil.status).toBe(421);
      expect((await rawGet(`${s.origin}/`, { host: `127.0.0.1:${proxyPort}` })).status).toBe(403);
    } finally {
      await server.close();
    }
    expect(groupMembers(server.pid)).toEqual([]);
    await expect(fetch(`http://127.0.0.1:${proxyPort}/`)).rejects.toThrow();
  });
});
