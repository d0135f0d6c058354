#!/usr/bin/env node
// What a local process without the token can do to `perflab serve`: opens 4,000 idle
// connections and reports the server's descriptors before and after and whether `version`
// still answers; then leaves 5 requests with unfinished headers and 5 with unfinished bodies
// open and reports how long SIGTERM takes to stop serve (15 s at most).
// Usage: node bench/server-flood.js [--perflab DIR] (DIR: another built checkout, for a before/after)
import { connect } from 'node:net';
import { readdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './lib/common.js';
import { startServe } from './server-latency.js';
const at = process.argv.indexOf('--perflab');
const dir = at > 0 ? path.resolve(process.argv[at + 1]) : ROOT;
const s = await startServe(dir, mkdtempSync(path.join(os.tmpdir(), 'perflab-flood-')));
const port = Number(new URL(s.origin).port);
const pid = s.child.pid;
const fds = () => readdirSync(`/proc/${pid}/fd`).length;
const before = fds();
const socks = [];
let closed = 0;
for (let i = 0; i < 4000; i += 200)
  await Promise.all(
    Array.from(
      { length: 200 },
      () =>
        new Promise((r) => {
          const c = connect({ host: '127.0.0.1', port });
          c.on('error', () => r());
          c.on('connect', r);
          c.on('close', () => {
            closed++;
            r();
          });
          socks.push(c);
        }),
    ),
  );
await new Promise((r) => setTimeout(r, 1000));
const t = performance.now();
const v = await s.call('version');
const vl = performance.now() - t;
console.log(
  `fds before ${before}, after 4000 idle connections ${fds()}, closed by server ${closed}; version ${v.status} in ${vl.toFixed(0)} ms`,
);
for (const c of socks) c.destroy();
await new Promise((r) => setTimeout(r, 500));
const host = `127.0.0.1:${port}`;
const open = [];
for (let i = 0; i < 5; i++) {
  for (const text of [
    `POST /api/version HTTP/1.1\r\nHost: ${host}\r\n`,
    `POST /api/importBenchfmt HTTP/1.1\r\nHost: ${host}\r\nx-perflab-token: ${s.token}\r\ncontent-type: application/json\r\ncontent-length: 100000\r\n\r\n{"files":`,
  ]) {
    const c = connect({ host: '127.0.0.1', port }, () => c.write(text));
    c.on('error', () => undefined);
    open.push(c);
  }
}
await new Promise((r) => setTimeout(r, 500));
const t0 = performance.now();
const exited = new Promise((r) => s.child.once('exit', () => r(performance.now() - t0)));
s.child.kill('SIGTERM');
const took = await Promise.race([exited, new Promise((r) => setTimeout(() => r(null), 15000))]);
console.log(took === null ? 'SIGTERM: still running after 15 s' : `SIGTERM: exited in ${took.toFixed(0)} ms`);
s.child.kill('SIGKILL');
for (const c of open) c.destroy();
process.exit(0);
