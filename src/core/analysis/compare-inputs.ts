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

/** Compares chosen columns of one run (columns by ref, the first one the baseline). */
export function compareColumns(ctx: LabContext, runId: number, cols: readonly RunRef[], o: { alpha?: number; confidence?: number; filter?: string } = {}): ComparisonResult {
  const ids = new Set(cols.map((c) => c.id));
  const refs = cols.map((c, i) => ({ ...c, position: i }));
  const text = runToBenchfmt(readStoredResults(ctx.store.db, runId).filter((r) => ids.has(r.refId)), refs, getUnitMeta(ctx.store.db, runId));
  return compare(prepareTexts([{ name: `run ${runId}`, text }]), { col: 'ref', alpha: o.alpha ?? 0.05, confidence: o.confidence ?? 0.95, filter: o.filter });
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
    filter: req.filter, alpha: req.alpha, confidence: req.confidence, holm: req.holm,
  });
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i += Math.max(1, s.length >> 12)) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}
