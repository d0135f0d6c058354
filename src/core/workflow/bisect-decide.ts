// The statistics of statistical bisect, as pure functions over samples (the search lives in
// bisect-search.ts, the runs in bisect-service.ts). Ratios are oriented so that > 1 is worse
// (x over good for units where lower is better, good over x where higher is better), and
// each interval is the Hodges-Lehmann ratio interval that inverts the U test (stats/).
//
//   confirm    bad vs good at level a: `worse` when the interval excludes 1 on the worse side
//              (the U test rejects) and the estimate is at least the threshold; `not worse`
//              when the whole interval lies below the threshold; otherwise undecided.
//   candidate  C vs good at level a, judged against the midpoint m = sqrt(gap), where gap is
//              the estimate of bad over good in the same run (halfway between the two ends
//              in log terms): `like bad` when the interval lies above m, `like good` when it
//              lies below m, otherwise undecided. When C is truly like good (ratio 1 < m) a
//              wrong `like bad` needs the interval to miss the true ratio, so it happens with
//              probability at most a/2 per look, and the same holds the other way round.
// Steps combine their series: a confirmation is `worse` when any series is (those series are
// then the ones judged), `not worse` when all are; a candidate is `like bad` when any judged
// series is, `like good` when all are.
import type { BisectSeriesJudgement } from '../../shared/bisect-types.js';
import { hodgesLehmannRatio, uTest } from '../stats/index.js';

export interface SeriesSamples {
  /** `${pkg}\0${printed name}\0${benchtime}\0${unit}`. */
  readonly key: string;
  /** `${pkg}\0${top-level benchmark}`: what the runner adds rounds for. */
  readonly top: string;
  readonly bench: string;
  readonly unit: string;
  /** +1 when higher is better; otherwise lower is better (unknown directions count larger as worse). */
  readonly better: -1 | 0 | 1;
  /** Samples per column of the run, in column order. */
  readonly columns: readonly (readonly number[])[];
}

interface WorseRatio {
  readonly estimate: number;
  readonly lo: number;
  readonly hi: number;
}

/** The ratio x over good oriented so that > 1 is worse, with its interval at level `alpha`. */
export function worseRatio(good: readonly number[], x: readonly number[], better: -1 | 0 | 1, alpha: number): WorseRatio | null {
  if (good.length === 0 || x.length === 0) return null;
  const [a, b] = better === 1 ? [x, good] : [good, x];
  try {
    return hodgesLehmannRatio(a, b, 1 - alpha, alpha);
  } catch {
    return null;
  }
}

/** The confirmation of one series: bad (column `bad`) against good (column `good`). */
export function judgeConfirm(s: SeriesSamples, good: number, bad: number, alpha: number, thresholdPct: number): BisectSeriesJudgement {
  const g = s.columns[good] ?? [];
  const b = s.columns[bad] ?? [];
  const limit = 1 + thresholdPct / 100;
  const r = worseRatio(g, b, s.better, alpha);
  const base = { bench: s.bench, unit: s.unit, midpoint: null, n: Math.min(g.length, b.length) };
  if (!r) return { ...base, estimate: null, lo: null, hi: null, state: 'undecided', why: 'no samples on one side' };
  const out = { ...base, estimate: r.estimate, lo: r.lo, hi: r.hi };
  if (r.lo > 1 && r.estimate >= limit)
    return { ...out, state: 'worse', why: `bad is ${pct(r.estimate)} worse [${pct(r.lo)}, ${pct(r.hi)}]` };
  if (r.hi < limit)
    return { ...out, state: 'not worse', why: `bad is within ${thresholdPct}% of good or better: interval [${pct(r.lo)}, ${pct(r.hi)}]` };
  return {
    ...out,
    state: 'undecided',
    why: `interval [${pct(r.lo)}, ${pct(r.hi)}] straddles ${r.lo > 1 ? `the ${thresholdPct}% threshold` : 'no change'}`,
  };
}

