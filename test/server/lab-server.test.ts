// The lab server's guards, over real HTTP: token, Host, Origin, Sec-Fetch-Site, JSON-only
// bodies, static path traversal, no CORS, loopback only.
import { request } from 'node:http';
import { networkInterfaces } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLab, type Lab } from '../../src/core/lab.js';
import { startLabServer, type LabServer } from '../../src/server/lab-server.js';
import { resolveStaticPath } from '../../src/server/static-files.js';
import { tempDir } from '../helpers/fixture-repo.js';

interface Resp {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function http(
  port: number,
  path: string,
  o: { method?: string; headers?: Record<string, string>; body?: string; host?: string } = {},
): Promise<Resp> {
  return new Promise((resolve, reject) => {
    const req = request({ host: o.host ?? '127.0.0.1', port, path, method: o.method ?? 'GET', headers: o.headers }, (res) => {
      let body = '';
      res.on('data', (d) => {
        body += d;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    if (o.body) req.write(o.body);
    req.end();
  });
}

describe('lab server', () => {
  let lab: Lab;
  let server: LabServer;
  let runsBefore = 0;
  const staticDir = tempDir();
  beforeAll(async () => {
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>t</title>');
    mkdirSync(join(staticDir, 'assets'));
    writeFileSync(join(staticDir, 'assets', 'a.js'), 'console.log(1)');
    writeFileSync(join(tempDir(), 'secret.txt'), 'secret');
    lab = createLab({ dataDir: tempDir(), lockDir: tempDir() });
    server = await startLabServer({ lab, staticDir });
    runsBefore = (await lab.api.listRuns({})).length;
  });
  afterAll(async () => {
    await server.close();
    await lab.close();
  });
  const api = (method: string, headers: Record<string, string>, body = '{}') =>
    http(server.port, `/api/${method}`, {
      method: 'POST',
      headers: { host: `127.0.0.1:${server.port}`, 'content-type': 'application/json', ...headers },
      body,
    });

  it('prints a URL with a 256-bit token in the fragment', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]{64}$/);
  });

  it('answers API calls with the token', async () => {
    const r = await api('version', { 'x-perflab-token': server.token });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body).value.version).toMatch(/\d+\.\d+\.\d+/);
  });

  it('refuses calls without the token, with a wrong one, or an old one (401, no side effect)', async () => {
    for (const headers of [{} as Record<string, string>, { 'x-perflab-token': 'nope' }, { 'x-perflab-token': 'f'.repeat(64) }]) {
      const r = await api('importBenchfmt', headers, JSON.stringify({ files: [{ name: 'a', text: 'BenchmarkA 1 1 ns/op\n' }] }));
      expect(r.status).toBe(401);
      expect(JSON.parse(r.body).error.code).toBe('Unauthorized');
    }
    expect((await lab.api.listRuns({})).length).toBe(runsBefore);
    const ev = await http(server.port, '/api/events', { headers: { host: `127.0.0.1:${server.port}` } });
    expect(ev.status).toBe(401);
  });

  it('refuses a foreign Host (DNS rebinding) and a foreign Origin or cross-site fetch', async () => {
    const t = { 'x-perflab-token': server.token };
    expect((await api('version', { ...t, host: `evil.example:${server.port}` })).status).toBe(403);
    expect((await http(server.port, '/', { headers: { host: 'evil.example' } })).status).toBe(403);
    expect((await api('version', { ...t, origin: 'http://127.0.0.1:1' })).status).toBe(403);
    expect((await api('version', { ...t, 'sec-fetch-site': 'same-site' })).status).toBe(403);
    expect((await api('version', { ...t, origin: `http://localhost:${server.port}` })).status).toBe(200);
  });

  it('takes JSON bodies only and sends no CORS headers', async () => {
    const r = await api('version', { 'x-perflab-token': server.token, 'content-type': 'text/plain' });
    expect(r.status).toBe(415);
    const ok = await api('version', { 'x-perflab-token': server.token });
    expect(Object.keys(ok.headers).filter((h) => h.startsWith('access-control'))).toEqual([]);
    const pre = await http(server.port, '/api/version', {
      method: 'OPTIONS',
      headers: { host: `127.0.0.1:${server.port}`, origin: 'http://evil.example' },
    });
    expect(pre.status).toBe(403);
    expect(Object.keys(pre.headers).filter((h) => h.startsWith('access-control'))).toEqual([]);
  });

  it('validates input and returns typed errors', async () => {
    const r = await api('getRun', { 'x-perflab-token': server.token }, JSON.stringify({ run: 'first' }));
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body).error).toMatchObject({ code: 'InvalidInput' });
  });

  it('words its own refusals with the one message of each code', async () => {
    const token = { 'x-perflab-token': server.token };
    const unknown = await api('frobnicate', token);
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body).error).toEqual({
      code: 'InvalidInput',
      message: 'invalid value for method "frobnicate": no such method',
      detail: { field: 'method', value: 'frobnicate' },
    });
    const garbled = await api('version', token, '{"a":');
    expect(garbled.status).toBe(400);
    expect(JSON.parse(garbled.body).error).toMatchObject({
      code: 'InvalidInput',
      message: expect.stringMatching(/^invalid value for body: /),
      detail: { field: 'body' },
    });
    const deep = await api('version', token, `${'['.repeat(100)}${']'.repeat(100)}`);
    expect(JSON.parse(deep.body).error).toMatchObject({
      code: 'InvalidInput',
      message: 'invalid value for body: nested more than 64 levels deep',
    });
    const refused = await api('version', {});
    expect(JSON.parse(refused.body).error).toEqual({ code: 'Unauthorized', message: 'unauthorized' });
  });

  it('serves the renderer with a CSP and refuses path traversal', async () => {
    const h = { host: `127.0.0.1:${server.port}` };
    const index = await http(server.port, '/', { headers: h });
    expect(index.status).toBe(200);
    expect(String(index.headers['content-security-policy'])).toMatch(/default-src 'self'/);
    expect((await http(server.port, '/assets/a.js', { headers: h })).status).toBe(200);
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/%2e%2e%2f%2e%2e%2fsecret.txt', '/..%5csecret.txt', '/%00']) {
      expect((await http(server.port, p, { headers: h })).status).toBe(404);
    }
    expect(resolveStaticPath('/srv/ui', '/../../etc/passwd')).toBeNull();
    expect(resolveStaticPath('/srv/ui', '/a/../index.html')).toBe('/srv/ui/index.html');
  });

  it("listens on 127.0.0.1 only: the machine's other addresses refuse the connection", async () => {
    const others = Object.values(networkInterfaces())
      .flat()
      .filter((a) => a && a.family === 'IPv4' && !a.internal)
      .map((a) => a!.address);
    // 127.0.0.2 is loopback too, but not the address we bound: it must refuse as well.
    for (const addr of ['127.0.0.2', ...others]) {
      await expect(http(server.port, '/', { host: addr, headers: { host: `127.0.0.1:${server.port}` } })).rejects.toThrow(/ECONNREFUSED/);
    }
  });

  it('streams events to a client holding the token', async () => {
    const res = await fetch(`${server.origin}/api/events`, { headers: { 'x-perflab-token': server.token } });
    expect(res.status).toBe(200);
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    const first = await reader.read();
    expect(first.value).toContain('"hello"');
    await lab.api.importBenchfmt({ files: [{ name: 'x.txt', text: 'BenchmarkA 1 2 ns/op\n' }] });
    let seen = '';
    while (!seen.includes('runs-changed')) seen += (await reader.read()).value ?? '';
    expect(seen).toContain('runs-changed');
    await reader.cancel();
  });
});
