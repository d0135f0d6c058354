// What a comparison compares: stored runs (turned into exactly the Go benchmark text that
// `perflab show --format benchfmt` prints, so `perflab compare RUN --by ref` equals
// `benchstat -col ref` on that text by construction) and benchfmt texts (columns by file, as
// benchstat). Several runs are never pooled silently: their columns are (run, ref), and
// `--by ref` pools one commit's samples across runs under one `ref:` value, saying so. Only
// completed runs with results are compared. Every path prepares its input through the lab's
// comparison cache (comparison-cache.ts, on the lab context), so re-projecting a comparison
// (other columns, a filter, the commit message's second table) re-reads nothing.
import { createHash } from 'node:crypto';
import { fail } from '../../shared/errors.js';
import type { Parsed } from '../../shared/api.js';
import { compare, prepareTexts, type CompareOptions, type ComparisonResult, type PreparedInput } from '../compare/index.js';
import { refConfigValue, runToBenchfmt } from '../export/run-benchfmt.js';
import type { LabContext } from '../lab-context.js';
import { checkProjectionKeys, DEFAULT_ALPHA, effectiveBy, projectionFor, type CompareBy } from './compare-projection.js';
import { getUnitMeta, readStoredResults } from '../store/results.js';
import { getRunHead, type RunHead } from '../store/runs.js';
import type { RunRef } from '../../shared/models.js';
import { commitIdentity, matchRunRef } from '../../shared/ref-match.js';

export interface CompareRequest extends Omit<Parsed<'compare'>, 'by' | 'samples'> {
  readonly by?: CompareBy;
  readonly row?: string;
  readonly col?: string;
  readonly table?: string;
  readonly ignore?: string;
}

export { checkProjectionKeys, DEFAULT_ALPHA, effectiveBy, projectionFor, type CompareBy };

/** A run (without its counts), refused (exit 3, naming its status) unless it completed with results. */
export function completedRun(ctx: LabContext, runId: number): RunHead {
  const s = runHead(ctx, runId);
  if (s.status !== 'completed')
    fail('RunFailed', { runId, status: s.status }, s.statusDetail.split('\n')[0] || 'it has no complete results to compare');
  if (s.lastResultId === null) fail('RunFailed', { runId, status: s.status }, 'it has no results');
  return s;
}

function runHead(ctx: LabContext, runId: number): RunHead {
  return getRunHead(ctx.store.db, runId) ?? fail('RunNotFound', { run: String(runId) });
}

export function runText(
  ctx: LabContext,
  runId: number,
  extraConfig: readonly (readonly [string, string])[] = [],
  refValue?: (r: RunRef) => string,
): string {
  const s = runHead(ctx, runId);
  return runToBenchfmt(readStoredResults(ctx.store.db, runId), s.refs, getUnitMeta(ctx.store.db, runId), {
    extraConfig,
    ...(refValue ? { refValue } : {}),
  });
}

/** A run's columns by ref selector (name, label, commit prefix), in the order given: the first is the baseline. */
export function pickColumns(ctx: LabContext, runId: number, selectors: readonly string[]): RunRef[] {
  const s = runHead(ctx, runId);
  return selectors.map((sel) => matchRunRef(s.refs, sel, runId));
}

/** The level a run is judged at by default: its own (an adaptive run's corrected alpha), else 0.05. */
export function runAlpha(ctx: LabContext, runIds: readonly number[]): number {
  return alphaOf(runIds.map((id) => getRunHead(ctx.store.db, id)));
}

function alphaOf(runs: readonly (RunHead | null)[]): number {
  const levels = new Set(runs.map((s) => s?.alpha ?? DEFAULT_ALPHA));
  // Runs judged at different levels together: the strictest of them.
  return levels.size ? Math.min(...levels) : DEFAULT_ALPHA;
}

