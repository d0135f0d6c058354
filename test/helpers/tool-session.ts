// A browser's first steps at a tool URL the lab hands out (go tool pprof / trace behind the
// guard proxy): open the token URL, keep the cookie it sets, then fetch pages with it.
import { request } from 'node:http';

export interface ToolSession {
  readonly origin: string;
  readonly cookie: string;
  /** GET a path with the session cookie (redirects not followed). */
  get(
    path: string,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: string; headers: Record<string, string | string[] | undefined> }>;
}

/** Opens the token URL; fails unless it answers 303 with a cookie. */
export async function openToolSession(url: string): Promise<ToolSession> {
  const res = await fetch(url, { redirect: 'manual' });
  if (res.status !== 303) throw new Error(`${url} answered ${res.status}, not 303`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
  if (!cookie.includes('=')) throw new Error(`${url} set no cookie`);
  const origin = new URL(url).origin;
  return { origin, cookie, get: (path, headers = {}) => rawGet(`${origin}${path}`, { cookie, ...headers }) };
}

/** A GET with exactly the headers given (fetch cannot send its own Host header). */
export function rawGet(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: string; headers: Record<string, string | string[] | undefined> }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: Number(u.port), path: `${u.pathname}${u.search}`, method: 'GET', headers }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        // Pages are read whole, bounded: 64 MiB is far above any tool page.
        if (size > 64 * 1024 * 1024) req.destroy(new Error(`${url}: response larger than 64 MiB`));
        else chunks.push(c);
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
      res.on('error', reject);
    });
    req.setTimeout(60_000, () => req.destroy(new Error(`${url}: no answer in 60 s`)));
    req.on('error', reject);
    req.end();
  });
}
