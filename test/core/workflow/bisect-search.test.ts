// The search of statistical bisect: midpoints, skips as git bisect skip, and the interval
// reported when only skipped commits are left.
import { describe, expect, it } from 'vitest';
import { afterOutcome, initialSearch, nextStep, remaining, type SearchState } from '../../../src/core/workflow/bisect-search.js';

/** Runs the search against a truth (first bad index) and a set of commits that do not build. */
function simulate(n: number, firstBad: number, broken: ReadonlySet<number> = new Set()) {
  let s: SearchState = initialSearch(n);
  const visited: number[] = [];
  for (;;) {
    const next = nextStep(s);
    if (next.kind !== 'measure') return { next, visited };
    visited.push(next.index);
    s = afterOutcome(s, next.index, broken.has(next.index) ? 'skipped' : next.index >= firstBad ? 'like bad' : 'like good');
  }
}

describe('bisect search', () => {
  it('finds every first bad commit within ceil(log2 n) candidates', () => {
    for (let n = 1; n <= 33; n++) {
      for (let bad = 0; bad < n; bad++) {
        const { next, visited } = simulate(n, bad);
        expect(next).toEqual({ kind: 'found', index: bad });
        expect(visited.length).toBeLessThanOrEqual(Math.ceil(Math.log2(n)));
        expect(new Set(visited).size).toBe(visited.length);
      }
    }
  });

  it('starts in the middle and moves to a neighbour of a skipped commit', () => {
    const s = initialSearch(9);
    expect(nextStep(s)).toEqual({ kind: 'measure', index: 3 });
    expect(nextStep(afterOutcome(s, 3, 'skipped'))).toEqual({ kind: 'measure', index: 2 });
    const { next, visited } = simulate(9, 5, new Set([3]));
    expect(next).toEqual({ kind: 'found', index: 5 });
    expect(visited).toEqual([3, 2, 5, 4]);
  });

  it('reports the interval when only skipped commits are left before the first bad one', () => {
    const { next } = simulate(6, 3, new Set([2]));
    expect(next).toEqual({ kind: 'skipped-out', interval: [2, 3] });
    const all = simulate(4, 3, new Set([0, 1, 2]));
    expect(all.next).toEqual({ kind: 'skipped-out', interval: [0, 1, 2, 3] });
  });

  it('counts what is still in question and refuses candidates outside it', () => {
    const s = afterOutcome(initialSearch(8), 3, 'like good');
    expect(remaining(s)).toBe(4);
    expect(() => afterOutcome(s, 2, 'like bad')).toThrow(RangeError);
    expect(() => initialSearch(0)).toThrow(RangeError);
  });
});
