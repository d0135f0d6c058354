// The lab server: LabApi over HTTP for the UI, in `perflab serve` and in the Electron app's
// utility process alike. Bound to 127.0.0.1 only, random port by default, a 256-bit token per
// start required on every API call and on the event stream (as a header: a token in a URL
// leaks into logs and history; cookies alone fail because other localhost ports are
// same-site), exact Host allowlist (DNS rebinding), Origin and Sec-Fetch-Site checks, JSON-only
// POST bodies, no CORS. Static files of the built renderer are served with a strict CSP.
// Against other local processes without the token: a bounded number of sockets (the oldest
// unauthenticated ones are closed first, connection-guard.ts), header, request and keep-alive
// timeouts, refusals without detail, errors without stacks, and a shutdown that closes every
// socket, open requests included.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { METHOD_NAMES, type LabEvent, type MethodName } from '../shared/api.js';
import { exitCodeFor, labError, toLabError, type LabError } from '../shared/errors.js';
import type { Lab } from '../core/lab.js';
import { guardConnections } from './connection-guard.js';
import { serveStatic } from './static-files.js';
import { jsonDepth, MAX_JSON_DEPTH } from './json-depth.js';
import { IMPORT_WORKER_THRESHOLD } from '../core/export/import-in-worker.js';
import { jsonBytes } from '../core/compare/json-text.js';

export const TOKEN_HEADER = 'x-perflab-token';
const MAX_BODY = 256 * 1024 * 1024;
/** Open sockets at most: a browser uses 6 per origin, the event stream one more. */
export const DEFAULT_MAX_CONNECTIONS = 256;
/** Time for a client to send a request's headers (also a fresh connection's first request). */
export const HEADERS_TIMEOUT_MS = 10_000;
/** Time for a client to send a whole request, body included (256 MiB over loopback takes < 2 s). */
export const REQUEST_TIMEOUT_MS = 120_000;
/** An idle keep-alive socket is closed after this. */
export const KEEP_ALIVE_TIMEOUT_MS = 5_000;

export interface LabServerOptions {
  readonly lab: Lab;
  readonly port?: number;
  /** Directory of the built renderer (index.html and assets). */
  readonly staticDir: string;
  /** Fixed token (tests); random by default. */
  readonly token?: string;
  /** Open sockets at most (default DEFAULT_MAX_CONNECTIONS). */
  readonly maxConnections?: number;
  /** Where internal errors are logged with their stack (never sent to a client). */
  readonly log?: (line: string) => void;
}

export interface LabServer {
  readonly origin: string;
  readonly port: number;
  readonly token: string;
  /** The URL to open: the token travels in the fragment, never sent to the server by the browser. */
  readonly url: string;
  /** Open sockets now, and sockets closed to make room for newer ones (tests, diagnostics). */
  connections(): { open: number; evicted: number; refused: number };
  /** Stops accepting and closes every socket at once, open requests and event streams included. */
  close(): Promise<void>;
}

const METHODS = new Set<string>(METHOD_NAMES);

