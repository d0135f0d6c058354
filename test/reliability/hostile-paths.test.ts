// User-supplied paths that are not ordinary files (issue 12): /dev/zero, a FIFO with no
// writer, a directory and a 2 GiB sparse file given to `profile top`, `import`, `compare` and
// to the API are typed errors naming the path (exit 2 / HTTP 400), raised before any byte is
// read: before, /dev/zero grew the CLI to 23.7 GB and a FIFO blocked forever (four API calls
// on FIFOs took every thread of Node's pool, so nothing else answered).
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, existsSync, ftruncateSync, mkdirSync, openSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLab, type Lab } from '../../src/core/lab.js';
import { startLabServer, type LabServer } from '../../src/server/lab-server.js';
import { BIN, cli, ROOT } from '../helpers/cli.js';
import { tempDir } from '../helpers/fixture-repo.js';
import { recordFigures } from './helpers/figures.js';

const dir = tempDir();
const fifo = join(dir, 'pipe');
execFileSync('mkfifo', [fifo]);
const sparse = join(dir, 'sparse.pb.gz');
const fd = openSync(sparse, 'w');
ftruncateSync(fd, 2 * 1024 * 1024 * 1024);
closeSync(fd);
const subdir = join(dir, 'a-directory');
mkdirSync(subdir);

const CASES: readonly (readonly [string, string, RegExp])[] = [
  ['/dev/zero', 'NotARegularFile', /"\/dev\/zero" is not a regular file \(a character device\)/],
  [fifo, 'NotARegularFile', /is not a regular file \(a named pipe\)/],
  [subdir, 'NotARegularFile', /is not a regular file \(a directory\)/],
  [sparse, 'FileTooLarge', /is larger than 256 MiB \(2147483648 bytes\)/],
];

describe('non-file inputs on the CLI', () => {
  const env = { ...process.env, PERFLAB_LOCK_DIR: tempDir() };
  const data = tempDir();
  for (const [path, , message] of CASES) {
    for (const cmd of [['profile', 'top'], ['import'], ['compare']]) {
      it(`${cmd.join(' ')} ${path.replace(dir, 'TMP')}: exit 2 naming the path`, async () => {
        const r = await cli(['--data-dir', data, ...cmd, path], { env });
        expect(r.code, r.stderr).toBe(2);
        expect(r.stderr).toMatch(message);
      });
    }
  }
});

describe('non-file inputs to the built CLI: bounded time and memory', () => {
  // The 12 cases again as a shell runs them (bin/perflab.js, its own process), with the peak
  // RSS from /usr/bin/time: before, `profile top /dev/zero` grew to 23.7 GB and ignored SIGTERM.
  it('each of the 12 ends with exit 2 and its message, within seconds and 256 MB', async () => {
    if (!existsSync(join(ROOT, 'dist', 'perflab-cli.mjs'))) throw new Error('run `npm run build` first (this test spawns bin/perflab.js)');
    if (!existsSync('/usr/bin/time')) throw new Error('/usr/bin/time is needed to read the peak RSS (apt-get install time)');
    const env = { ...process.env, PERFLAB_HOME: tempDir(), PERFLAB_LOCK_DIR: tempDir() };
    const walls: number[] = [];
    const rss: number[] = [];
    for (const [path, , message] of CASES) {
      for (const cmd of [['profile', 'top'], ['import'], ['compare']]) {
        const t0 = performance.now();
        const r = spawnSync('/usr/bin/time', ['-f', 'peak-rss-kib %M', process.execPath, BIN, ...cmd, path], {
          env,
          encoding: 'utf8',
          timeout: 30_000,
          killSignal: 'SIGKILL',
        });
        const wall = performance.now() - t0;
        const label = `${cmd.join(' ')} ${path}`;
        expect(r.status, `${label}: ${r.stderr}`).toBe(2);
        expect(r.stderr, label).toMatch(message);
        const kib = Number(/peak-rss-kib (\d+)/.exec(r.stderr)?.[1]);
        expect(kib, label).toBeGreaterThan(0);
        expect(kib * 1024, label).toBeLessThan(256 * 1024 * 1024);
        expect(wall, label).toBeLessThan(15_000);
        walls.push(wall);
        rss.push(kib / 1024);
      }
    }
    recordFigures('hostile-paths-cli', {
      cases: walls.length,
      wallMs: [Math.round(Math.min(...walls)), Math.round(Math.max(...walls))],
      peakRssMB: [Number(Math.min(...rss).toFixed(1)), Number(Math.max(...rss).toFixed(1))],
    });
  }, 300_000);
});

describe('non-file inputs over the API', () => {
  let lab: Lab;
  let server: LabServer;
  beforeAll(async () => {
    lab = createLab({ dataDir: tempDir(), lockDir: tempDir() });
    server = await startLabServer({ lab, staticDir: tempDir() });
  });
  afterAll(async () => {
    await server.close();
    await lab.close();
  });
  const call = (method: string, body: string) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: server.port,
          path: `/api/${method}`,
          method: 'POST',
          headers: { host: `127.0.0.1:${server.port}`, 'content-type': 'application/json', 'x-perflab-token': server.token },
        },
        (res) => {
          let text = '';
          res.on('data', (d) => {
            text += d;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });

  it.each(CASES)('profileTop {path: %s}: 400 with the typed error', async (path, code, message) => {
    const r = await call('profileTop', JSON.stringify({ path }));
    expect(r.status).toBe(400);
    const e = JSON.parse(r.body).error;
    expect(e.code).toBe(code);
    expect(e.message).toMatch(message);
  });

  it('eight calls naming a FIFO at once leave the server answering', async () => {
    const fifoCalls = Array.from({ length: 8 }, () => call('profileFlame', JSON.stringify({ path: fifo })));
    const version = await call('version', '{}');
    expect(version.status).toBe(200);
    for (const r of await Promise.all(fifoCalls)) expect(JSON.parse(r.body).error.code).toBe('NotARegularFile');
  });

  it('openProfileTool on /dev/zero is refused before go tool pprof starts', async () => {
    const r = await call('openProfileTool', JSON.stringify({ path: '/dev/zero' }));
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body).error.code).toBe('NotARegularFile');
  });

  it('a body nested 100,000 levels deep is a 400 InvalidInput, not a stack overflow', async () => {
    const deep = `{"path":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    const r = await call('profileTop', deep);
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body).error).toMatchObject({ code: 'InvalidInput', message: expect.stringMatching(/nested more than 64 levels/) });
    // Brackets inside strings do not count.
    const r2 = await call('profileTop', JSON.stringify({ path: `${'['.repeat(100)}.pb.gz` }));
    expect(JSON.parse(r2.body).error.code).toBe('FileNotFound');
  });
});
