// Run methods: start/cancel/progress (through the run service), listing and reading stored
// runs, relabel/delete, import of Go benchmark text and export as benchfmt, CSV or JSON.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fail, LabFailure, toLabError } from '../../shared/errors.js';
import type { Outputs } from '../../shared/api.js';
import type { RunSpec } from '../../shared/models.js';
import { readBenchfmt } from '../benchfmt/index.js';
import { planImport } from '../export/import-benchfmt.js';
import { IMPORT_WORKER_THRESHOLD, importInWorker } from '../export/import-in-worker.js';
import { runToBenchfmt, runToCsv } from '../export/run-benchfmt.js';
import { ciSeries, toBencherMetricFormat, toGithubActionBenchmark } from '../export/ci-exports.js';
import { isSameProcessAlive } from '../proc/process-identity.js';
import {
  addRunRefs,
  createRun,
  deleteRun as deleteStoredRun,
  getRunDetail,
  getRunHead,
  getRunRefs,
  getRunSummary,
  listRuns as storedRuns,
  unfinishedRuns,
  updateRun,
} from '../store/runs.js';
import { getUnitMeta, insertResults, readResultRows, readStoredResults, runBenchmarkNames, setUnitMeta } from '../store/results.js';
import type { LabContext } from '../lab-context.js';
import { runSnapshot as snapshotOf } from '../analysis/run-snapshot.js';
import type { Method } from './impl-types.js';
import { validateCommandSpec } from '../runner/command-runs.js';

/** importBenchfmt from a JSON request body, parsed, validated and imported in a worker (Lab.importBenchfmtBody). */
export async function importBody(ctx: LabContext, body: Uint8Array): Promise<Outputs['importBenchfmt']> {
  ctx.writable();
  try {
    return await importInWorker(
      { dbPath: ctx.store.path, nativeBinding: ctx.nativeBinding, body },
      { onAbandoned: (id) => deleteStoredRun(ctx.store.db, id) },
    );
  } catch (err) {
    throw new LabFailure(toLabError(err));
  } finally {
    ctx.emit({ type: 'runs-changed' });
  }
}

function detail(ctx: LabContext, id: number) {
  const d = getRunDetail(ctx.store.db, id);
  if (!d) fail('RunNotFound', { run: String(id) });
  return d;
}

/** The one way a run starts (the API's startRun, and the investigation's baseline and verify runs). */
export const startRun: Method<'startRun'> = async (ctx, input) => {
  ctx.writable();
  const repo = ctx.resolveRepo(input.repo);
  const spec: RunSpec = { ...input, repo: repo.path };
  await validateCommandSpec(spec);
  const runId = await ctx.runs.start(spec, repo);
  return { runId };
};

export const cancelRun: Method<'cancelRun'> = async (ctx, { runId }) => {
  const s = getRunSummary(ctx.store.db, runId);
  if (!s) fail('RunNotFound', { run: String(runId) });
  if (ctx.runs.cancel(runId)) return { canceled: true };
  if (s.status === 'running' || s.status === 'queued')
    fail('Conflict', { reason: `run ${runId} belongs to another Perflab process; cancel it there` });
  return { canceled: false };
};

export const listRuns: Method<'listRuns'> = async (ctx, { repo, limit }) =>
  storedRuns(ctx.store.db, { repoId: repo !== undefined ? ctx.resolveRepo(repo).id : undefined, limit });

export const getRun: Method<'getRun'> = async (ctx, { run, repo }) => detail(ctx, ctx.resolveRunId(run, repo));

export const getResults: Method<'getResults'> = async (ctx, { run, repo }) => {
  const id = ctx.resolveRunId(run, repo);
  detail(ctx, id);
  const labels = new Map(getRunRefs(ctx.store.db, id).map((r) => [r.id, r.label]));
  return readResultRows(ctx.store.db, id, labels);
};

export const benchmarkNames: Method<'benchmarkNames'> = async (ctx, { run, repo }) => {
  const id = ctx.resolveRunId(run, repo);
  if (!getRunHead(ctx.store.db, id)) fail('RunNotFound', { run: String(id) });
  return runBenchmarkNames(ctx.store.db, id);
};

export const runSnapshot: Method<'runSnapshot'> = async (ctx, { runId }) => {
  if (!getRunHead(ctx.store.db, runId)) fail('RunNotFound', { run: String(runId) });
  const labels = new Map(getRunRefs(ctx.store.db, runId).map((r) => [r.id, r.label]));
  return snapshotOf(ctx.store.db, runId, labels);
};

export const runProgress: Method<'runProgress'> = async (ctx, { runId }) => {
  const s = getRunSummary(ctx.store.db, runId);
  if (!s) fail('RunNotFound', { run: String(runId) });
  return ctx.runs.progress(runId, s.status);
};

export const relabelRun: Method<'relabelRun'> = async (ctx, { runId, label }) => {
  ctx.writable();
  detail(ctx, runId);
  updateRun(ctx.store.db, runId, { label });
  ctx.emit({ type: 'runs-changed' });
  return getRunSummary(ctx.store.db, runId)!;
};

