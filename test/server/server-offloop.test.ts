// Heavy profile and import work runs off the lab server's event loop: while the built
// `perflab serve` builds the flame graph of a ~50 MB profile and imports ~50 MB of benchmark
// text, a `version` call every 50 ms keeps answering. Before the work moved to workers, the
// same profile held every call for 71 s and the import for 14 s. Asserted: p95 under 200 ms,
// and a single worst call under 2.5 s (on this loaded 2-core VM one call in a few hundred waits
// 0.4-1 s for a CPU now and then, even when the server is idle), far below those. The flame
// response stays bounded.
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FlameData } from '../../src/shared/profile-types.js';
import { ROOT } from '../helpers/cli.js';
import { tempDir } from '../helpers/fixture-repo.js';
import { startServe } from '../helpers/serve.js';

type Serve = Awaited<ReturnType<typeof startServe>>;

/** One API call on a fresh connection (no keep-alive socket the server may be closing). */
function call(s: Serve, method: string, input: unknown = {}): Promise<{ status: number; text: string }> {
  return post(s, method, Buffer.from(JSON.stringify(input)));
}

function post(s: Serve, method: string, body: Buffer): Promise<{ status: number; text: string }> {
  const u = new URL(s.origin);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: u.hostname,
        port: u.port,
        path: `/api/${method}`,
        method: 'POST',
        agent: false,
        headers: { 'x-perflab-token': s.token, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Runs `heavy` while calling `version` every 50 ms; the latencies, sorted. */
async function whileBusy<T>(s: Serve, heavy: () => Promise<T>): Promise<{ result: T; lat: number[] }> {
  const lat: number[] = [];
  let busy = true;
  const poll = (async () => {
    while (busy) {
      const t = performance.now();
      expect((await call(s, 'version')).status).toBe(200);
      lat.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  const result = await heavy();
  busy = false;
  await poll;
  lat.sort((a, b) => a - b);
  console.log(
    `version during the work: ${lat.length} calls, median ${lat[lat.length >> 1].toFixed(0)} ms, p95 ${lat[Math.floor(lat.length * 0.95)].toFixed(0)} ms, max ${lat[lat.length - 1].toFixed(0)} ms`,
  );
  return { result, lat };
}

const p95 = (lat: number[]) => lat[Math.floor(lat.length * 0.95)];

describe('perflab serve keeps answering during heavy profile and import work', () => {
  const dir = tempDir();
  let serve: Serve;
  beforeAll(async () => {
    serve = await startServe(join(dir, 'data'));
  });
  afterAll(async () => {
    await serve?.stop();
  });

  it('answers within 200 ms (p95) while building the flame graph of a 50 MB profile, whose response stays bounded', async () => {
    const file = join(dir, 'big.pb');
    // Written by a child process, so this process's heap (and its GC pauses) stay small.
    execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `
      import { writeFileSync } from 'node:fs';
      import { syntheticCpuProfile } from './bench/pprof-synth.js';
      import { encodeProfile } from './dist/core/pprof/encode.js';
      writeFileSync(${JSON.stringify(file)}, encodeProfile(syntheticCpuProfile({ stacks: 800000 }).profile));
    `,
      ],
      { cwd: ROOT, stdio: 'inherit' },
    );
    expect(statSync(file).size).toBeGreaterThan(50e6);
    const { result, lat } = await whileBusy(serve, () => call(serve, 'profileFlame', { path: file }));
    expect(result.status).toBe(200);
    // Bounded: at most 100,000 nodes, a few MB (the whole tree was 55.6 MB of JSON).
    expect(result.text.length).toBeLessThan(8e6);
    const f = (JSON.parse(result.text) as { value: FlameData }).value;
    expect(f.level.length).toBeLessThanOrEqual(100_000);
    expect(f.hidden!.frames).toBeGreaterThan(0);
    expect(lat.length).toBeGreaterThan(10);
    expect(p95(lat)).toBeLessThan(200);
    expect(lat[lat.length - 1]).toBeLessThan(2500);
  }, 400_000);

  it('answers within 200 ms (p95) while importing 50 MB of benchmark text', async () => {
    const lines = ['goos: linux', 'goarch: amd64', 'pkg: example.com/parse'];
    let size = 0;
    for (let i = 0; size < 50e6; i++) {
      const l = `BenchmarkParse/size=${i % 5000}/mode-${i % 7}-8 \t ${1000 + (i % 97)}\t ${(12345.6 + (i % 1000)).toFixed(1)} ns/op\t ${4096 + (i % 13)} B/op\t ${12 + (i % 3)} allocs/op`;
      lines.push(l);
      size += l.length + 1;
    }
    // The body is built before the clock starts: serializing 50 MB blocks this process, not the server.
    const body = Buffer.from(JSON.stringify({ files: [{ name: 'big.txt', text: `${lines.join('\n')}\n` }] }));
    const { result, lat } = await whileBusy(serve, () => post(serve, 'importBenchfmt', body));
    expect(result.status).toBe(200);
    const value = (JSON.parse(result.text) as { value: { runId: number; results: number } }).value;
    expect(value.results).toBe(lines.length - 3);
    const run = JSON.parse((await call(serve, 'getRun', { run: value.runId })).text) as { value: { status: string; resultCount: number } };
    expect(run.value).toMatchObject({ status: 'completed', resultCount: value.results });
    expect(lat.length).toBeGreaterThan(10);
    expect(p95(lat)).toBeLessThan(200);
    expect(lat[lat.length - 1]).toBeLessThan(2500);
  }, 600_000);
});
