// Parity on real `go test -bench` output: the basic fixture's benchmarks (sub-benchmarks,
// custom metrics, SetBytes, -benchmem) run twice at -cpu 1,2, then compared by file, by
// /gomaxprocs and with a config-key column, by Perflab and by the pinned benchstat.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { benchstatPath } from '../helpers/benchstat.js';
import { goBinary } from '../core/benchunit/go-oracle.js';
import { benchstatFor, diffOutputs, oursFor } from './harness.js';
import type { DataSet } from './generate.js';

const run = promisify(execFile);
const fixture = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/basic');

describe('benchstat parity (real go test output)', () => {
  let dir = '';
  const outputs: string[] = [];
  beforeAll(async () => {
    await benchstatPath();
    dir = await mkdtemp(path.join(os.tmpdir(), 'perflab-fixture-parity-'));
    await cp(fixture, path.join(dir, 'mod'), { recursive: true });
    const env = {
      ...process.env,
      GOFLAGS: '',
      GOTOOLCHAIN: 'local',
      GOWORK: 'off',
      GOENV: 'off',
      PERFLAB_FIXTURE_PANIC: '',
      PERFLAB_FIXTURE_PRINT: '',
    };
    for (let i = 0; i < 2; i++) {
      const r = await run(
        goBinary(),
        ['test', '-run', '^$', '-bench', '.', '-benchmem', '-count', '5', '-benchtime', '200x', '-cpu', '1,2', './...'],
        {
          cwd: path.join(dir, 'mod'),
          env,
          maxBuffer: 16 * 1024 * 1024,
        },
      );
      outputs.push(r.stdout);
      await writeFile(path.join(dir, `run${i}.txt`), r.stdout);
      // A config key both runs carry, with different values, for `-col ref`.
      await writeFile(path.join(dir, `ref${i}.txt`), `ref: ${i === 0 ? 'main' : 'feature'}\n` + r.stdout);
    }
    await writeFile(path.join(dir, 'both.txt'), outputs.map((o, i) => `ref: ${i === 0 ? 'main' : 'feature'}\n` + o).join(''));
  }, 300_000);
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const cases: { readonly flags: readonly string[]; readonly files: readonly string[] }[] = [
    { flags: [], files: ['run0.txt', 'run1.txt'] },
    { flags: ['-col', '/gomaxprocs'], files: ['run0.txt'] },
    { flags: ['-col', 'ref'], files: ['both.txt'] },
    { flags: ['-col', 'ref', '-alpha', '0.01', '-confidence', '0.9'], files: ['ref0.txt', 'ref1.txt'] },
    { flags: [], files: ['run0.txt', 'run1.txt', 'run0.txt'] },
    { flags: ['-filter', '.unit:sec/op'], files: ['run0.txt', 'run1.txt'] },
  ];

  it('prints byte-identical text and CSV for real benchmark output', async () => {
    const names = ['run0.txt', 'run1.txt', 'ref0.txt', 'ref1.txt', 'both.txt'];
    const { readFile } = await import('node:fs/promises');
    const files = await Promise.all(names.map(async (n) => ({ name: n, text: await readFile(path.join(dir, n), 'utf8') })));
    expect(files[0].text).toMatch(/BenchmarkFields/);
    const diffs: string[] = [];
    for (const c of cases) {
      const ds: DataSet = { id: `fixture ${c.flags.join(' ')} ${c.files.join(' ')}`, files, flags: c.flags };
      const theirs = await benchstatFor(dir, ds, c.files);
      expect(theirs.text.stdout).toContain('│');
      diffs.push(...diffOutputs(ds.id, oursFor(ds, c.files), theirs));
    }
    console.log(`benchstat parity on real go test output: ${cases.length} comparisons, ${diffs.length} differences`);
    expect(diffs.join('\n\n')).toBe('');
  });
});
