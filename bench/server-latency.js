#!/usr/bin/env node
// Does heavy profile or import work block the lab server? Starts the built `perflab serve`,
// writes a ~50 MB profile (uncompressed protobuf, bench/pprof-synth.js) and ~50 MB of Go
// benchmark text, then asks for the profile's flame graph and imports the text while calling
// `version` every 50 ms: prints the latency of those calls (median, max) during each heavy
// call, the heavy call's wall time, and the flame response's size.
// Usage: node bench/server-latency.js [--perflab DIR] (DIR: another built checkout, for a before/after)
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { postApi, ROOT, tmp } from './lib/common.js';
import { syntheticCpuProfile } from './pprof-synth.js';
import { encodeProfile } from '../dist/core/pprof/encode.js';

const at = process.argv.indexOf('--perflab');
const checkout = at > 0 ? path.resolve(process.argv[at + 1]) : ROOT;

export function writeBigProfile(file, stacks = 800_000) {
  const raw = encodeProfile(syntheticCpuProfile({ stacks }).profile);
  writeFileSync(file, raw);
  return raw.length;
}

export function bigBenchText(bytes = 50e6) {
  const lines = ['goos: linux', 'goarch: amd64', 'pkg: example.com/parse', 'cpu: Test CPU'];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const l = `BenchmarkParse/size=${i % 5000}/mode-${i % 7}-8 \t ${1000 + (i % 97)}\t ${(12345.6 + (i % 1000)).toFixed(1)} ns/op\t ${4096 + (i % 13)} B/op\t ${12 + (i % 3)} allocs/op`;
    lines.push(l);
    size += l.length + 1;
  }
  return `${lines.join('\n')}\n`;
}

export async function startServe(dir, dataDir) {
  const child = spawn(process.execPath, [path.join(dir, 'bin', 'perflab.js'), '--data-dir', dataDir, 'serve'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
  });
  child.stderr.on('data', () => undefined);
  const url = await new Promise((resolve, reject) => {
    child.stdout.on('data', () => {
      const m = /http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]{64}/.exec(out);
      if (m) resolve(m[0]);
    });
    child.on('exit', () => reject(new Error(`serve exited: ${out}`)));
  });
  const u = new URL(url);
  const token = u.hash.replace('#token=', '');
  // Each call on a fresh connection: a keep-alive socket the server closes while the client is
  // busy would fail the call for a reason that has nothing to do with the server's loop.
  const call = (method, input = {}) => post(method, Buffer.from(JSON.stringify(input)));
  const post = async (method, body) => {
    const r = await postApi(url, token, method, body);
    return { status: r.status, bytes: Buffer.byteLength(r.text), body: r.text.length < 1e6 ? JSON.parse(r.text) : null };
  };
  return {
    child,
    origin: u.origin,
    token,
    call,
    post,
    stop: () =>
      new Promise((r) => {
        child.once('exit', r);
        child.kill('SIGTERM');
      }),
  };
}

/** Runs `heavy` while calling `version` every 50 ms; returns the latencies and the heavy call's result. */
export async function whileBusy(call, heavy) {
  const lat = [];
  let busy = true;
  const poll = (async () => {
    while (busy) {
      const t = performance.now();
      await call('version');
      lat.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  const t0 = performance.now();
  const result = await heavy();
  const wall = performance.now() - t0;
  busy = false;
  await poll;
  lat.sort((a, b) => a - b);
  return { result, wall, calls: lat.length, median: lat[Math.floor(lat.length / 2)] ?? NaN, max: lat[lat.length - 1] ?? NaN };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = tmp('perflab-latency-');
  const prof = path.join(dir, 'big.pb');
  const profBytes = writeBigProfile(prof);
  const text = bigBenchText();
  const s = await startServe(checkout, path.join(dir, 'data'));
  try {
    await s.call('version');
    const f = await whileBusy(s.call, () => s.call('profileFlame', { path: prof }));
    console.log(
      `flame of a ${(profBytes / 1e6).toFixed(1)} MB profile: ${(f.wall / 1000).toFixed(1)} s, HTTP ${f.result.status}, response ${(f.result.bytes / 1e6).toFixed(1)} MB; version during it: ${f.calls} calls, median ${f.median.toFixed(0)} ms, max ${f.max.toFixed(0)} ms`,
    );
    // Serialized before the clock starts: that blocks this process, not the server.
    const body = Buffer.from(JSON.stringify({ files: [{ name: 'big.txt', text }] }));
    const i = await whileBusy(s.call, () => s.post('importBenchfmt', body));
    console.log(
      `import of ${(text.length / 1e6).toFixed(1)} MB of benchfmt: ${(i.wall / 1000).toFixed(1)} s, HTTP ${i.result.status}; version during it: ${i.calls} calls, median ${i.median.toFixed(0)} ms, max ${i.max.toFixed(0)} ms`,
    );
  } finally {
    await s.stop();
  }
}
