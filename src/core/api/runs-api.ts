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
import { addRunRefs, createRun, deleteRun, getRunDetail, getRunRefs, getRunSummary, listRuns, unfinishedRuns, updateRun } from '../store/runs.js';
import { getUnitMeta, insertResults, readResultRows, readStoredResults, setUnitMeta } from '../store/results.js';
import type { LabContext } from '../lab-context.js';
import type { ApiImpl } from './impl-types.js';
import { validateCommandSpec } from '../runner/command-runs.js';

/** importBenchfmt from a JSON request body, parsed, validated and imported in a worker (Lab.importBenchfmtBody). */
export async function importBody(ctx: LabContext, body: Uint8Array): Promise<Outputs['importBenchfmt']> {
  ctx.writable();
  try {
    return await importInWorker({ dbPath: ctx.store.path, nativeBinding: ctx.nativeBinding, body }, { onAbandoned: (id) => deleteRun(ctx.store.db, id) });
  } catch (err) {
    throw new LabFailure(toLabError(err));
  } finally {
    ctx.emit({ type: 'runs-changed' });
  }
}

type RunsMethods = 'startRun' | 'cancelRun' | 'listRuns' | 'getRun' | 'getResults' | 'runProgress' | 'relabelRun' | 'deleteRun' | 'importBenchfmt' | 'exportRun';

export function runsApi(ctx: LabContext): Pick<ApiImpl, RunsMethods> {
  const detail = (id: number) => {
    const d = getRunDetail(ctx.store.db, id);
    if (!d) fail('RunNotFound', { run: String(id) });
    return d;
  };
  return {
    async startRun(input) {
      ctx.writable();
      const repo = ctx.resolveRepo(input.repo);
      const spec: RunSpec = { ...input, repo: repo.path };
      await validateCommandSpec(spec);
      const runId = await ctx.runs.start(spec, repo);
      return { runId };
    },
    async cancelRun({ runId }) {
      const s = getRunSummary(ctx.store.db, runId);
      if (!s) fail('RunNotFound', { run: String(runId) });
      if (ctx.runs.cancel(runId)) return { canceled: true };
      if (s.status === 'running' || s.status === 'queued') fail('Conflict', { reason: `run ${runId} belongs to another Perflab process; cancel it there` });
      return { canceled: false };
    },
    async listRuns({ repo, limit }) {
      return listRuns(ctx.store.db, { repoId: repo !== undefined ? ctx.resolveRepo(repo).id : undefined, limit });
    },
    async getRun({ run, repo }) {
      return detail(ctx.resolveRunId(run, repo));
    },
    async getResults({ run, repo }) {
      const id = ctx.resolveRunId(run, repo);
      detail(id);
      const labels = new Map(getRunRefs(ctx.store.db, id).map((r) => [r.id, r.label]));
      return readResultRows(ctx.store.db, id, labels);
    },
    async runProgress({ runId }) {
      const s = getRunSummary(ctx.store.db, runId);
      if (!s) fail('RunNotFound', { run: String(runId) });
      return ctx.runs.progress(runId, s.status);
    },
    async relabelRun({ runId, label }) {
      ctx.writable();
      detail(runId);
      updateRun(ctx.store.db, runId, { label });
      ctx.emit({ type: 'runs-changed' });
      return getRunSummary(ctx.store.db, runId)!;
    },
    async deleteRun({ runId }) {
      ctx.writable();
      if (ctx.runs.isActive(runId)) fail('Conflict', { reason: `run ${runId} is still running: cancel it first` });
      // Queued or running in another Perflab process that is alive: its rows and files are in use.
      const owner = unfinishedRuns(ctx.store.db).find((r) => r.id === runId);
      if (owner && owner.ownerPid !== null && isSameProcessAlive(owner.ownerPid, owner.ownerStart)) {
        fail('Conflict', { reason: `run ${runId} is ${owner.status} in another Perflab process (pid ${owner.ownerPid}): cancel it there first` });
      }
      const deleted = deleteRun(ctx.store.db, runId);
      rmSync(join(ctx.paths.runs, String(runId)), { recursive: true, force: true });
      ctx.emit({ type: 'runs-changed' });
      return { deleted };
    },
    async importBenchfmt({ files, label }) {
      ctx.writable();
      if (files.reduce((n, f) => n + f.text.length, 0) >= IMPORT_WORKER_THRESHOLD) {
        // Large: parsed, planned and inserted in a worker, off the event loop (import-job.ts).
        try {
          return await importInWorker({ dbPath: ctx.store.path, nativeBinding: ctx.nativeBinding, files, label }, { onAbandoned: (id) => deleteRun(ctx.store.db, id) });
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
        const id = createRun(db, { repoId: null, repoPath: '', kind: 'imported', label: label || files.map((f) => f.name).join(' '), status: 'completed', spec: null });
        const refs = addRunRefs(db, id, plan.columns.map((c) => ({ label: c.label, name: c.label, sha: c.sha, dirty: c.dirty, variant: null })));
        insertResults(db, id, plan.results.map((r) => ({ ...r, runRefId: refs[r.runRefId].id })));
        for (const m of plan.unitMeta) setUnitMeta(db, id, m.unit, m.key, m.value);
        const now = new Date().toISOString();
        updateRun(db, id, {
          startedAt: now, finishedAt: now, statusDetail: `${plan.results.length} results imported`,
          notes: plan.syntaxErrors.slice(0, 100).map((e) => `${e.file}:${e.line}: ${e.message}`),
        });
        return id;
      })();
      ctx.emit({ type: 'runs-changed' });
      return { runId, results: plan.results.length, syntaxErrors: plan.syntaxErrors };
    },
    async exportRun({ run, format }) {
      const id = ctx.resolveRunId(run);
      const d = detail(id);
      const results = readStoredResults(ctx.store.db, id);
      switch (format) {
        case 'benchfmt':
          return { filename: `perflab-run-${id}.txt`, mime: 'text/plain', text: runToBenchfmt(results, d.refs, getUnitMeta(ctx.store.db, id)) };
        case 'csv':
          return { filename: `perflab-run-${id}.csv`, mime: 'text/csv', text: runToCsv(results, d.refs) };
        case 'json': {
          const labels = new Map(d.refs.map((r) => [r.id, r.label]));
          return { filename: `perflab-run-${id}.json`, mime: 'application/json', text: `${JSON.stringify({ run: d, results: readResultRows(ctx.store.db, id, labels) }, null, 2)}\n` };
        }
        case 'github-action-benchmark':
        case 'github-action-benchmark-bigger': {
          const series = ciSeries(results, d.refs, getUnitMeta(ctx.store.db, id));
          const entries = toGithubActionBenchmark(series, format === 'github-action-benchmark' ? 'smaller' : 'bigger');
          return { filename: `perflab-run-${id}-${format === 'github-action-benchmark' ? 'smaller' : 'bigger'}.json`, mime: 'application/json', text: `${JSON.stringify(entries, null, 2)}\n` };
        }
        case 'bmf': {
          const series = ciSeries(results, d.refs, getUnitMeta(ctx.store.db, id));
          return { filename: `perflab-run-${id}.bmf.json`, mime: 'application/json', text: `${JSON.stringify(toBencherMetricFormat(series), null, 2)}\n` };
        }
      }
    },
  };
}
