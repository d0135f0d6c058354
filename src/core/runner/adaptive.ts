// Adaptive repetitions (--until-significant MAX): after the planned rounds, keep adding
// interleaved rounds for benchmarks whose comparison is still undecided, up to MAX rounds.
// Looking again and again inflates false alarms, so each look tests at alpha / L, where L is
// the number of looks the run may take (a Bonferroni alpha-spending rule: the chance of any
// false alarm over all looks stays at most alpha whatever the stopping rule). A row is decided
// when it is significant at that level, or when the observed shift is within the noise (the
// sample-size hint says even 100 runs per side would not show it).
import { compareSamples, samplesHint } from '../stats/index.js';
import { readStoredResults } from '../store/results.js';
import type { Db } from '../store/open-db.js';
import type { Column } from './columns.js';

/** Rounds added per look. */
export const ADAPTIVE_STEP = 2;

export function plannedLooks(count: number, max: number): number {
  return 1 + Math.ceil(Math.max(0, max - count) / ADAPTIVE_STEP);
}

export function lookAlpha(alpha: number, looks: number): number {
  return alpha / looks;
}

export interface AdaptiveDecision {
  /** `${pkg}\0${top-level benchmark}` that still need rounds. */
  readonly undecided: Set<string>;
  readonly undecidedRows: number;
  readonly decidedRows: number;
}

export function decideAdaptive(db: Db, runId: number, columns: readonly Column[], alpha: number): AdaptiveDecision {
  const samples = new Map<string, Map<number, number[]>>();
  const topOf = new Map<string, string>();
  for (const r of readStoredResults(db, runId)) {
    const m = r.metrics.find((x) => x.unit === 'sec/op');
    if (!m) continue;
    const key = `${r.pkg}\0${r.name}\0${r.cpu}\0${r.benchtime}`;
    topOf.set(key, `${r.pkg}\0${r.name.split('/')[0]}`);
    let byRef = samples.get(key);
    if (!byRef) samples.set(key, (byRef = new Map()));
    const arr = byRef.get(r.refId) ?? [];
    arr.push(m.value);
    byRef.set(r.refId, arr);
  }
  const base = columns[0].runRefId;
  const undecided = new Set<string>();
  let undecidedRows = 0;
  let decidedRows = 0;
  for (const [key, byRef] of samples) {
    const a = byRef.get(base);
    if (!a) continue;
    for (const col of columns.slice(1)) {
      const b = byRef.get(col.runRefId);
      if (!b) continue;
      const c = compareSamples(a, b, { alpha });
      const hint = c.significant ? null : samplesHint(a, b, alpha);
      if (c.significant || hint?.kind === 'within-noise') decidedRows++;
      else {
        undecidedRows++;
        undecided.add(topOf.get(key)!);
      }
    }
  }
  return { undecided, undecidedRows, decidedRows };
}
