// Which benchmarks use b.Loop (called once, N iterations) rather than b.N (probe + N).
import { describe, expect, it } from 'vitest';
import { scanLoopBenchmarks } from '../../../src/core/runner/loop-benchmarks.js';
import { resourceIterations } from '../../../src/core/runner/resource-capture.js';
import type { StoredResult } from '../../../src/core/store/results.js';

const SRC = `package p

import "testing"

// BenchmarkComment mentions b.Loop() only in a comment.
func BenchmarkComment(b *testing.B) {
	s := "b.Loop()"
	for i := 0; i < b.N; i++ {
		_ = s
	}
}

func BenchmarkLoop(b *testing.B) {
	for b.Loop() {
	}
}

func BenchmarkSubs(bb *testing.B) {
	bb.Run("x", func(b *testing.B) {
		for b.Loop() {
		}
	})
}

func helper(b *testing.B) {
	for b.Loop() {
	}
}

func BenchmarkN(b *testing.B) {
	for i := 0; i < b.N; i++ {
	}
}
`;

describe('scanLoopBenchmarks', () => {
  it('finds top-level benchmarks whose body (closures included) calls .Loop(), not comments, strings or helpers', () => {
    expect(scanLoopBenchmarks(SRC)).toEqual(['BenchmarkLoop', 'BenchmarkSubs']);
  });
});

describe('resourceIterations', () => {
  const r = (name: string, iterations: number, o: Partial<StoredResult> = {}): StoredResult => ({
    id: 0,
    refId: 1,
    config: [],
    pkg: 'p',
    name,
    cpu: 2,
    benchtime: '1s',
    iterations,
    round: 1,
    metrics: [{ unit: 'sec/op', value: 1e-6, rawUnit: 'ns/op', rawValue: 1000 }],
    ...o,
  });
  it('takes the median b.N of each leaf at the ref, package, -cpu and benchtime', () => {
    const timing = [
      r('BenchmarkA/x', 100),
      r('BenchmarkA/x', 300),
      r('BenchmarkA/x', 200),
      r('BenchmarkA/y', 10),
      r('BenchmarkAB', 5),
      r('BenchmarkA/x', 9999, { cpu: 1 }),
      r('BenchmarkA/x', 9999, { refId: 2 }),
      r('BenchmarkA/x', 9999, { benchtime: '2s' }),
      r('BenchmarkA/x', 9999, { metrics: [{ unit: 'peak-RSS-B', value: 1, rawUnit: 'peak-RSS-B', rawValue: 1 }] }),
    ];
    expect([...resourceIterations(timing, { runRefId: 1, pkg: 'p', top: 'BenchmarkA', cpu: 2, benchtime: '1s' })]).toEqual([
      ['BenchmarkA/x', 200],
      ['BenchmarkA/y', 10],
    ]);
  });
});
