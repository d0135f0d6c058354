// The verdict of one compared row: faster, slower, changed (a certain change in a unit with no
// known direction), no change, or undecided, with why and what would decide it. Computed once
// here for the comparison JSON, the UI, the gate, the commit message and investigation targets.
//
//   exact      integer-valued units (allocs/op, B/op, custom counts; never time or rates) with
//              at least 2 samples per side and every sample of each side identical: the
//              difference (or its absence) is certain, no test needed. benchstat's
//              `assume=exact` units are decided by their centers the same way.
//   tested     otherwise the U test's p (Holm-adjusted under --holm) against alpha decides a
//              change; no change needs the delta interval inside ±tolerance (an equivalence
//              claim); a row is undecided when the test cannot reach alpha at these sample
//              sizes and tie pattern (minP > alpha: `n too small for alpha`, or `samples tied`
//              when the sizes alone would reach alpha and shared values prevent it), or when
//              its interval is wider than the tolerance allows.
// detectablePct and countNeeded are planning figures (normal theory with the U test's
// asymptotic efficiency 3/π against the t test, 80% power), not measurements.

import type { CompareVerdict, UndecidedReason, VerdictState } from '../../shared/compare-types.js';
import { coefficientOfVariation } from './descriptive.js';
import { normalInvCdf } from './normal.js';
import { HINT_POWER, minimumRunsForAlpha, samplesHint } from './samples-hint.js';
import { noTiesCdf } from './u-dist.js';
import { uTest, type UTestResult } from './u-test.js';

export type { VerdictState, UndecidedReason };
export type Verdict = CompareVerdict;
type Bare = Omit<Verdict, 'text'>;

export interface VerdictInput {
  /** Baseline and head samples. */
  readonly a: readonly number[];
  readonly b: readonly number[];
  /** Tidied unit (sec/op, B/op, allocs/op, B/s, custom). */
  readonly unit: string;
  readonly better: 'higher' | 'lower' | 'unknown';
  /** benchstat's `assume=exact` unit metadata. */
  readonly assumeExact: boolean;
  /** The p that decides (Holm-adjusted under --holm); null when not tested. */
  readonly p: number | null;
  readonly alpha: number;
  /** Delta interval (ratios new/old) and estimate, as the comparison computed them. */
  readonly ciLo: number | null;
  readonly ciHi: number | null;
  readonly estimate: number | null;
  /** new/old of the centers; null when the old center is 0. */
  readonly ratio: number | null;
  readonly centers: readonly [number, number];
  readonly tolerancePct: number;
  /** The U test of (a, b) when the caller has it. */
  readonly test?: UTestResult;
}

/** The tolerance a no-change claim uses when no budget gives one. */
export const DEFAULT_TOLERANCE_PCT = 2;
/** countNeeded above this is reported as null (more than this many samples per side). */
export const MAX_COUNT_NEEDED = 1000;
/** The U test's asymptotic relative efficiency against the t test under normality. */
const U_EFFICIENCY = 3 / Math.PI;

/** Units whose values are counts: never time or rates. */
export function countUnit(unit: string): boolean {
  return !unit.startsWith('sec/') && !unit.endsWith('/s') && unit !== 'ns/op';
}

function constant(xs: readonly number[]): boolean {
  for (let i = 1; i < xs.length; i++) if (xs[i] !== xs[0]) return false;
  return true;
}

/** Deterministic: an integer-valued count with >= 2 samples per side, each side constant. */
export function isExactPair(unit: string, a: readonly number[], b: readonly number[]): boolean {
  return (
    countUnit(unit) && a.length >= 2 && b.length >= 2 && constant(a) && constant(b) && Number.isInteger(a[0]) && Number.isInteger(b[0])
  );
}

/** The smallest p the two-sided U test can give for samples of these sizes with this tie
 * pattern (the most extreme arrangement the null supports). */
