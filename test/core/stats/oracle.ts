// Test oracle for src/core/stats: builds test/fixtures/statsoracle (a few lines of Go over the
// very benchmath / go-moremath code benchstat runs, pinned in its go.mod) into a temp dir and
// asks it batches of questions. Needs `go` (and the module proxy or a warm module cache on
// first use). The benchstat binary itself comes from test/helpers/benchstat.ts.

import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { goPath } from '../../helpers/go.js';

const run = promisify(execFile);

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const ORACLE_SRC = path.join(ROOT, 'test/fixtures/statsoracle');

export interface Oracle {
  ask<T = Record<string, unknown>>(cases: readonly Record<string, unknown>[]): Promise<T[]>;
  dispose(): Promise<void>;
}

/** Builds the oracle binary once (per call) into a fresh temp dir. */
export async function buildOracle(): Promise<Oracle> {
  const go = goPath('the statistics oracle (test/fixtures/statsoracle) is built with the Go toolchain');
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'perflab-statsoracle-'));
  const bin = path.join(dir, 'statsoracle');
  await run(go, ['build', '-o', bin, '.'], { cwd: ORACLE_SRC, env: { ...process.env, GOFLAGS: '', GOTOOLCHAIN: 'local', GOWORK: 'off' } });
  return {
    async ask<T>(cases: readonly Record<string, unknown>[]): Promise<T[]> {
      const child = execFile(bin, [], { maxBuffer: 256 * 1024 * 1024 });
      const out = new Promise<string>((resolve, reject) => {
        let stdout = '';
        let stderr = '';
        child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
        child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
        child.on('error', reject);
        child.on('close', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`statsoracle exited ${code}: ${stderr}`))));
      });
      child.stdin!.end(JSON.stringify(cases));
      return JSON.parse(await out) as T[];
    },
    async dispose() {
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}

/** Parses a float the oracle wrote with strconv.FormatFloat(x, 'g', -1, 64). */
export function goFloat(s: unknown): number {
  if (s === '+Inf') return Infinity;
  if (s === '-Inf') return -Infinity;
  if (s === 'NaN') return NaN;
  if (typeof s !== 'string') throw new Error(`oracle float is not a string: ${JSON.stringify(s)}`);
  return Number(s);
}
