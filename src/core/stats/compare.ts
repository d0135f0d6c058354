// benchstat's verdict on two cells: the U test's p against alpha (p == alpha counts as a
// change), the footnotes it attaches ("all samples are equal", "need >= 4 samples to detect a
// difference at alpha level 0.05"), and the exact-unit rule (no test, always a change).
// compare/ renders `~` or the delta from `significant`.

import { formatGoFloat } from './go-float.js';
import { checkLevel } from './summary.js';
import { checkTestFor, uTest, type UTestResult } from './u-test.js';
import { noTiesCdf } from './u-dist.js';

export interface SampleComparison {
  /** benchstat's p (0 for exact units, which are not tested; may exceed 1 with ties). */
  readonly p: number;
  readonly alpha: number;
  /** p <= alpha: benchstat prints the delta rather than `~`. */
  readonly significant: boolean;
  /** Footnote texts exactly as benchstat prints them. */
  readonly warnings: readonly string[];
}

/** The smallest p the two-sided exact U test reaches with n values on each side (2 / C(2n, n)):
 * the test's own p for two completely separated samples. */
export function uTestMinP(n: number): number {
  return noTiesCdf(n, n, 0) * 2;
}

/** benchstat's table of those minima for n = 1..9, as its source states them (generated with
 * an older go-moremath: 0.1 for n = 3 where today's recurrence gives 0.10000000000000002, so
 * alpha = 0.1 asks for 3 samples, not 4). */
const BENCHSTAT_MIN_P = [
  1, 0.3333333333333333, 0.1, 0.02857142857142857, 0.007936507936507936, 0.0021645021645021645, 0.0005827505827505828,
  0.0001554001554001554, 4.113533525298231e-5,
] as const;

/** benchstat's "need >= N samples to detect a difference" figure for this alpha. */
export function samplesToDetect(alpha: number): { readonly op: '>=' | '>'; readonly n: number } {
  for (let n = 1; n <= BENCHSTAT_MIN_P.length; n++) {
    if (BENCHSTAT_MIN_P[n - 1] <= alpha) return { op: '>=', n };
  }
  // benchstat reports the length of its 0-based table here.
  return { op: '>', n: BENCHSTAT_MIN_P.length + 1 };
}

/** Compares a (baseline) with b by benchstat's rules. assumeExact: no test, p = 0, always
 * significant. An empty side gives p = 1 with benchstat's "sample is too small". `test`: the
 * uTest(a, b) result when the caller already has it (it is not run again). */
export function compareSamples(
  a: readonly number[],
  b: readonly number[],
  opts: { readonly alpha: number; readonly assumeExact?: boolean; readonly test?: UTestResult },
): SampleComparison {
  const alpha = opts.alpha;
  checkLevel(alpha, 'alpha');
  if (opts.assumeExact) return { p: 0, alpha, significant: true, warnings: [] };
  if (a.length === 0 || b.length === 0) return { p: 1, alpha, significant: 1 <= alpha, warnings: ['sample is too small'] };
  if (opts.test) checkTestFor(opts.test, a, b);
  const r = opts.test ?? uTest(a, b);
  if (r.allEqual) return { p: 1, alpha, significant: 1 <= alpha, warnings: ['all samples are equal'] };
  const warnings: string[] = [];
  if (r.p > alpha) {
    const need = samplesToDetect(alpha);
    if (r.n1 < need.n && r.n2 < need.n)
      warnings.push(`need ${need.op} ${need.n} samples to detect a difference at alpha level ${formatGoFloat(alpha)}`);
  }
  return { p: r.p, alpha, significant: !(r.p > alpha), warnings };
}