export function reachableMinP(t: UTestResult): number {
  if (t.allEqual) return 1;
  const nd = t.null;
  if (nd.regime !== 'exact-ties') return Math.min(nd.pValue(0), nd.pValue(t.n1 * t.n2));
  const top = 2 * t.n1 * t.n2;
  let lo = 0;
  while (lo < top && !nd.supports(lo)) lo++;
  let hi = top;
  while (hi > 0 && !nd.supports(hi)) hi--;
  return Math.min(nd.pValue(lo / 2), nd.pValue(hi / 2));
}

/** The value most samples of a and b share, and how many do (the first such value on a tie). */
function largestTie(a: readonly number[], b: readonly number[]): { value: number; count: number } {
  const counts = new Map<number, number>();
  let value = NaN;
  let count = 0;
  for (const xs of [a, b])
    for (const x of xs) {
      const c = (counts.get(x) ?? 0) + 1;
      counts.set(x, c);
      if (c > count) {
        count = c;
        value = x;
      }
    }
  return { value, count };
}

function zSum(alpha: number): number {
  return normalInvCdf(0, 1, 1 - alpha / 2) + normalInvCdf(0, 1, HINT_POWER);
}

/** Pooled coefficient of variation of two samples; null when undefined. */
export function pooledCv(a: readonly number[], b: readonly number[]): number | null {
  const ca = coefficientOfVariation(a);
  const cb = coefficientOfVariation(b);
  if (!Number.isFinite(ca) || !Number.isFinite(cb)) return null;
  return Math.sqrt((ca * ca + cb * cb) / 2);
}

/** Smallest relative change (percent) detectable with 80% power at n1, n2 given a CV. */
export function detectableChangePct(cv: number, n1: number, n2: number, alpha: number): number {
  return (100 * zSum(alpha) * cv * Math.sqrt(1 / n1 + 1 / n2)) / Math.sqrt(U_EFFICIENCY);
}

/** Samples per side for a 1-alpha interval of the ratio to fit inside ±tolerancePct when the
 * true change is about zero. */
export function countForTolerance(cv: number, tolerancePct: number, alpha: number): number {
  const z = zSum(alpha);
  return Math.ceil((2 * (z * cv * 100) ** 2) / (U_EFFICIENCY * tolerancePct * tolerancePct));
}

function directionState(better: VerdictInput['better'], up: boolean): VerdictState {
  if (better === 'unknown') return 'changed';
  return up === (better === 'higher') ? 'faster' : 'slower';
}

/** The verdict of one row (see the file comment). */
export function verdictOf(i: VerdictInput): Verdict {
  const v = bareVerdict(i);
  return { ...v, text: verdictText(v) };
}

function bareVerdict(i: VerdictInput): Bare {
  const tol = i.tolerancePct;
  const base = { alpha: i.alpha, tolerancePct: tol };
  const [ca, cb] = i.centers;
  if (i.assumeExact || isExactPair(i.unit, i.a, i.b)) {
    const state: VerdictState = ca === cb ? 'no change' : directionState(i.better, cb > ca);
    return { ...base, state, exact: true, reason: null, minP: null, detectablePct: null, countNeeded: null, cv: null };
  }
  const n1 = i.a.length;
  const n2 = i.b.length;
  const cv = n1 >= 2 && n2 >= 2 ? pooledCv(i.a, i.b) : null;
  if (n1 === 0 || n2 === 0) {
    return {
      ...base,
      state: 'undecided',
      exact: false,
      reason: 'n too small for alpha',
      minP: 1,
      detectablePct: null,
      countNeeded: minimumRunsForAlpha(i.alpha),
      cv,
    };
  }
  const test = i.test ?? uTest(i.a, i.b);
  const minP = reachableMinP(test);
  const reachable = !(minP > i.alpha);
  const detectablePct = reachable && cv !== null ? detectableChangePct(cv, n1, n2, i.alpha) : null;
  const p = i.p ?? test.p;
  if (!(p > i.alpha)) {
    const est = i.ratio !== null && i.ratio !== 1 ? i.ratio : i.estimate;
    const up = est !== null ? est > 1 : cb > ca;
    return { ...base, state: directionState(i.better, up), exact: false, reason: null, minP, detectablePct, countNeeded: null, cv };
  }
  const inside = i.ciLo !== null && i.ciHi !== null && i.ciLo >= 1 - tol / 100 && i.ciHi <= 1 + tol / 100;
  if (reachable && inside) return { ...base, state: 'no change', exact: false, reason: null, minP, detectablePct, countNeeded: null, cv };
  // Unreachable although these sizes without ties would reach alpha: the ties are the limit.
  if (!reachable && !(noTiesCdf(n1, n2, 0) * 2 > i.alpha)) {
    const zeroBase = ca === 0;
    return {
      ...base,
      state: 'undecided',
      exact: false,
      reason: 'samples tied',
      tie: { ...largestTie(i.a, i.b), total: n1 + n2, zeroBase },
      minP,
      detectablePct,
      // From a base of 0 no interval of ratios exists, so no count can claim no change.
      countNeeded: zeroBase ? null : countNeeded(i, test, cv),
      cv,
    };
  }
  return {
    ...base,
    state: 'undecided',
    exact: false,
    reason: reachable ? 'interval too wide for the tolerance' : 'n too small for alpha',
    minP,
    detectablePct,
    countNeeded: countNeeded(i, test, cv),
    cv,
  };
}

