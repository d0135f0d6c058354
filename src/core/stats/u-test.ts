// The two-sided Mann-Whitney U test as benchstat runs it: mid-ranks, U from the first
// (baseline) sample, and one of three null distributions:
//   exact        no ties anywhere and both n <= 50 (u-dist.ts recurrence),
//   exact-ties   ties and both n <= 25 (exact distribution given the tie pattern, u-ties.ts),
//   normal       otherwise: normal approximation, tie-corrected variance, continuity 0.5.
// p = 1 when U1 == U2, else 2·P(U1 <= min(U1, U2)) for the exact regimes; with ties that can
// exceed 1, and benchstat prints it as is. The null is exposed (UNull) so the Hodges-Lehmann
// interval can invert the very same test, and the whole result (UTestResult) can be handed to
// compareSamples, hodgesLehmannRatio and samplesHint so a comparison runs the test once.

import { fail } from '../../shared/errors.js';
import { stdNormalCdf } from './normal.js';
import { checkSample } from './summary.js';
import { sortedCopy } from './sort-scratch.js';
import { noTiesCdf } from './u-dist.js';
import { tieNull, type TieNull } from './u-ties.js';

export const EXACT_LIMIT = 50;
export const TIES_EXACT_LIMIT = 25;

export type URegime = 'exact' | 'exact-ties' | 'normal';

/** The null distribution of U1 that the test uses for one pair of samples. */
export interface UNull {
  readonly regime: URegime;
  readonly n1: number;
  readonly n2: number;
  /** Group sizes of equal values in the merged sample, in rank order. */
  readonly ties: readonly number[];
  /** The test's p-value if the first sample's statistic were u1 (a multiple of 1/2). */
  pValue(u1: number): number;
  /** Whether U1 = twoU1/2 has positive probability under this null (every half-step for the
   * normal approximation). */
  supports(twoU1: number): boolean;
}

export interface UTestResult {
  /** U of the first sample: pairs where it is larger, plus half the ties. */
  readonly u: number;
  readonly p: number;
  readonly n1: number;
  readonly n2: number;
  /** Every value of both samples is equal: the test is meaningless and p is 1. */
  readonly allEqual: boolean;
  readonly null: UNull;
}

// The nulls are small classes rather than objects of closures: a big comparison runs tens of
// thousands of tests, and a closure pair per test (with its context) was most of a result's size.

/** `ties` of a merged sample without ties (every group of size 1), shared per size. */
const ONES: (readonly number[])[] = [];
function ones(n: number): readonly number[] {
  return (ONES[n] ??= Object.freeze(new Array<number>(n).fill(1)));
}

class ExactNoTies implements UNull {
  readonly regime = 'exact' as const;
  readonly ties: readonly number[];
  constructor(
    readonly n1: number,
    readonly n2: number,
  ) {
    this.ties = ones(n1 + n2);
  }

  pValue(u1: number): number {
    const mn = this.n1 * this.n2;
    return 2 * u1 === mn ? 1 : noTiesCdf(this.n1, this.n2, Math.min(u1, mn - u1)) * 2;
  }

  supports(twoU1: number): boolean {
    return twoU1 % 2 === 0 && twoU1 >= 0 && twoU1 <= 2 * this.n1 * this.n2;
  }
}

class ExactTies implements UNull {
  readonly regime = 'exact-ties' as const;
  private dist: TieNull | null = null;
  constructor(
    readonly n1: number,
    readonly n2: number,
    readonly ties: readonly number[],
  ) {}

  private table(): TieNull {
    return (this.dist ??= tieNull(this.n1, this.ties));
  }

  pValue(u1: number): number {
    const mn = this.n1 * this.n2;
    if (2 * u1 === mn) return 1;
    const w = Math.min(2 * u1, 2 * mn - 2 * u1);
    if (w < 0) return 0;
    const t = this.table();
    return (t.count(w) / t.total) * 2;
  }

  supports(twoU1: number): boolean {
    return this.table().supports(twoU1);
  }
}

/** The null of a pair whose values are all equal: there is no test (p = 1, U1 = n1·n2/2). */
class AllEqualNull implements UNull {
  readonly regime: URegime;
  readonly ties: readonly number[];
  constructor(
    readonly n1: number,
    readonly n2: number,
  ) {
    this.regime = n1 <= TIES_EXACT_LIMIT && n2 <= TIES_EXACT_LIMIT ? 'exact-ties' : 'normal';
    this.ties = [n1 + n2];
  }

