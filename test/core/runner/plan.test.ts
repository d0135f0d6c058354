import { describe, expect, it } from 'vitest';
import { cellsOf, planJobs } from '../../../src/core/runner/plan.js';
import { goDurationMs } from '../../../src/core/runner/durations.js';

const columns = [
  { index: 0, label: 'main' },
  { index: 1, label: 'feature' },
  { index: 2, label: 'WORKTREE' },
];
const packages = [
  {
    importPath: 'p',
    benchmarks: new Map([
      [0, ['A', 'B']],
      [1, ['A', 'B']],
      [2, ['A']],
    ]),
  },
];

describe('plan', () => {
  it('interleaves: every round runs every column once, rotating the order', () => {
    const jobs = planJobs({ columns, packages, benchtimes: ['1s'], count: 3, order: 'interleaved' });
    expect(jobs.map((j) => `${j.round}:${j.column}`)).toEqual(['1:0', '1:1', '1:2', '2:1', '2:2', '2:0', '3:2', '3:0', '3:1']);
    expect(cellsOf(jobs)).toBe(3 * (2 + 2 + 1));
  });

  it('sequential runs all rounds of one column, then the next', () => {
    const jobs = planJobs({ columns: columns.slice(0, 2), packages, benchtimes: ['1s', '100x'], count: 2, order: 'sequential' });
    expect(jobs.map((j) => `${j.column}:${j.round}:${j.benchtime}`)).toEqual([
      '0:1:1s',
      '0:1:100x',
      '0:2:1s',
      '0:2:100x',
      '1:1:1s',
      '1:1:100x',
      '1:2:1s',
      '1:2:100x',
    ]);
  });

  it('shuffled orders are reproducible from the seed and cover every column each round', () => {
    const a = planJobs({ columns, packages, benchtimes: ['1s'], count: 5, order: 'shuffled', seed: 42 });
    const b = planJobs({ columns, packages, benchtimes: ['1s'], count: 5, order: 'shuffled', seed: 42 });
    expect(a).toEqual(b);
    for (let r = 1; r <= 5; r++)
      expect(
        a
          .filter((j) => j.round === r)
          .map((j) => j.column)
          .sort(),
      ).toEqual([0, 1, 2]);
  });

  it('parses Go durations', () => {
    expect(goDurationMs('10m')).toBe(600_000);
    expect(goDurationMs('1m30s')).toBe(90_000);
    expect(goDurationMs('500ms')).toBe(500);
    expect(() => goDurationMs('10 minutes')).toThrow();
  });
});
