// What a comparison compares: stored runs (turned into exactly the Go benchmark text that
// `perflab show --format benchfmt` prints, so `perflab compare RUN --by ref` equals
// `benchstat -col ref` on that text by construction) and benchfmt texts (columns by file, as
// benchstat). Prepared inputs are cached per run, so re-projecting a comparison (other
// columns, a filter) re-reads nothing.
import { fail } from '../../shared/errors.js';
import type { Parsed } from '../../shared/api.js';
import { compare, prepareTexts, type CompareOptions, type ComparisonResult, type PreparedInput } from '../compare/index.js';
import { runToBenchfmt } from '../export/run-benchfmt.js';
import type { LabContext } from '../lab-context.js';
import { getUnitMeta, readStoredResults } from '../store/results.js';
import { getRunSummary } from '../store/runs.js';
import type { RunRef } from '../../shared/models.js';

export type CompareBy = 'ref' | 'cpu' | 'benchtime' | 'label' | 'file' | 'run';

export interface CompareRequest extends Omit<Parsed<'compare'>, 'by'> {
  readonly by?: CompareBy;
  readonly row?: string;
  readonly col?: string;
  readonly table?: string;
  readonly ignore?: string;
}

const cache = new Map<string, { key: string; prepared: PreparedInput }>();

/** benchstat projection options for a `--by` choice. */
export function projectionFor(by: CompareBy, fromRuns: boolean): Pick<CompareOptions, 'col' | 'ignore'> {
  switch (by) {
    case 'ref': return { col: 'ref' };
    case 'cpu': return { col: '/gomaxprocs' };
    case 'benchtime': return { col: 'benchtime' };
    case 'label': return { col: 'label', ignore: 'ref' };
    case 'file':
    case 'run': return fromRuns ? { col: '.file', ignore: 'ref' } : { col: '.file' };
  }
}

export function runText(ctx: LabContext, runId: number, extraConfig: readonly (readonly [string, string])[] = []): string {
  const s = getRunSummary(ctx.store.db, runId);
  if (!s) fail('RunNotFound', { run: String(runId) });
  return runToBenchfmt(readStoredResults(ctx.store.db, runId), s.refs, getUnitMeta(ctx.store.db, runId), { extraConfig });
}

/** A run's columns by label (or ref name), in the order given: the first is the baseline. */
export function pickColumns(ctx: LabContext, runId: number, labels: readonly string[]): RunRef[] {
  const s = getRunSummary(ctx.store.db, runId);
  if (!s) fail('RunNotFound', { run: String(runId) });
  return labels.map((l) => {
    const r = s.refs.find((x) => x.label === l) ?? s.refs.find((x) => x.name === l) ?? s.refs.find((x) => l.length >= 7 && x.sha.startsWith(l));
    if (!r) fail('InvalidInput', { field: 'ref', value: l }, `run ${runId} has no column ${JSON.stringify(l)} (it has ${s.refs.map((x) => x.label).join(', ')})`);
    return r;
  });
}

/** The usual significance level. */
export const DEFAULT_ALPHA = 0.05;

/** The level a run is judged at by default: its own (an adaptive run's corrected alpha), else 0.05. */
export function runAlpha(ctx: LabContext, runIds: readonly number[]): number {
  const levels = new Set(runIds.map((id) => getRunSummary(ctx.store.db, id)?.alpha ?? DEFAULT_ALPHA));
  // Runs judged at different levels together: the strictest of them.
  return levels.size ? Math.min(...levels) : DEFAULT_ALPHA;
}

/** Compares chosen columns of one run (columns by ref, the first one the baseline), at the
 * run's own alpha unless one is given. */
