// The pinned benchstat binary, the oracle for Perflab's comparisons. Installed once with
// `go install` into node_modules/.cache/perflab-tools/<version>/ and reused; a test that needs
// it fails with a message naming benchstat (and go) when it cannot be had.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { goPath } from './go.js';

const run = promisify(execFile);

/** The one place the oracle's version is pinned. */
export const BENCHSTAT_MODULE = 'golang.org/x/perf/cmd/benchstat';
export const BENCHSTAT_VERSION = 'v0.0.0-20260908200009-22c9c6c9d4da';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cacheDir = path.join(repoRoot, 'node_modules', '.cache', 'perflab-tools', BENCHSTAT_VERSION);

let installing: Promise<string> | null = null;

/** Path of the pinned benchstat binary, installing it on first use. */
export function benchstatPath(): Promise<string> {
  installing ??= (async () => {
    const bin = path.join(cacheDir, process.platform === 'win32' ? 'benchstat.exe' : 'benchstat');
    if (existsSync(bin)) return bin;
    const go = goPath(
      `benchstat is needed as the test oracle, and installing it needs go (go install ${BENCHSTAT_MODULE}@${BENCHSTAT_VERSION})`,
    );
    await mkdir(cacheDir, { recursive: true });
    try {
      await run(go, ['install', `${BENCHSTAT_MODULE}@${BENCHSTAT_VERSION}`], {
        env: { ...process.env, GOBIN: cacheDir, GOFLAGS: '', GOTOOLCHAIN: 'local' },
        maxBuffer: 16 * 1024 * 1024,
      });
    } catch (err) {
      throw new Error(`could not install benchstat (go install ${BENCHSTAT_MODULE}@${BENCHSTAT_VERSION}): ${(err as Error).message}`, {
        cause: err,
      });
    }
    if (!existsSync(bin)) throw new Error(`benchstat was not installed at ${bin}`);
    return bin;
  })();
  return installing;
}

export interface BenchstatOutput {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

/** Runs benchstat with args in cwd; never throws on a non-zero exit. */
export async function runBenchstat(args: readonly string[], cwd: string): Promise<BenchstatOutput> {
  const bin = await benchstatPath();
  return new Promise((resolve, reject) => {
    execFile(bin, [...args], { cwd, maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (err && typeof (err as NodeJS.ErrnoException).code === 'string') {
        reject(new Error(`benchstat could not run: ${err.message}`));
        return;
      }
      const code = err ? ((err as { code?: number }).code ?? 1) : 0;
      resolve({ stdout, stderr, exitCode: typeof code === 'number' ? code : 1 });
    });
  });
}

/** Runs jobs with at most `limit` at a time (the machine has two cores). */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
