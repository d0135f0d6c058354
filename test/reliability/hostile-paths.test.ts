// User-supplied paths that are not ordinary files (issue 12): /dev/zero, a FIFO with no
// writer, a directory and a 2 GiB sparse file given to `profile top`, `import`, `compare` and
// to the API are typed errors naming the path (exit 2 / HTTP 400), raised before any byte is
// read: before, /dev/zero grew the CLI to 23.7 GB and a FIFO blocked forever (four API calls
// on FIFOs took every thread of Node's pool, so nothing else answered).
import { execFileSync } from 'node:child_process';
import { closeSync, ftruncateSync, mkdirSync, openSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLab, type Lab } from '../../src/core/lab.js';
import { startLabServer, type LabServer } from '../../src/server/lab-server.js';
import { cli } from '../helpers/cli.js';
import { tempDir } from '../helpers/fixture-repo.js';

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
  const call = (method: string, body: string) => new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request({
      host: '127.0.0.1', port: server.port, path: `/api/${method}`, method: 'POST',
      headers: { host: `127.0.0.1:${server.port}`, 'content-type': 'application/json', 'x-perflab-token': server.token },
    }, (res) => {
      let text = '';
      res.on('data', (d) => { text += d; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
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