export function compareColumns(ctx: LabContext, runId: number, cols: readonly RunRef[], o: { alpha?: number; confidence?: number; filter?: string } = {}): ComparisonResult {
  const ids = new Set(cols.map((c) => c.id));
  const refs = cols.map((c, i) => ({ ...c, position: i }));
  const text = runToBenchfmt(readStoredResults(ctx.store.db, runId).filter((r) => ids.has(r.refId)), refs, getUnitMeta(ctx.store.db, runId));
  return compare(prepareTexts([{ name: `run ${runId}`, text }]), { col: 'ref', alpha: o.alpha ?? runAlpha(ctx, [runId]), confidence: o.confidence ?? 0.95, filter: o.filter });
}

/** Compares a column of one run (the baseline) with a column of another run. Tables are keyed
 * by package only, so runs from different machines still meet in one table (the gate refuses
 * that unless asked). */
export function compareAcrossRuns(ctx: LabContext, base: { runId: number; ref: RunRef }, head: { runId: number; ref: RunRef }, o: { alpha?: number } = {}): ComparisonResult {
  const part = (x: { runId: number; ref: RunRef }, label: string) => runToBenchfmt(
    readStoredResults(ctx.store.db, x.runId).filter((r) => r.refId === x.ref.id), [{ ...x.ref, label, position: 0 }], getUnitMeta(ctx.store.db, x.runId));
  const sources = [
    { name: `run ${base.runId}`, text: part(base, `${base.ref.label} (run ${base.runId})`) },
    { name: `run ${head.runId}`, text: part(head, `${head.ref.label} (run ${head.runId})`) },
  ];
  return compare(prepareTexts(sources), { col: 'ref', table: 'pkg', alpha: o.alpha ?? runAlpha(ctx, [base.runId, head.runId]), confidence: 0.95 });
}

function preparedFor(ctx: LabContext, req: CompareRequest, by: CompareBy): PreparedInput {
  const runIds = req.runs.map((r) => ctx.resolveRunId(r, req.repo));
  const key = JSON.stringify({
    runs: runIds.map((id) => {
      const s = getRunSummary(ctx.store.db, id);
      return [id, s?.resultCount, s?.status, s?.label];
    }),
    label: by === 'label', texts: req.texts.map((t) => [t.name, t.text.length, hash(t.text)]),
  });
  const hit = cache.get(ctx.paths.db);
  if (hit && hit.key === key) return hit.prepared;
  const sources: { name: string; text: string; path?: string }[] = [];
  const names = new Set<string>();
  for (const id of runIds) {
    const s = getRunSummary(ctx.store.db, id)!;
    const label = s.label || `run ${id}`;
    let name = `run ${id}`;
    if (names.has(name)) name = `${name}#${sources.length}`;
    names.add(name);
    sources.push({ name, text: runText(ctx, id, by === 'label' ? [['label', label]] : []) });
  }
  // benchstat names the path (not the label) in `file:line:` diagnostics.
  for (const t of req.texts) sources.push({ name: t.name, text: t.text, ...(t.path ? { path: t.path } : {}) });
  if (sources.length === 0) fail('InvalidInput', { field: 'runs' }, 'nothing to compare: give runs or files');
  const prepared = prepareTexts(sources);
  cache.set(ctx.paths.db, { key, prepared });
  return prepared;
}

/** Compares runs and/or texts with benchstat's statistics and projection. */
export function compareRequest(ctx: LabContext, req: CompareRequest): ComparisonResult {
  const fromRuns = req.runs.length > 0;
  const by: CompareBy = req.by ?? (req.runs.length === 1 && req.texts.length === 0 ? 'ref' : fromRuns ? 'run' : 'file');
  const proj = projectionFor(by, fromRuns);
  return compare(preparedFor(ctx, req, by), {
    col: req.col ?? proj.col, ignore: req.ignore ?? proj.ignore, row: req.row, table: req.table,
    filter: req.filter, alpha: req.alpha ?? (fromRuns ? runAlpha(ctx, req.runs.map((r) => ctx.resolveRunId(r, req.repo))) : DEFAULT_ALPHA), confidence: req.confidence, holm: req.holm,
  });
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i += Math.max(1, s.length >> 12)) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}
