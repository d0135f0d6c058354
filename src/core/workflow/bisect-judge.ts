// Judging one bisect step from its stored run: the confirmation (is bad worse than good beyond
// the threshold?) or a candidate (like good or like bad?), over the series the confirmation
// found worse, each look at the alpha spent over looks, decisions and series (bisect-decide.ts).
import type { BisectSeriesJudgement, BisectStepState } from '../../shared/bisect-types.js';
import type { Db } from '../store/open-db.js';
import { readStoredResults } from '../store/results.js';
import { bisectLookAlpha, candidateOutcome, confirmOutcome, judgeCandidate, judgeConfirm } from './bisect-decide.js';
import { runSeries } from './bisect-samples.js';

export interface Judged {
  readonly series: BisectSeriesJudgement[];
  /** Series judged worse (the confirmation's are the ones each candidate is judged on). */
  readonly keys: string[];
  readonly tops: Set<string>;
  readonly state: BisectStepState;
  readonly rounds: number;
}

export interface JudgeStepInput {
  readonly kind: 'confirm' | 'candidate';
  readonly runId: number;
  /** The run's columns: good, (the candidate,) bad. */
  readonly refIds: readonly number[];
  readonly unit: string;
  /** Series keys confirmed worse (candidates are judged on these only). */
  readonly judged: ReadonlySet<string>;
  readonly alpha: number;
  readonly looks: number;
  readonly decisions: number;
  readonly thresholdPct: number;
}

export function judgeStep(db: Db, i: JudgeStepInput): Judged & { readonly alpha: number } {
  const all = runSeries(db, i.runId, i.refIds, i.unit);
  const series = i.kind === 'confirm' ? all : all.filter((x) => i.judged.has(x.key));
  const alpha = bisectLookAlpha(i.alpha, i.looks, i.decisions, series.length);
  const js = series.map((x) =>
    i.kind === 'confirm' ? judgeConfirm(x, 0, 1, alpha, i.thresholdPct) : judgeCandidate(x, 0, 1, 2, alpha, i.thresholdPct),
  );
  const state = i.kind === 'confirm' ? confirmOutcome(js) : candidateOutcome(js);
  const keys = series.filter((_, k) => js[k].state === 'worse').map((x) => x.key);
  let rounds = 0;
  for (const res of readStoredResults(db, i.runId)) rounds = Math.max(rounds, res.round);
  return { series: js, keys, tops: new Set(series.map((x) => x.top)), state, rounds, alpha };
}
