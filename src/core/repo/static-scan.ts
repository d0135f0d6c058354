// Benchmark names from the sources, without running anything: a scan of a package's _test.go
// files for `func BenchmarkXxx(b *testing.B)`. Used before a repository is trusted (and for
// quick listings); the runner itself lists benchmarks from the compiled binary.
import { MiB, readTextBounded } from '../fs/safe-read.js';
import { join } from 'node:path';

const BENCH_FUNC = /^func\s+(Benchmark[\p{L}\p{N}_]*)\s*\(\s*[\p{L}_][\p{L}\p{N}_]*\s+\*\s*(?:[\p{L}_][\p{L}\p{N}_]*\s*\.\s*)?B\s*\)/gmu;

/** Go's rule: "Benchmark" alone, or followed by a character that is not a lower-case letter. */
export function isBenchmarkName(name: string): boolean {
  if (!name.startsWith('Benchmark')) return false;
  const rest = name.slice('Benchmark'.length);
  return rest === '' || !/^\p{Ll}/u.test(rest);
}

export function scanBenchmarks(source: string): string[] {
  const names: string[] = [];
  for (const m of source.matchAll(BENCH_FUNC)) if (isBenchmarkName(m[1])) names.push(m[1]);
  return names;
}

export async function scanPackageBenchmarks(dir: string, testFiles: readonly string[]): Promise<string[]> {
  const names: string[] = [];
  for (const f of [...testFiles].sort()) {
    try {
      // Before trust: a link (to /dev/zero, say), a FIFO or a huge file is skipped, never read whole.
      names.push(...scanBenchmarks(await readTextBounded(join(dir, f), { maxBytes: 16 * MiB, noFollow: true })));
    } catch { /* unreadable, a link or not a regular file: nothing from it */ }
  }
  return names;
}