export const deleteRun: Method<'deleteRun'> = async (ctx, { runId }) => {
  ctx.writable();
  if (ctx.runs.isActive(runId)) fail('Conflict', { reason: `run ${runId} is still running: cancel it first` });
  // Queued or running in another Perflab process that is alive: its rows and files are in use.
  const owner = unfinishedRuns(ctx.store.db).find((r) => r.id === runId);
  if (owner && owner.ownerPid !== null && isSameProcessAlive(owner.ownerPid, owner.ownerStart)) {
    fail('Conflict', {
      reason: `run ${runId} is ${owner.status} in another Perflab process (pid ${owner.ownerPid}): cancel it there first`,
    });
  }
  const deleted = deleteStoredRun(ctx.store.db, runId);
  rmSync(join(ctx.paths.runs, String(runId)), { recursive: true, force: true });
  ctx.emit({ type: 'runs-changed' });
  return { deleted };
};

export const importBenchfmt: Method<'importBenchfmt'> = async (ctx, { files, label }) => {
  ctx.writable();
  if (files.reduce((n, f) => n + f.text.length, 0) >= IMPORT_WORKER_THRESHOLD) {
    // Large: parsed, planned and inserted in a worker, off the event loop (import-job.ts).
    try {
      return await importInWorker(
        { dbPath: ctx.store.path, nativeBinding: ctx.nativeBinding, files, label },
        { onAbandoned: (id) => deleteStoredRun(ctx.store.db, id) },
      );
    } finally {
      ctx.emit({ type: 'runs-changed' });
    }
  }
  const plan = planImport(files.map((f) => ({ name: f.name, records: readBenchfmt(f.text) })));
  if (plan.results.length === 0) {
    const e = plan.syntaxErrors[0];
    fail('ParseError', { file: e?.file ?? files[0].name, line: e?.line }, 'no benchmark results found');
  }
  const { db } = ctx.store;
  const runId = db.transaction(() => {
    const id = createRun(db, {
      repoId: null,
      repoPath: '',
      kind: 'imported',
      label: label || files.map((f) => f.name).join(' '),
      status: 'completed',
      spec: null,
    });
    const refs = addRunRefs(
      db,
      id,
      plan.columns.map((c) => ({ label: c.label, name: c.label, sha: c.sha, dirty: c.dirty, variant: null })),
    );
    insertResults(
      db,
      id,
      plan.results.map((r) => ({ ...r, runRefId: refs[r.runRefId].id })),
    );
    for (const m of plan.unitMeta) setUnitMeta(db, id, m.unit, m.key, m.value);
    const now = new Date().toISOString();
    updateRun(db, id, {
      startedAt: now,
      finishedAt: now,
      statusDetail: `${plan.results.length} results imported`,
      notes: plan.syntaxErrors.slice(0, 100).map((e) => `${e.file}:${e.line}: ${e.message}`),
    });
    return id;
  })();
  ctx.emit({ type: 'runs-changed' });
  return { runId, results: plan.results.length, syntaxErrors: plan.syntaxErrors };
};

export const exportRun: Method<'exportRun'> = async (ctx, { run, format }) => {
  const id = ctx.resolveRunId(run);
  const d = detail(ctx, id);
  const results = readStoredResults(ctx.store.db, id);
  switch (format) {
    case 'benchfmt':
      return { filename: `perflab-run-${id}.txt`, mime: 'text/plain', text: runToBenchfmt(results, d.refs, getUnitMeta(ctx.store.db, id)) };
    case 'csv':
      return { filename: `perflab-run-${id}.csv`, mime: 'text/csv', text: runToCsv(results, d.refs) };
    case 'json': {
      const labels = new Map(d.refs.map((r) => [r.id, r.label]));
      return {
        filename: `perflab-run-${id}.json`,
        mime: 'application/json',
        text: `${JSON.stringify({ run: d, results: readResultRows(ctx.store.db, id, labels) }, null, 2)}\n`,
      };
    }
    case 'github-action-benchmark':
    case 'github-action-benchmark-bigger': {
      const series = ciSeries(results, d.refs, getUnitMeta(ctx.store.db, id));
      const entries = toGithubActionBenchmark(series, format === 'github-action-benchmark' ? 'smaller' : 'bigger');
      return {
        filename: `perflab-run-${id}-${format === 'github-action-benchmark' ? 'smaller' : 'bigger'}.json`,
        mime: 'application/json',
        text: `${JSON.stringify(entries, null, 2)}\n`,
      };
    }
    case 'bmf': {
      const series = ciSeries(results, d.refs, getUnitMeta(ctx.store.db, id));
      return {
        filename: `perflab-run-${id}.bmf.json`,
        mime: 'application/json',
        text: `${JSON.stringify(toBencherMetricFormat(series), null, 2)}\n`,
      };
    }
  }
};
