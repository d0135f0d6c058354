// How many iterations a profiling process runs, so a profile can be divided per op. Go prints
// only the last b.N, and a time-based benchtime also runs (and profiles) the ramp-up runs
// (N = 1, 100, ...), so a count read from the output is biased. Profiling processes run
// `-test.benchtime=Nx` instead, with N taken from the run's own timing results so the process
// lasts about the profile benchtime asked for; such a process runs Go's 1-iteration probe plus
// N (each sub-benchmark alike), which is the count stored with the profile; a b.Loop benchmark
// runs exactly N (profile-capture.ts tells them apart with loop-benchmarks.ts).
import type { StoredResult } from '../store/results.js';
import { goDurationMs } from './durations.js';

/** Upper bound on N: Go's own ramp-up stops at 1e9 iterations. */
const MAX_N = 1_000_000_000;

export interface ProfileIterations {
  /** The -test.benchtime value of the profiling process (`Nx`). */
  readonly benchtime: string;
  /** Iterations the process runs: N + 1 (the probe), or 1 when N is 1 (Go reuses the probe). */
  readonly iterations: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** The count a `-test.benchtime=Nx` process runs. */
export function iterationsOfN(n: number): number {
  return n > 1 ? n + 1 : 1;
}

/**
 * N for one profiling process of `bench` (a top-level name) at one ref: the profile benchtime
 * if it is already a count (`500x`), else that duration divided by the benchmark's time per op
 * in the timing results (median per sub-benchmark, summed over them: one N runs each of them).
 * Null when the timing results hold no time per op for it (the process then keeps the
 * time-based benchtime and its profile has no iteration count).
 */
export function profileIterations(
  results: readonly StoredResult[],
  o: {
    readonly runRefId: number;
    readonly pkg: string;
    readonly bench: string;
    readonly cpu: number;
    readonly profileBenchtime: string;
  },
): ProfileIterations | null {
  const fixed = /^(\d+)x$/.exec(o.profileBenchtime);
  if (fixed) {
    const n = Math.min(MAX_N, Math.max(1, Number(fixed[1])));
    return { benchtime: `${n}x`, iterations: iterationsOfN(n) };
  }
  const mine = results.filter((r) => r.refId === o.runRefId && r.pkg === o.pkg && (r.name === o.bench || r.name.startsWith(`${o.bench}/`)));
  const atCpu = mine.filter((r) => r.cpu === o.cpu);
  const perLeaf = new Map<string, number[]>();
  for (const r of atCpu.length ? atCpu : mine) {
    const m = r.metrics.find((x) => x.unit === 'sec/op');
    if (!m || !(m.value > 0)) continue;
    const list = perLeaf.get(r.name) ?? [];
    list.push(m.value);
    perLeaf.set(r.name, list);
  }
  if (perLeaf.size === 0) return null;
  let secPerOp = 0;
  for (const xs of perLeaf.values()) secPerOp += median(xs);
  const target = goDurationMs(o.profileBenchtime) / 1000;
  const n = Math.min(MAX_N, Math.max(1, Math.round(target / secPerOp)));
  return { benchtime: `${n}x`, iterations: iterationsOfN(n) };
}
