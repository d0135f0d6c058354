// N for a profiling process: the profile benchtime divided by the benchmark's time per op in
// the run's timing results at that ref (median per sub-benchmark, summed), so the process
// lasts about that long; it then runs N+1 iterations (Go's probe plus N).
import { describe, expect, it } from 'vitest';
import type { StoredResult } from '../../../src/core/store/results.js';
import { iterationsOfN, profileIterations } from '../../../src/core/runner/profile-iterations.js';

let id = 1;
const result = (refId: number, name: string, secPerOp: number, cpu = 2): StoredResult => ({
  id: id++,
  refId,
  config: [],
  pkg: 'example.com/p',
  name,
  cpu,
  benchtime: '1s',
  iterations: Math.round(1 / secPerOp),
  round: 1,
  metrics: [
    { unit: 'sec/op', value: secPerOp, rawUnit: 'ns/op', rawValue: secPerOp * 1e9 },
    { unit: 'B/op', value: 0, rawUnit: 'B/op', rawValue: 0 },
  ],
});
const at = (results: StoredResult[], o: Partial<Parameters<typeof profileIterations>[1]> = {}) =>
  profileIterations(results, { runRefId: 1, pkg: 'example.com/p', bench: 'BenchmarkX', cpu: 2, profileBenchtime: '1s', ...o });

describe('profileIterations', () => {
  it('divides the profile benchtime by the median time per op of that ref', () => {
    const rs = [result(1, 'BenchmarkX', 1e-3), result(1, 'BenchmarkX', 2e-3), result(1, 'BenchmarkX', 4e-3), result(2, 'BenchmarkX', 1e-6)];
    expect(at(rs)).toEqual({ benchtime: '500x', iterations: 501 });
    expect(at(rs, { runRefId: 2 })).toEqual({ benchtime: '1000000x', iterations: 1000001 });
  });
  it('sums the sub-benchmarks (one N runs each) and ignores other benchmarks and -cpu values', () => {
    const rs = [
      result(1, 'BenchmarkX/a', 1e-3),
      result(1, 'BenchmarkX/b', 3e-3),
      result(1, 'BenchmarkXY', 1),
      result(1, 'BenchmarkX/a', 1, 1),
    ];
    expect(at(rs, { profileBenchtime: '2s' })).toEqual({ benchtime: '500x', iterations: 501 });
  });
  it('uses a count as N, and at least one iteration', () => {
    expect(at([], { profileBenchtime: '300x' })).toEqual({ benchtime: '300x', iterations: 301 });
    expect(at([result(1, 'BenchmarkX', 5)])).toEqual({ benchtime: '1x', iterations: 1 });
  });
  it('is null without a time per op to scale by', () => {
    expect(at([result(2, 'BenchmarkX', 1e-3)])).toBeNull();
  });
  it('counts the probe: N+1 for N > 1, and 1 for N = 1 (Go reuses the probe)', () => {
    expect(iterationsOfN(1)).toBe(1);
    expect(iterationsOfN(2)).toBe(3);
  });
});