export async function startLabServer(o: LabServerOptions): Promise<LabServer> {
  const token = o.token ?? randomBytes(32).toString('hex');
  const tokenBuf = Buffer.from(token);
  let port = 0;
  const streams = new Set<ServerResponse>();
  let closing = false;
  const server: Server = createServer(
    {
      headersTimeout: HEADERS_TIMEOUT_MS,
      requestTimeout: REQUEST_TIMEOUT_MS,
      keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
      connectionsCheckingInterval: 1_000,
    },
    (req, res) => {
      const done = guard.busy(req.socket);
      res.once('close', done);
      handle(req, res).catch((err) => {
        if (!res.headersSent) sendJson(res, 500, { ok: false, error: publicError(err) });
        else res.destroy();
      });
    },
  );
  const guard = guardConnections(server, o.maxConnections ?? DEFAULT_MAX_CONNECTIONS);
  // A client that sends garbage or stalls gets its socket closed, without a body that says why.
  server.on('clientError', (_err, socket: Socket) => {
    if (socket.writable && !socket.destroyed) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
    else socket.destroy();
  });

  /** The LabError a client may see: internal errors lose their stack (logged here instead). */
  function publicError(err: unknown): LabError {
    const e = toLabError(err);
    if (e.code !== 'Internal') return e;
    o.log?.(`internal error: ${e.detail?.stack ?? e.message}`);
    const { detail: _stack, ...shown } = e;
    return shown;
  }

  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const allowedOrigins = () => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);

  /** Refusals say only that: no reason, no detail (the caller may hold no token). */
  function refuse(res: ServerResponse, status: number): void {
    const error = labError('Unauthorized', undefined);
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
    if (!allowedHosts().has(req.headers.host ?? '')) return refuse(res, 403);
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedOrigins().has(origin)) return refuse(res, 403);
    const site = req.headers['sec-fetch-site'];
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const isApi = url.pathname === '/api' || url.pathname.startsWith('/api/');
    if (isApi && site !== undefined && site !== 'same-origin' && site !== 'none') return refuse(res, 403);
    if (!isApi) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405);
      return serveStatic(o.staticDir, url.pathname, req, res);
    }
    if (!tokenOk(req)) return refuse(res, 401);
    guard.authenticated(req.socket);
    if (url.pathname === '/api/events') {
      if (req.method !== 'GET') return refuse(res, 405);
      return eventStream(res);
    }
    const method = url.pathname.slice('/api/'.length);
    if (req.method !== 'POST') return refuse(res, 405);
    if (!METHODS.has(method))
      return sendJson(res, 404, { ok: false, error: labError('InvalidInput', { field: 'method', value: method }, 'no such method') });
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) return refuse(res, 415);
    let input: unknown;
    let body: Buffer;
    try {
      body = await readBody(req, MAX_BODY);
      // A large import is parsed, validated and run in a worker: its body never meets JSON.parse here.
      if (!(method === 'importBenchfmt' && body.length >= IMPORT_WORKER_THRESHOLD)) {
        const text = body.toString('utf8');
        if (jsonDepth(text) > MAX_JSON_DEPTH) {
          return sendJson(res, 400, {
            ok: false,
            error: labError('InvalidInput', { field: 'body' }, `nested more than ${MAX_JSON_DEPTH} levels deep`),
          });
        }
        input = text.length ? JSON.parse(text) : {};
      }
    } catch (err) {
      return sendJson(res, 400, { ok: false, error: labError('InvalidInput', { field: 'body' }, (err as Error).message) });
    }
    try {
      const value =
        input === undefined
          ? await o.lab.importBenchfmtBody(new Uint8Array(body.buffer, body.byteOffset, body.length))
          : await (o.lab.api[method as MethodName] as (i: unknown) => Promise<unknown>)(input);
      // A comparison's cells and deltas are shared with earlier answers: their text is too.
      sendJson(res, 200, { ok: true, value }, method === 'compare' ? jsonBytes : undefined);
    } catch (err) {
      const e = publicError(err);
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
    const unsubscribe = o.lab.subscribe((e: LabEvent) => {
      res.write(`${JSON.stringify(e)}\n`);
    });
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
    connections: () => ({ open: guard.size, evicted: guard.evicted, refused: guard.refused }),
    async close() {
      // End the event streams, refuse new ones (a browser reconnects within a second), and close
      // every socket at once, unfinished requests included.
      closing = true;
      const closed = new Promise<void>((r) => server.close(() => r()));
      for (const s of streams) s.destroy();
      server.closeAllConnections();
      guard.closeAll();
      await closed;
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

/** `encode`: the answer's UTF-8 JSON, encoded once (Buffer.byteLength and then the socket's
 * write each walked a 6.7 MB answer's text). */
function sendJson(
  res: ServerResponse,
  status: number,
  body: object,
  encode: (v: object) => Buffer = (v) => Buffer.from(JSON.stringify(v), 'utf8'),
): void {
  const bytes = encode(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'content-length': bytes.length,
  });
  res.end(bytes);
}

/**
 * Reads a request body up to `limit` bytes. With a Content-Length the buffer is allocated once
 * and filled chunk by chunk as data arrives, so a 50 MB body costs the event loop no single
 * long copy at the end.
 */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isSafeInteger(declared) && declared > limit) {
      reject(new Error(`larger than ${limit} bytes`));
      req.destroy();
      return;
    }
    const whole = Number.isSafeInteger(declared) && declared > 0 ? Buffer.allocUnsafeSlow(declared) : null;
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      if (size + c.length > limit || (whole && size + c.length > whole.length)) {
        reject(new Error(`larger than ${whole ? whole.length : limit} bytes`));
        req.destroy();
        return;
      }
      if (whole) c.copy(whole, size);
      else chunks.push(c);
      size += c.length;
    });
    req.on('end', () => resolve(whole ? whole.subarray(0, size) : Buffer.concat(chunks, size)));
    req.on('error', reject);
  });
}