/** The --count that would likely decide an undecided row: enough to detect the observed shift
 * (sample-size hint) when it is beyond the tolerance, else enough for the interval to fit
 * inside the tolerance; never below what the test needs to reach alpha at all, nor below one
 * more than the larger side has now. */
function countNeeded(i: VerdictInput, test: UTestResult, cv: number | null): number | null {
  const floor = Math.max(minimumRunsForAlpha(i.alpha), Math.max(i.a.length, i.b.length) + 1);
  const shift = i.estimate ?? i.ratio;
  const shiftPct = shift === null ? null : Math.abs(shift - 1) * 100;
  let n: number | null = null;
  if (shiftPct === null || shiftPct > i.tolerancePct) {
    const h = samplesHint(i.a, i.b, i.alpha, test);
    if (h.kind === 'enough-power-at') n = h.n;
  }
  if (n === null && cv !== null && i.tolerancePct > 0) n = countForTolerance(cv, i.tolerancePct, i.alpha);
  if (n === null) return cv === null ? floor : null;
  n = Math.max(n, floor);
  return n > MAX_COUNT_NEEDED ? null : n;
}

/** One line for people: `slower (exact)`, `undecided: n too small for alpha; measure with --count 6`. */
export function verdictText(v: Bare): string {
  if (v.state !== 'undecided')
    return v.exact
      ? `${v.state} (exact: every sample identical)`
      : v.state === 'no change'
        ? `no change (interval within ±${fmt(v.tolerancePct)}%)`
        : v.state;
  const detect = v.detectablePct !== null ? `; the spread hides changes below ${fmt(v.detectablePct)}%` : '';
  const count =
    v.countNeeded !== null
      ? `; measure with --count ${v.countNeeded}`
      : v.reason === 'samples tied' && v.tie?.zeroBase
        ? '; the base is 0, so no --count can show "no change" in percent'
        : `; more than ${MAX_COUNT_NEEDED} samples per side would be needed`;
  if (v.reason === 'samples tied' && v.tie) {
    const p = v.minP !== null ? ` (the smallest reachable p is ${fmt(v.minP, 3)} > ${fmt(v.alpha, 3)})` : '';
    return `undecided: ${v.tie.count} of ${v.tie.total} samples are tied at ${fmtValue(v.tie.value)}, so the U test cannot separate the sides${p}${count}`;
  }
  const why =
    v.reason === 'n too small for alpha' && v.minP !== null
      ? `n too small for alpha (the smallest reachable p is ${fmt(v.minP, 3)} > ${fmt(v.alpha, 3)})`
      : v.reason;
  return `undecided: ${why}${detect}${count}`;
}

/** A sample value as people read it: integers whole, others to 4 significant digits. */
function fmtValue(x: number): string {
  return Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(4)));
}

function fmt(x: number, digits = 1): string {
  const r = Number(x.toFixed(digits));
  return String(r);
}
