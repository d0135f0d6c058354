// The statistics of bisect: confirmation (worse / not worse / undecided), the midpoint rule
// for candidates, direction of the unit, and the alpha spent over looks, decisions and series.
import { describe, expect, it } from 'vitest';
import {
  bisectLookAlpha,
  candidateOutcome,
  confirmOutcome,
  evidenceOf,
  judgeCandidate,
  judgeConfirm,
  plannedDecisions,
  type SeriesSamples,
} from '../../../src/core/workflow/bisect-decide.js';

/** n samples around `center` with a deterministic ±spread pattern. */
function around(center: number, n: number, spread = 0.03): number[] {
  return Array.from({ length: n }, (_, i) => center * (1 + spread * Math.sin(i * 2.4 + center)));
}

function series(columns: number[][], better: -1 | 0 | 1 = -1): SeriesSamples {
  return { key: 'k', top: 't', bench: 'BenchmarkSum', unit: better === 1 ? 'B/s' : 'sec/op', better, columns };
}

const A = bisectLookAlpha(0.05, 5, 6, 1);

describe('bisect decisions', () => {
  it('confirms a 2x slowdown, refuses a change below the threshold, and waits when it cannot tell', () => {
    expect(judgeConfirm(series([around(10, 10), around(20, 10)]), 0, 1, A, 5).state).toBe('worse');
    expect(judgeConfirm(series([around(10, 10), around(10, 10)]), 0, 1, A, 5).state).toBe('not worse');
    expect(judgeConfirm(series([around(10, 10), around(5, 10)]), 0, 1, A, 5).state).toBe('not worse');
    // Four samples a side cannot reach alpha / 30: undecided, never a guess.
    const small = judgeConfirm(series([around(10, 4), around(20, 4)]), 0, 1, A, 5);
    expect(small.state).toBe('undecided');
    expect(small.why).toContain('straddles');
    // 3% slower with a 5% threshold and a tight spread: not worse beyond the threshold.
    expect(judgeConfirm(series([around(10, 12, 0.002), around(10.3, 12, 0.002)]), 0, 1, A, 5).state).toBe('not worse');
  });

  it('reads higher-is-better units the other way round', () => {
    expect(judgeConfirm(series([around(20, 10), around(10, 10)], 1), 0, 1, A, 5).state).toBe('worse');
    expect(judgeConfirm(series([around(10, 10), around(20, 10)], 1), 0, 1, A, 5).state).toBe('not worse');
  });

  it('judges a candidate against the midpoint between the two ends', () => {
    const good = around(10, 10);
    const bad = around(20, 10);
    const likeGood = judgeCandidate(series([good, around(10.2, 10), bad]), 0, 1, 2, A, 5);
    expect(likeGood.state).toBe('like good');
    expect(likeGood.midpoint).toBeCloseTo(Math.SQRT2, 1);
    expect(judgeCandidate(series([good, around(19.5, 10), bad]), 0, 1, 2, A, 5).state).toBe('like bad');
    // Halfway (in log terms) between the ends: neither, whatever the count.
    expect(judgeCandidate(series([good, around(14.1, 10), bad]), 0, 1, 2, A, 5).state).toBe('undecided');
    // A run where bad is no longer worse than good decides nothing.
    const lost = judgeCandidate(series([good, around(10, 10), around(10, 10)]), 0, 1, 2, A, 5);
    expect(lost.state).toBe('undecided');
    expect(lost.why).toContain('did not reproduce');
  });

  it('combines series: any worse confirms, any like bad is bad, like good needs all', () => {
    const j = (state: 'worse' | 'not worse' | 'like good' | 'like bad' | 'undecided') => ({
      bench: 'B',
      unit: 'sec/op',
      estimate: 1,
      lo: 1,
      hi: 1,
      midpoint: null,
      n: 8,
      state,
      why: '',
    });
    expect(confirmOutcome([j('undecided'), j('worse')])).toBe('worse');
    expect(confirmOutcome([j('not worse'), j('not worse')])).toBe('not worse');
    expect(confirmOutcome([j('not worse'), j('undecided')])).toBe('undecided');
    expect(confirmOutcome([])).toBe('undecided');
    expect(candidateOutcome([j('like good'), j('like bad')])).toBe('like bad');
    expect(candidateOutcome([j('like good'), j('undecided')])).toBe('undecided');
    expect(candidateOutcome([j('like good')])).toBe('like good');
  });

  it('spends alpha over looks, decisions and series', () => {
    expect(plannedDecisions(9)).toBe(6);
    expect(plannedDecisions(1)).toBe(2);
    expect(bisectLookAlpha(0.05, 5, 6, 2)).toBeCloseTo(0.05 / 60, 12);
    const e = evidenceOf(around(10, 10), around(20, 10))!;
    expect(e.deltaPct).toBeGreaterThan(90);
    expect(e.loPct).toBeGreaterThan(80);
    expect(e.p).toBeLessThan(0.001);
  });
});
