// The guard in front of `go tool pprof -http` and `go tool trace`: those tools answer any Host
// header, so a page on another site could reach them through DNS rebinding while they are open.
// The lab starts each tool on 127.0.0.1 (a port the tool picks) and hands the user the URL of
// this proxy instead: its own 127.0.0.1 listener that
// - answers only requests whose Host is exactly `127.0.0.1:PORT` or `localhost:PORT` (421
//   otherwise: a rebound name never gets through),
// - refuses (403) requests the browser marks cross-site, and any request without the proxy's
//   cookie: the URL handed out carries a 256-bit token once (`/__perflab/open?token=`), which
//   is swapped for an HttpOnly, SameSite=Strict cookie named after the port, then the browser
//   is sent to `/`,
// - forwards everything else to the tool (method, path, body), rewriting the Host header and
//   redirects that name the tool's own origin.
// The tool's own port stays reachable from this machine (see docs/security.md). Bounded like the
// lab server: 64 sockets, 10 s for headers, 120 s per request, 5 s keep-alive.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface ToolProxy {
  /** The URL to hand to the user: http://127.0.0.1:PORT/__perflab/open?token=... */
  readonly url: string;
  /** http://127.0.0.1:PORT (no token). */
  readonly origin: string;
  readonly port: number;
  /** Stops listening and closes every socket. Idempotent. */
  close(): Promise<void>;
}

export const TOOL_PROXY_OPEN_PATH = '/__perflab/open';

/** Starts the proxy for a tool serving at `target` (http://127.0.0.1:PORT/). */
export async function startToolProxy(target: string): Promise<ToolProxy> {
  const up = new URL(target);
  if (up.protocol !== 'http:' || up.hostname !== '127.0.0.1' || up.port === '') throw new Error(`not a loopback tool URL: ${target}`);
  const token = randomBytes(32).toString('base64url');
  const sockets = new Set<Socket>();
  let port = 0;
  const cookieName = () => `perflab_tool_${port}`;

  const server = createServer((req, res) => {
    const host = req.headers.host ?? '';
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) return refuse(res, 421, 'misdirected request');
    const site = req.headers['sec-fetch-site'];
    if (site !== undefined && site !== 'same-origin' && site !== 'none' && site !== 'same-site') return refuse(res, 403, 'forbidden');
    const url = new URL(req.url ?? '/', `http://${host}`);
    if (url.pathname === TOOL_PROXY_OPEN_PATH) {
      if (!sameSecret(url.searchParams.get('token') ?? '', token)) return refuse(res, 403, 'forbidden');
      res.writeHead(303, {
        location: '/',
        'set-cookie': `${cookieName()}=${token}; HttpOnly; SameSite=Strict; Path=/`,
        'cache-control': 'no-store',
        'referrer-policy': 'no-referrer',
      });
      return res.end();
    }
    if (!sameSecret(readCookie(req, cookieName()) ?? '', token)) return refuse(res, 403, 'forbidden');
    forward(req, res);
  });

  const forward = (req: IncomingMessage, res: ServerResponse) => {
    const headers = { ...req.headers, host: up.host };
    delete headers.cookie;
    delete headers.connection;
    const out = request({ host: '127.0.0.1', port: Number(up.port), method: req.method, path: req.url, headers }, (r) => {
      const h = { ...r.headers };
      if (typeof h.location === 'string' && h.location.startsWith(up.origin)) h.location = h.location.slice(up.origin.length) || '/';
      delete h.connection;
      res.writeHead(r.statusCode ?? 502, h);
      r.pipe(res);
      r.on('error', () => res.destroy());
    });
    out.on('error', () => {
      if (!res.headersSent) refuse(res, 502, 'the tool is not answering');
      else res.destroy();
    });
    req.pipe(out);
  };

  server.maxConnections = 64;
  server.headersTimeout = 10_000;
  server.requestTimeout = 120_000;
  server.keepAliveTimeout = 5_000;
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  let closing: Promise<void> | null = null;
  return {
    url: `${origin}${TOOL_PROXY_OPEN_PATH}?token=${token}`,
    origin,
    port,
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
      return closing;
    },
  };
}

function refuse(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', connection: 'close' });
  res.end(`${text}\n`);
}

function readCookie(req: IncomingMessage, name: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

function sameSecret(given: string, token: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}