  pValue(): number {
    return 1;
  }

  supports(twoU1: number): boolean {
    return twoU1 === this.n1 * this.n2;
  }
}

class NormalApprox implements UNull {
  readonly regime = 'normal' as const;
  private readonly mu: number;
  private readonly sigma: number;
  constructor(
    readonly n1: number,
    readonly n2: number,
    readonly ties: readonly number[],
  ) {
    let t = 0;
    for (const size of ties) t += size * size * size - size;
    const n = n1 + n2;
    this.mu = (n1 * n2) / 2;
    this.sigma = Math.sqrt((n1 * n2 * (n + 1 - t / (n * (n - 1)))) / 12);
  }

  pValue(u1: number): number {
    let numer = u1 - this.mu;
    numer -= Math.sign(numer) * 0.5;
    const z = numer / this.sigma;
    const cdf = stdNormalCdf(z);
    return 2 * Math.min(cdf, 1 - stdNormalCdf(z));
  }

  supports(twoU1: number): boolean {
    return twoU1 >= 0 && twoU1 <= 2 * this.n1 * this.n2;
  }
}

function allSame(a: readonly number[], b: readonly number[]): boolean {
  const v = a[0];
  for (let i = 1; i < a.length; i++) if (a[i] !== v) return false;
  for (let i = 0; i < b.length; i++) if (b[i] !== v) return false;
  return true;
}

/** Runs benchstat's two-sided U test of a (baseline) against b. */
export function uTest(a: readonly number[], b: readonly number[]): UTestResult {
  checkSample(a, 'a');
  checkSample(b, 'b');
  const n1 = a.length;
  const n2 = b.length;
  if (allSame(a, b)) return { u: (n1 * n2) / 2, p: 1, n1, n2, allEqual: true, null: new AllEqualNull(n1, n2) };
  const xs = sortedCopy(a, 0);
  const ys = sortedCopy(b, 1);
  // Walk the merged order group by group of equal values.
  const ties: number[] = [];
  let rankSum1 = 0;
  let i = 0;
  let j = 0;
  let rank = 1;
  while (i < n1 || j < n2) {
    const v = j >= n2 || (i < n1 && xs[i] < ys[j]) ? xs[i] : ys[j];
    let from1 = 0;
    let size = 0;
    while (i < n1 && xs[i] === v) {
      i++;
      from1++;
      size++;
    }
    while (j < n2 && ys[j] === v) {
      j++;
      size++;
    }
    if (size === 0) fail('Internal', { stack: 'uTest: merge made no progress' });
    rankSum1 += ((2 * rank + size - 1) / 2) * from1;
    ties.push(size);
    rank += size;
  }
  const u = rankSum1 - (n1 * (n1 + 1)) / 2;
  const hasTies = ties.length < n1 + n2;
  const exact = hasTies ? n1 <= TIES_EXACT_LIMIT && n2 <= TIES_EXACT_LIMIT : n1 <= EXACT_LIMIT && n2 <= EXACT_LIMIT;
  const nullDist = !exact ? new NormalApprox(n1, n2, ties) : hasTies ? new ExactTies(n1, n2, ties) : new ExactNoTies(n1, n2);
  return { u, p: nullDist.pValue(u), n1, n2, allEqual: false, null: nullDist };
}

/** Checks that `test` is a result of uTest for samples of these sizes (a cheap guard against
 * passing another pair's result). */
export function checkTestFor(test: UTestResult, a: readonly number[], b: readonly number[]): void {
  if (test.n1 !== a.length || test.n2 !== b.length)
    fail(
      'InvalidInput',
      { field: 'test', value: `n=${test.n1}+${test.n2}` },
      `the U test result is for other samples (n=${a.length}+${b.length})`,
    );
}

/** Two-sided Mann-Whitney U test of a (baseline) against b, as benchstat computes it.
 * u is the baseline's U; p is 1 when every value is equal. Throws InvalidInput on an empty
 * sample or NaN. */
export function mannWhitney(a: readonly number[], b: readonly number[]): { readonly u: number; readonly p: number } {
  const r = uTest(a, b);
  return { u: r.u, p: r.p };
}
