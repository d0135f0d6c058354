// Guidance for a `~` row: how many runs per side would let the U test see the shift observed
// so far. The effect size is the U test's own: θ = P(new > old) + ½·P(tie), estimated by
// U2 / (n1·n2). Noether's (1987) sample-size formula for the two-sided Mann-Whitney test with
// equal groups gives n per side = (z(1-α/2) + z(power))² / (6·(θ - ½)²); the hint also never
// asks for fewer runs than the exact test needs to reach alpha at all (2 / C(2n, n) <= α), nor
// for fewer than one more than the larger side already has. Beyond MAX_HINT_RUNS per side the
// shift is reported as within the noise.

import { uTestMinP } from './compare.js';
import { normalInvCdf } from './normal.js';
import { checkSample } from './summary.js';
import { checkTestFor, uTest, type UTestResult } from './u-test.js';

export type SamplesHint =
  | { readonly kind: 'enough-power-at'; readonly n: number }
  | { readonly kind: 'within-noise' }
  | { readonly kind: 'cannot-tell' };

/** Target power of the hint. */
export const HINT_POWER = 0.8;
/** Above this many runs per side the observed shift counts as noise. */
export const MAX_HINT_RUNS = 100;

/** Runs per side for the exact two-sided U test to be able to reach alpha at all. */
export function minimumRunsForAlpha(alpha: number): number {
  let n = 1;
  while (n < 28 && uTestMinP(n) > alpha) n++;
  return n;
}

/** Noether's runs per side for power `power` at level alpha when P(new > old) = theta. */
export function runsForEffect(theta: number, alpha: number, power: number = HINT_POWER): number {
  const effect = Math.abs(theta - 0.5);
  if (effect === 0) return Infinity;
  const z = normalInvCdf(0, 1, 1 - alpha / 2) + normalInvCdf(0, 1, power);
  return Math.ceil((z * z) / (6 * effect * effect));
}

/** How many runs per side would make the observed shift significant with 80% power.
 * cannot-tell for a side with fewer than 2 runs (empty included); throws InvalidInput on NaN.
 * `test`: the uTest(a, b) result when the caller already has it. */
export function samplesHint(a: readonly number[], b: readonly number[], alpha: number, test?: UTestResult): SamplesHint {
  if (a.length < 2 || b.length < 2) return { kind: 'cannot-tell' };
  checkSample(a, 'a');
  checkSample(b, 'b');
  if (!(alpha > 0 && alpha < 1)) return { kind: 'cannot-tell' };
  if (![...a, ...b].every(Number.isFinite)) return { kind: 'cannot-tell' };
  if (test) checkTestFor(test, a, b);
  const r = test ?? uTest(a, b);
  if (r.allEqual) return { kind: 'within-noise' };
  const mn = r.n1 * r.n2;
  const theta = (mn - r.u) / mn;
  const needed = Math.max(runsForEffect(theta, alpha), minimumRunsForAlpha(alpha));
  if (needed > MAX_HINT_RUNS) return { kind: 'within-noise' };
  return { kind: 'enough-power-at', n: Math.max(needed, Math.max(r.n1, r.n2) + 1) };
}
