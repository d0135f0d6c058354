// Real profiles for the tests, generated from test/fixtures/pprofgen with the real go: one
// compiled test binary, run for CPU, for memory + block + mutex, and for an execution trace.
// Generating takes ~15 s, so the files are kept in a temp directory named by a hash of the
// fixture's sources and the go version, shared by the test files of one run (and reused by
// the next run only while neither changes).
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { goOk, goRunner } from './go-run.js';

export const FIXTURE = fileURLToPath(new URL('../../../fixtures/pprofgen', import.meta.url));

export interface RealProfiles {
  readonly dir: string;
  readonly cpu: string;
  readonly cpu2: string;
  readonly mem: string;
  readonly block: string;
  readonly mutex: string;
  readonly trace: string;
  /** The fixture module copied next to the profiles (for source views). */
  readonly module: string;
}

let pending: Promise<RealProfiles> | null = null;

/** Part of the cache key: change it when the way profiles are generated changes. */
const RECIPE = 'trimpath; cpu 400ms; cpu2 Fib|Walk 300ms; mem rate 4096 + block + mutex; trace 100ms';

function files(dir: string): RealProfiles {
  return {
    dir,
    cpu: join(dir, 'cpu.pb.gz'),
    cpu2: join(dir, 'cpu2.pb.gz'),
    mem: join(dir, 'mem.pb.gz'),
    block: join(dir, 'block.pb.gz'),
    mutex: join(dir, 'mutex.pb.gz'),
    trace: join(dir, 'trace.out'),
    module: join(dir, 'module'),
  };
}

export function realProfiles(): Promise<RealProfiles> {
  pending ??= generate();
  return pending;
}

async function generate(): Promise<RealProfiles> {
  const go = await goRunner();
  const h = createHash('sha256').update(go.version).update(RECIPE);
  for (const f of readdirSync(FIXTURE).sort()) h.update(f).update(readFileSync(join(FIXTURE, f)));
  // The system's temp dir, not the test file's own scratch dir (test/setup/isolated-home.ts):
  // the profiles are shared by the files of a run and kept for the next.
  const base = process.env.PERFLAB_TEST_TMP_BASE ?? tmpdir();
  const final = join(base, `perflab-pprofgen-${h.digest('hex').slice(0, 16)}`);
  if (existsSync(join(final, 'done'))) return files(final);

  const work = mkdtempSync(join(base, 'perflab-pprofgen-work-'));
  const out = files(work);
  cpSync(FIXTURE, out.module, { recursive: true });
  const bin = join(work, 'pprofgen.test');
  await goOk(['test', '-c', '-trimpath', '-o', bin, '.'], out.module);
  const run = (args: string[]) => goBinary(bin, args, out.module);
  const bench = ['-test.run=^$', '-test.bench=.', '-test.benchtime=400ms'];
  await run([...bench, `-test.cpuprofile=${out.cpu}`]);
  await run(['-test.run=^$', '-test.bench=Fib|Walk', '-test.benchtime=300ms', `-test.cpuprofile=${out.cpu2}`]);
  await run([
    ...bench,
    '-test.memprofilerate=4096',
    `-test.memprofile=${out.mem}`,
    `-test.blockprofile=${out.block}`,
    `-test.mutexprofile=${out.mutex}`,
  ]);
  await run(['-test.run=^$', '-test.bench=PingPong|Contended', '-test.benchtime=100ms', `-test.trace=${out.trace}`]);
  writeFileSync(join(work, 'done'), 'ok');
  try {
    renameSync(work, final);
  } catch {
    // Another test file finished first: use its copy.
    rmSync(work, { recursive: true, force: true });
  }
  return files(final);
}

async function goBinary(bin: string, args: string[], cwd: string): Promise<void> {
  const { exec } = await import('../../../../src/core/proc/exec.js');
  const go = await goRunner();
  const r = await exec('pprofgen.test', bin, args, { cwd, env: go.env, timeoutMs: 120_000 });
  if (r.exitCode !== 0) throw new Error(`${bin} ${args.join(' ')} exited ${r.exitCode}: ${r.stderr}${r.stdout}`);
}
