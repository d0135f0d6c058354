// Change points on series with known steps: one step found at its commit with its size; none
// in a flat series; two steps both found; a step below the threshold not reported; and, over
// many seeded A/A series of 8 commits x 5 samples with 2% lognormal noise, false alarms at
// most alpha.
import { describe, expect, it } from 'vitest';
import { findChangePoints, type SeriesColumn } from '../../../src/core/workflow/change-points.js';
import { mulberry32 } from '../../../src/core/runner/plan.js';

function series(levels: readonly number[], n: number, noise: number, seed: number): SeriesColumn[] {
  const rnd = mulberry32(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
  return levels.map((level, i) => ({
    sha: i.toString(16).padStart(40, '0'),
    label: `c${i}`,
    samples: Array.from({ length: n }, () => level * Math.exp(noise * gauss())),
  }));
}

const opts = { alpha: 0.05, thresholdPct: 5, confidence: 0.95 };

describe('change points', () => {
  it('finds a 2x step at the first commit of the new level, with its size', () => {
    const cps = findChangePoints(series([1, 1, 1, 1, 1, 2, 2, 2, 2], 5, 0.03, 1), opts);
    expect(cps).toHaveLength(1);
    expect(cps[0].index).toBe(5);
    expect(cps[0].label).toBe('c5');
    expect(cps[0].deltaPct).toBeGreaterThan(90);
    expect(cps[0].deltaPct).toBeLessThan(110);
    expect(cps[0].loPct!).toBeLessThan(cps[0].deltaPct);
    expect(cps[0].hiPct!).toBeGreaterThan(cps[0].deltaPct);
    expect(cps[0].p).toBeLessThanOrEqual(0.05);
  });

  it('finds two steps, each measured between its neighbours', () => {
    const cps = findChangePoints(series([1, 1, 1, 1.5, 1.5, 1.5, 0.75, 0.75, 0.75], 6, 0.02, 2), opts);
    expect(cps.map((c) => c.index)).toEqual([3, 6]);
    expect(cps[0].deltaPct).toBeCloseTo(50, -1);
    expect(cps[1].deltaPct).toBeCloseTo(-50, -1);
  });

  it('reports nothing for a flat series, and nothing for a real step below the threshold', () => {
    expect(findChangePoints(series([1, 1, 1, 1, 1, 1, 1, 1], 5, 0.02, 3), opts)).toEqual([]);
    expect(findChangePoints(series([1, 1, 1, 1, 1.03, 1.03, 1.03, 1.03], 10, 0.002, 4), opts)).toEqual([]);
    expect(findChangePoints(series([1, 1, 1, 1, 1.03, 1.03, 1.03, 1.03], 10, 0.002, 4), { ...opts, thresholdPct: 1 })).toHaveLength(1);
  });

  it('keeps A/A false alarms at or under alpha (1,000 seeded studies of 8 commits x 5 samples)', () => {
    let alarms = 0;
    const studies = 1000;
    for (let s = 0; s < studies; s++)
      if (findChangePoints(series(Array(8).fill(1), 5, 0.02, 1000 + s), { ...opts, thresholdPct: 0 }).length) alarms++;
    expect(alarms / studies).toBeLessThanOrEqual(0.05);
  });
});
