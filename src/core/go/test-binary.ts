// Driving a compiled test binary directly: `-test.list` for benchmark names, and the argument
// list of a benchmark or profile run. Flags are always in the joined -test.name=value form,
// built from typed values; user text appears only as the value of -test.bench=.
import { exec } from '../proc/exec.js';
import { fail } from '../../shared/errors.js';

/** Top-level benchmark names in the binary (runs package init and TestMain: needs trust). */
export async function listBenchmarks(
  binary: string,
  cwd: string,
  env: Readonly<Record<string, string>>,
  signal?: AbortSignal,
): Promise<string[]> {
  const r = await exec('test binary', binary, ['-test.list=^Benchmark'], { cwd, env, timeoutMs: 120_000, signal });
  if (r.exitCode !== 0) {
    fail('ToolFailed', { command: `${binary} -test.list`, exitCode: r.exitCode, output: (r.stdout + r.stderr).slice(0, 20_000) });
  }
  return r.stdout
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => /^Benchmark(?![a-z])\S*$/.test(l));
}

export interface BenchRunArgs {
  readonly bench: string;
  readonly benchtime: string;
  readonly cpu: readonly number[];
  readonly timeout: string;
  readonly count?: number;
  readonly cpuprofile?: string;
  readonly memprofile?: string;
  readonly memprofilerate?: number;
  readonly blockprofile?: string;
  readonly blockprofilerate?: number;
  readonly mutexprofile?: string;
  readonly mutexprofilefraction?: number;
  readonly trace?: string;
}

/** The arguments of one benchmark process (framed output for reliable parsing). */
export function benchArgs(a: BenchRunArgs): string[] {
  const args = [
    '-test.run=^$',
    `-test.bench=${a.bench}`,
    `-test.count=${a.count ?? 1}`,
    '-test.benchmem',
    `-test.benchtime=${a.benchtime}`,
    `-test.timeout=${a.timeout}`,
    '-test.v=test2json',
  ];
  if (a.cpu.length) args.push(`-test.cpu=${a.cpu.join(',')}`);
  if (a.cpuprofile) args.push(`-test.cpuprofile=${a.cpuprofile}`);
  if (a.memprofile) args.push(`-test.memprofile=${a.memprofile}`);
  if (a.memprofilerate !== undefined) args.push(`-test.memprofilerate=${a.memprofilerate}`);
  if (a.blockprofile) args.push(`-test.blockprofile=${a.blockprofile}`);
  if (a.blockprofilerate !== undefined) args.push(`-test.blockprofilerate=${a.blockprofilerate}`);
  if (a.mutexprofile) args.push(`-test.mutexprofile=${a.mutexprofile}`);
  if (a.mutexprofilefraction !== undefined) args.push(`-test.mutexprofilefraction=${a.mutexprofilefraction}`);
  if (a.trace) args.push(`-test.trace=${a.trace}`);
  return args;
}
