// benchstat's exact p with ties (go-moremath's recursion), pinned on cases where it differs from
// the textbook conditional distribution; the values are what the pinned benchstat prints.
import { describe, expect, it } from 'vitest';
import { formatGoFloat } from '../../../src/core/benchunit/index.js';
import { benchstatCompare } from '../../../src/core/compare/stats-cache.js';

const rep = (v: number, n: number): number[] => Array.from({ length: n }, () => v);

describe('benchstatCompare with ties', () => {
  it('gives benchstat p values where a side is constant', () => {
    const p = (a: number[], b: number[]): string => formatGoFloat(benchstatCompare(a, b, 0.05).p, 3);
    expect(p([8, 7, 8], rep(7, 7))).toBe('0.933');
    expect(p([512, 513, 512], rep(512, 11))).toBe('1.571');
    expect(p([512], rep(0, 5))).toBe('1.667');
    expect(p([7], rep(6, 12))).toBe('1.846');
    const tiny = benchstatCompare(rep(201e-9, 10), rep(1.8100000000000002e-7, 12), 0.05).p;
    expect(tiny > 0 && tiny < 0.0005).toBe(true);
  });

  it('keeps compareSamples rules: all equal, and the small-sample note', () => {
    expect(benchstatCompare([3, 3], [3], 0.05)).toEqual({ p: 1, alpha: 0.05, significant: false, warnings: ['all samples are equal'] });
    const c = benchstatCompare([1, 2], [1, 3], 0.05);
    expect(c.warnings).toEqual(['need >= 4 samples to detect a difference at alpha level 0.05']);
    expect(c.significant).toBe(false);
  });
});
