// Reading a bisect step's samples from the store: one series per (package, benchmark as
// printed, benchtime) in the bisect's unit, with its samples per column of the run, and the
// evidence rows between two commits (one run, or two runs pooled when no run holds both).
import type { BisectEvidence, BisectEvidenceRow, BisectReport } from '../../shared/bisect-types.js';
import type { CommitSubject } from '../../shared/workflow-types.js';
import { betterDirection } from '../compare/prepare.js';
import { printedName } from '../export/run-benchfmt.js';
import type { Db } from '../store/open-db.js';
import { getUnitMeta, readStoredResults } from '../store/results.js';
import { getRunRefs } from '../store/runs.js';
import { evidenceOf, type SeriesSamples } from './bisect-decide.js';

/** Series of a run in `unit`, with samples per column in the order of `refIds`. */
export function runSeries(db: Db, runId: number, refIds: readonly number[], unit: string): SeriesSamples[] {
  const col = new Map(refIds.map((id, i) => [id, i]));
  const meta = { values: new Map(getUnitMeta(db, runId).map((m) => [`${m.unit}\u0000${m.key}`, m.value])) };
  const better = betterDirection(meta, unit);
  const series = new Map<string, { key: string; top: string; bench: string; columns: number[][] }>();
  for (const r of readStoredResults(db, runId)) {
    const i = col.get(r.refId);
    if (i === undefined) continue;
    for (const m of r.metrics) {
      if (m.unit !== unit) continue;
      const bench = printedName(r.name, r.cpu);
      const key = `${r.pkg}\u0000${bench}\u0000${r.benchtime}\u0000${unit}`;
      let s = series.get(key);
      if (!s) series.set(key, (s = { key, top: `${r.pkg}\u0000${r.name.split('/')[0]}`, bench, columns: refIds.map(() => []) }));
      s.columns[i].push(m.value);
    }
  }
  return [...series.values()].map((s) => ({ ...s, unit, better }));
}

/** Units a run measured (for the error when the bisect's unit is not among them). */
export function runUnits(db: Db, runId: number): string[] {
  const units = new Set<string>();
  for (const r of readStoredResults(db, runId)) for (const m of r.metrics) units.add(m.unit);
  return [...units].sort();
}

/** Samples of one commit in a run, per series key; empty when the run did not measure it. */
export function commitSamples(db: Db, runId: number, sha: string, unit: string): Map<string, { bench: string; values: number[] }> {
  const ref = getRunRefs(db, runId).find((r) => r.sha === sha);
  const out = new Map<string, { bench: string; values: number[] }>();
  if (!ref) return out;
  for (const s of runSeries(db, runId, [ref.id], unit)) out.set(s.key, { bench: s.bench, values: [...s.columns[0]] });
  return out;
}

/**
 * Evidence rows for the judged series between base and head commits: from the first run of
 * `runIds` that measured both (interleaved), else base from its run and head from its own.
 */
export function evidenceRows(
  db: Db,
  o: {
    readonly runIds: readonly number[];
    readonly baseSha: string;
    readonly headSha: string;
    readonly unit: string;
    readonly keys: ReadonlySet<string>;
  },
): BisectEvidenceRow[] {
  const per = o.runIds.map((id) => ({
    id,
    base: commitSamples(db, id, o.baseSha, o.unit),
    head: commitSamples(db, id, o.headSha, o.unit),
  }));
  const both = per.find((p) => p.base.size > 0 && p.head.size > 0);
  const baseRun = both ?? per.find((p) => p.base.size > 0);
  const headRun = both ?? per.find((p) => p.head.size > 0);
  if (!baseRun || !headRun) return [];
  const rows: BisectEvidenceRow[] = [];
  for (const key of o.keys) {
    const b = baseRun.base.get(key);
    const h = headRun.head.get(key);
    if (!b || !h) continue;
    const e = evidenceOf(b.values, h.values);
    if (!e) continue;
    rows.push({
      bench: h.bench,
      unit: o.unit,
      baseSha: o.baseSha,
      headSha: o.headSha,
      ...e,
      nBase: b.values.length,
      nHead: h.values.length,
      runIds: baseRun.id === headRun.id ? [baseRun.id] : [baseRun.id, headRun.id],
    });
  }
  return rows;
}

/** The evidence of a found bisect: good vs the first bad commit, and the commit before it vs it. */
export function bisectEvidence(db: Db, r: BisectReport, index: number, keys: ReadonlySet<string>): BisectEvidence {
  const firstBad = r.commits[index];
  const before: CommitSubject = index === 0 ? { sha: r.good.sha, subject: r.good.subject } : r.commits[index - 1];
  const runIds = r.steps.filter((s) => s.runId !== null && s.state !== 'skipped' && s.state !== 'failed').map((s) => s.runId!);
  const o = { runIds, unit: r.settings.unit, keys };
  return {
    goodVsFirstBad: evidenceRows(db, { ...o, baseSha: r.good.sha, headSha: firstBad.sha }),
    before,
    beforeVsFirstBad: evidenceRows(db, { ...o, baseSha: before.sha, headSha: firstBad.sha }),
  };
}