/** A candidate (column `cand`) between good and bad, measured in the same run. */
export function judgeCandidate(
  s: SeriesSamples,
  good: number,
  cand: number,
  bad: number,
  alpha: number,
  thresholdPct: number,
): BisectSeriesJudgement {
  const g = s.columns[good] ?? [];
  const c = s.columns[cand] ?? [];
  const b = s.columns[bad] ?? [];
  const base = { bench: s.bench, unit: s.unit, n: Math.min(g.length, c.length, b.length) };
  const gap = worseRatio(g, b, s.better, alpha);
  const r = worseRatio(g, c, s.better, alpha);
  if (!gap || !r)
    return {
      ...base,
      estimate: r?.estimate ?? null,
      lo: r?.lo ?? null,
      hi: r?.hi ?? null,
      midpoint: null,
      state: 'undecided',
      why: 'no samples on one side',
    };
  const out = { ...base, estimate: r.estimate, lo: r.lo, hi: r.hi };
  if (gap.estimate < 1 + thresholdPct / 100) {
    return {
      ...out,
      midpoint: null,
      state: 'undecided',
      why: `this run did not reproduce the regression: bad over good is ${pct(gap.estimate)}`,
    };
  }
  const m = Math.sqrt(gap.estimate);
  const span = `[${pct(r.lo)}, ${pct(r.hi)}] against the midpoint ${pct(m)}`;
  if (r.lo > m) return { ...out, midpoint: m, state: 'like bad', why: `candidate ${pct(r.estimate)} over good, ${span}` };
  if (r.hi < m) return { ...out, midpoint: m, state: 'like good', why: `candidate ${pct(r.estimate)} over good, ${span}` };
  return { ...out, midpoint: m, state: 'undecided', why: `interval ${span} contains it` };
}

export type ConfirmOutcome = 'worse' | 'not worse' | 'undecided';
export type CandidateOutcome = 'like good' | 'like bad' | 'undecided';

export function confirmOutcome(js: readonly BisectSeriesJudgement[]): ConfirmOutcome {
  if (js.some((j) => j.state === 'worse')) return 'worse';
  if (js.length > 0 && js.every((j) => j.state === 'not worse')) return 'not worse';
  return 'undecided';
}

export function candidateOutcome(js: readonly BisectSeriesJudgement[]): CandidateOutcome {
  if (js.some((j) => j.state === 'like bad')) return 'like bad';
  if (js.length > 0 && js.every((j) => j.state === 'like good')) return 'like good';
  return 'undecided';
}

/**
 * The level each look tests at: alpha spent evenly (Bonferroni) over the looks a step may take,
 * the decisions the search plans and the series judged, so the chance of any wrong decision in
 * the whole bisect stays at most alpha (when each candidate is truly like one end).
 */
export function bisectLookAlpha(alpha: number, looks: number, decisions: number, series: number): number {
  return alpha / (Math.max(1, looks) * Math.max(1, decisions) * Math.max(1, series));
}

/** Decisions a search over n commits plans: the confirmation, ceil(log2 n) splits, and one spare for a skip. */
export function plannedDecisions(n: number): number {
  return 2 + Math.ceil(Math.log2(Math.max(1, n)));
}

/** Evidence between two sample sets: medians, head over base with a 95% interval, the U test's p. */
export function evidenceOf(
  base: readonly number[],
  head: readonly number[],
): { base: number; head: number; deltaPct: number; loPct: number | null; hiPct: number | null; p: number } | null {
  if (base.length === 0 || head.length === 0) return null;
  const t = uTest(base, head);
  let hl: ReturnType<typeof hodgesLehmannRatio> = null;
  try {
    hl = hodgesLehmannRatio(base, head, 0.95, 0.05, t);
  } catch {
    /* non-positive values: no ratio interval */
  }
  const mb = median(base);
  const mh = median(head);
  const ratio = hl?.estimate ?? (mb !== 0 ? mh / mb : NaN);
  const f = (r: number | undefined) => (r === undefined || !Number.isFinite(r) || r <= 0 ? null : (r - 1) * 100);
  return { base: mb, head: mh, deltaPct: (ratio - 1) * 100, loPct: f(hl?.lo), hiPct: f(hl?.hi), p: t.allEqual ? 1 : t.p };
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function pct(ratio: number): string {
  if (!Number.isFinite(ratio) || ratio <= 0) return ratio === 0 ? '-100%' : '∞';
  const v = (ratio - 1) * 100;
  return `${v >= 0 ? '+' : ''}${Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(1)}%`;
}
