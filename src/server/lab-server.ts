// The lab server: LabApi over HTTP for the UI, in `perflab serve` and in the Electron app's
// utility process alike. Bound to 127.0.0.1 only, random port by default, a 256-bit token per
// start required on every API call and on the event stream (as a header: a token in a URL
// leaks into logs and history; cookies alone fail because other localhost ports are
// same-site), exact Host allowlist (DNS rebinding), Origin and Sec-Fetch-Site checks, JSON-only
// POST bodies, no CORS. Static files of the built renderer are served with a strict CSP.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { METHOD_NAMES, type LabEvent, type MethodName } from '../shared/api.js';
import { exitCodeFor, labError, toLabError, type LabError } from '../shared/errors.js';
import type { Lab } from '../core/lab.js';
import { serveStatic } from './static-files.js';
import { jsonDepth, MAX_JSON_DEPTH } from './json-depth.js';

export const TOKEN_HEADER = 'x-perflab-token';
const MAX_BODY = 256 * 1024 * 1024;

export interface LabServerOptions {
  readonly lab: Lab;
  readonly port?: number;
  /** Directory of the built renderer (index.html and assets). */
  readonly staticDir: string;
  /** Fixed token (tests); random by default. */
  readonly token?: string;
}

export interface LabServer {
  readonly origin: string;
  readonly port: number;
  readonly token: string;
  /** The URL to open: the token travels in the fragment, never sent to the server by the browser. */
  readonly url: string;
  close(): Promise<void>;
}

const METHODS = new Set<string>(METHOD_NAMES);

export async function startLabServer(o: LabServerOptions): Promise<LabServer> {
  const token = o.token ?? randomBytes(32).toString('hex');
  const tokenBuf = Buffer.from(token);
  let port = 0;
  const streams = new Set<ServerResponse>();
  let closing = false;
  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err) => {
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: toLabError(err) });
      else res.destroy();
    });
  });

  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const allowedOrigins = () => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);

  function refuse(res: ServerResponse, status: number, reason: string): void {
    const error: LabError = { code: 'Unauthorized', message: `unauthorized: ${reason}`, detail: { reason } };
    sendJson(res, status, { ok: false, error });
  }

  function tokenOk(req: IncomingMessage): boolean {
    const got = req.headers[TOKEN_HEADER];
    if (typeof got !== 'string') return false;
    const b = Buffer.from(got);
    return b.length === tokenBuf.length && timingSafeEqual(b, tokenBuf);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    securityHeaders(res);
    // DNS rebinding: only our own loopback names.
    if (!allowedHosts().has(req.headers.host ?? '')) return refuse(res, 403, 'foreign Host');
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedOrigins().has(origin)) return refuse(res, 403, 'foreign Origin');
    const site = req.headers['sec-fetch-site'];
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const isApi = url.pathname === '/api' || url.pathname.startsWith('/api/');
    if (isApi && site !== undefined && site !== 'same-origin' && site !== 'none') return refuse(res, 403, `cross-site request (${site})`);
    if (!isApi) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'method not allowed');
      return serveStatic(o.staticDir, url.pathname, req, res);
    }
    if (!tokenOk(req)) return refuse(res, 401, 'missing or wrong token');
    if (url.pathname === '/api/events') {
      if (req.method !== 'GET') return refuse(res, 405, 'method not allowed');
      return eventStream(res);
    }
    const method = url.pathname.slice('/api/'.length);
    if (req.method !== 'POST') return refuse(res, 405, 'POST only');
    if (!METHODS.has(method)) return sendJson(res, 404, { ok: false, error: { code: 'InvalidInput', message: `no method ${JSON.stringify(method)}`, detail: { field: 'method', value: method } } });
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) return refuse(res, 415, 'JSON bodies only');
    let input: unknown;
    try {
      const body = await readBody(req, MAX_BODY);
      if (jsonDepth(body) > MAX_JSON_DEPTH) {
        return sendJson(res, 400, { ok: false, error: { code: 'InvalidInput', message: `bad request body: nested more than ${MAX_JSON_DEPTH} levels deep`, detail: { field: 'body' } } });
      }
      input = body.length ? JSON.parse(body) : {};
    } catch (err) {
      return sendJson(res, 400, { ok: false, error: { code: 'InvalidInput', message: `bad request body: ${(err as Error).message}` } });
    }
    try {
      const value = await (o.lab.api[method as MethodName] as (i: unknown) => Promise<unknown>)(input);
      sendJson(res, 200, { ok: true, value });
    } catch (err) {
      const e = toLabError(err);
      sendJson(res, e.code === 'Internal' ? 500 : exitCodeFor(e) === 2 ? 400 : 500, { ok: false, error: e });
    }
  }

  function eventStream(res: ServerResponse): void {
    if (closing) {
      sendJson(res, 503, { ok: false, error: labError('LabUnreachable', { reason: 'the lab server is stopping' }) });
      return;
    }
    res.writeHead(200, { 'content-type': 'application/x-ndjson; charset=utf-8', 'cache-control': 'no-store', 'x-accel-buffering': 'no' });
    res.write(`${JSON.stringify({ type: 'hello' })}\n`);
    streams.add(res);
    const unsubscribe = o.lab.subscribe((e: LabEvent) => { res.write(`${JSON.stringify(e)}\n`); });
    const beat = setInterval(() => res.write(`${JSON.stringify({ type: 'ping' })}\n`), 15_000);
    res.on('close', () => {
      clearInterval(beat);
      unsubscribe();
      streams.delete(res);
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const originUrl = `http://127.0.0.1:${port}`;
  return {
    origin: originUrl,
    port,
    token,
    url: `${originUrl}/#token=${token}`,
    async close() {
      // A browser reconnects its event stream within a second on a kept-alive socket, which
      // would hold server.close() open forever: end the streams, refuse new ones, and cut what
      // is still open after a short grace for answers in flight.
      closing = true;
      for (const s of streams) s.end();
      const closed = new Promise<void>((r) => server.close(() => r()));
      server.closeIdleConnections?.();
      const cut = setTimeout(() => server.closeAllConnections?.(), 1000);
      await closed;
      clearTimeout(cut);
    },
  };
}

function securityHeaders(res: ServerResponse): void {
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('referrer-policy', 'no-referrer');
  res.setHeader('cross-origin-resource-policy', 'same-origin');
  res.setHeader('cross-origin-opener-policy', 'same-origin');
  res.setHeader('x-frame-options', 'DENY');
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(new Error(`body larger than ${limit} bytes`));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
