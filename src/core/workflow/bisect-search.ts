// The search of statistical bisect, with no statistics and no processes: the commits after
// good up to bad (oldest first, first parents only) are indices 0..n-1; `lo` is the newest
// commit known like good (-1: good itself) and `hi` the oldest known like bad (n-1: bad).
// The next candidate is the one nearest the middle of (lo, hi) that was not skipped (a
// commit that does not build is skipped as `git bisect skip` does); when only skipped
// commits are left between, the first bad one cannot be named and the interval is reported.

export interface SearchState {
  readonly n: number;
  readonly lo: number;
  readonly hi: number;
  readonly skipped: ReadonlySet<number>;
}

export type NextStep =
  | { readonly kind: 'measure'; readonly index: number }
  | { readonly kind: 'found'; readonly index: number }
  /** Only skipped commits lie between lo and hi: the first bad is one of `interval` (indices). */
  | { readonly kind: 'skipped-out'; readonly interval: readonly number[] };

export function initialSearch(n: number): SearchState {
  if (!(n >= 1)) throw new RangeError('a bisect needs at least one commit after good');
  return { n, lo: -1, hi: n - 1, skipped: new Set() };
}

export function nextStep(s: SearchState): NextStep {
  if (s.hi - s.lo <= 1) return { kind: 'found', index: s.hi };
  const mid = Math.floor((s.lo + s.hi) / 2);
  let best: number | null = null;
  for (let i = s.lo + 1; i < s.hi; i++) {
    if (s.skipped.has(i)) continue;
    if (best === null || Math.abs(i - mid) < Math.abs(best - mid)) best = i;
  }
  if (best === null) {
    const interval: number[] = [];
    for (let i = s.lo + 1; i <= s.hi; i++) interval.push(i);
    return { kind: 'skipped-out', interval };
  }
  return { kind: 'measure', index: best };
}

export function afterOutcome(s: SearchState, index: number, outcome: 'like good' | 'like bad' | 'skipped'): SearchState {
  if (index <= s.lo || index >= s.hi) throw new RangeError(`candidate ${index} is outside (${s.lo}, ${s.hi})`);
  switch (outcome) {
    case 'like good':
      return { ...s, lo: index };
    case 'like bad':
      return { ...s, hi: index };
    case 'skipped':
      return { ...s, skipped: new Set([...s.skipped, index]) };
  }
}

/** Commits still in question: those between lo (exclusive) and hi (inclusive). */
export function remaining(s: SearchState): number {
  return s.hi - s.lo;
}