/** What a run's text depends on besides its columns (a run deleted and another stored under its id differs). */
function runStamp(ctx: LabContext, runId: number): unknown[] {
  const s = runHead(ctx, runId);
  return [s.id, s.createdAt, s.status, s.lastResultId];
}

/** What a column contributes to a run's text: its `ref:` value and its position. */
const columnKey = (c: RunRef, position: number) => [c.id, c.label, c.name, c.sha, c.dirty, position];

/** Compares chosen columns of one run (columns by ref, the first one the baseline), at the
 * run's own alpha unless one is given. */
export function compareColumns(
  ctx: LabContext,
  runId: number,
  cols: readonly RunRef[],
  o: { alpha?: number; confidence?: number; filter?: string } = {},
): ComparisonResult {
  const key = JSON.stringify({ columns: runStamp(ctx, runId), cols: cols.map(columnKey) });
  const prepared = ctx.comparisons.get(key, () => {
    const ids = new Set(cols.map((c) => c.id));
    const refs = cols.map((c, i) => ({ ...c, position: i }));
    const text = runToBenchfmt(
      readStoredResults(ctx.store.db, runId).filter((r) => ids.has(r.refId)),
      refs,
      getUnitMeta(ctx.store.db, runId),
    );
    return prepareTexts([{ name: `run ${runId}`, text }]);
  });
  return compare(prepared, { col: 'ref', alpha: o.alpha ?? runAlpha(ctx, [runId]), confidence: o.confidence ?? 0.95, filter: o.filter });
}

/** Compares a column of one run (the baseline) with a column of another run. Tables are keyed
 * by package only, so runs from different machines still meet in one table (the gate refuses
 * that unless asked). */
export function compareAcrossRuns(
  ctx: LabContext,
  base: { runId: number; ref: RunRef },
  head: { runId: number; ref: RunRef },
  o: { alpha?: number } = {},
): ComparisonResult {
  const key = JSON.stringify({ across: [base, head].map((x) => [runStamp(ctx, x.runId), columnKey(x.ref, 0)]) });
  const prepared = ctx.comparisons.get(key, () => {
    const part = (x: { runId: number; ref: RunRef }, label: string) =>
      runToBenchfmt(
        readStoredResults(ctx.store.db, x.runId).filter((r) => r.refId === x.ref.id),
        [{ ...x.ref, label, position: 0 }],
        getUnitMeta(ctx.store.db, x.runId),
      );
    return prepareTexts([
      { name: `run ${base.runId}`, text: part(base, `${base.ref.label} (run ${base.runId})`) },
      { name: `run ${head.runId}`, text: part(head, `${head.ref.label} (run ${head.runId})`) },
    ]);
  });
  return compare(prepared, { col: 'ref', table: 'pkg', alpha: o.alpha ?? runAlpha(ctx, [base.runId, head.runId]), confidence: 0.95 });
}

/** One `ref:` value per commit across runs (the first run's), so `--by ref` puts one commit in one column. */
function commitRefValues(summaries: readonly RunHead[]): (runId: number) => (r: RunRef) => string {
  // One commit built with other tags is another program: never pooled with the default build.
  const tagsOf = new Map(summaries.map((s) => [s.id, s.tags]));
  const identity = (r: RunRef, runId: number) => `${commitIdentity(r, runId)}\u0000${tagsOf.get(runId) ?? ''}`;
  const value = (r: RunRef, runId: number) => (tagsOf.get(runId) ? `${refConfigValue(r)} (-tags ${tagsOf.get(runId)})` : refConfigValue(r));
  const first = new Map<string, string>();
  for (const s of summaries) for (const r of s.refs) if (!first.has(identity(r, s.id))) first.set(identity(r, s.id), value(r, s.id));
  return (runId) => (r) => first.get(identity(r, runId)) ?? value(r, runId);
}

function preparedFor(
  ctx: LabContext,
  req: CompareRequest,
  by: CompareBy,
): { readonly prepared: PreparedInput; readonly runs: readonly RunHead[] } {
  const runIds = req.runs.map((r) => ctx.resolveRunId(r, req.repo));
  const summaries = runIds.map((id) => completedRun(ctx, id));
  const byCommit = (by === 'ref' || by === 'label') && runIds.length > 1;
  const key = JSON.stringify({
    runs: summaries.map((s) => [s.id, s.createdAt, s.lastResultId, s.status, s.label]),
    label: by === 'label',
    byCommit,
    texts: req.texts.map((t) => [t.name, t.path ?? null, t.text.length, hash(t.text)]),
  });
  return { prepared: ctx.comparisons.get(key, () => prepareSources(ctx, req, by, summaries, byCommit)), runs: summaries };
}

function prepareSources(
  ctx: LabContext,
  req: CompareRequest,
  by: CompareBy,
  summaries: readonly RunHead[],
  byCommit: boolean,
): PreparedInput {
  const sources: { name: string; text: string; path?: string }[] = [];
  const names = new Set<string>();
  const refValues = byCommit ? commitRefValues(summaries) : null;
  for (const s of summaries) {
    const id = s.id;
    const label = s.label || `run ${id}`;
    // Another build of the same commit is another program: its column says so.
    let name = s.tags ? `run ${id} (-tags ${s.tags})` : `run ${id}`;
    if (names.has(name)) name = `${name}#${sources.length}`;
    names.add(name);
    sources.push({ name, text: runText(ctx, id, by === 'label' ? [['label', label]] : [], refValues?.(id)) });
  }
  // benchstat names the path (not the label) in `file:line:` diagnostics.
  for (const t of req.texts) sources.push({ name: t.name, text: t.text, ...(t.path ? { path: t.path } : {}) });
  if (sources.length === 0) fail('InvalidInput', { field: 'runs' }, 'nothing to compare: give runs or files');
  return prepareTexts(sources);
}

/** The line said above a table that pools runs (null when nothing is pooled). */
export function poolingNote(req: Pick<CompareRequest, 'by' | 'runs' | 'texts' | 'col'>, runIds: readonly number[]): string | null {
  if (req.col !== undefined || effectiveBy(req) !== 'ref' || runIds.length < 2) return null;
  return `columns by commit: each column pools that commit's samples across runs ${runIds.join(', ')}`;
}

/** What a request compares (the prepared input, from the lab's cache) and how (benchstat's
 * projection, alpha, confidence, Holm). */
export function comparePlan(ctx: LabContext, req: CompareRequest): { readonly prepared: PreparedInput; readonly options: CompareOptions } {
  const fromRuns = req.runs.length > 0;
  const by = effectiveBy(req);
  const proj = projectionFor(by, fromRuns);
  const { prepared, runs } = preparedFor(ctx, req, by);
  checkProjectionKeys(prepared, req);
  return {
    prepared,
    options: {
      col: req.col ?? proj.col,
      ignore: req.ignore ?? proj.ignore,
      row: req.row,
      table: req.table,
      filter: req.filter,
      alpha: req.alpha ?? (fromRuns ? alphaOf(runs) : DEFAULT_ALPHA),
      confidence: req.confidence,
      holm: req.holm,
    },
  };
}

/** Compares runs and/or texts with benchstat's statistics and projection. */
export function compareRequest(ctx: LabContext, req: CompareRequest): ComparisonResult {
  const { prepared, options } = comparePlan(ctx, req);
  return compare(prepared, options);
}

/** The run ids a request names (`latest` resolved). */
export function requestRunIds(ctx: LabContext, req: Pick<CompareRequest, 'runs' | 'repo'>): number[] {
  return req.runs.map((r) => ctx.resolveRunId(r, req.repo));
}

/** A digest of every character: a cache key that sampled the text could hand back a stale
 * comparison after an edit of the same length. */
function hash(s: string): string {
  return createHash('sha256').update(s).digest('base64');
}
