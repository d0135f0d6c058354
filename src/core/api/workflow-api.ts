// The perf workflow's methods: the commit message of a run, the gate (budgets from
// workflow/budget-sources.ts), baselines, budgets set through the API and a benchmark's
// history (the commit message itself is built in commit-export.ts). Investigations are in
// investigations-api.ts.
import { fail } from '../../shared/errors.js';
import type { RunDetail, RunRef } from '../../shared/models.js';
import type { Baseline } from '../../shared/workflow-types.js';
import { compareAcrossRuns, compareColumns, completedRun, pickColumns } from '../analysis/compare-inputs.js';
import { compareEnvironments } from '../env/index.js';
import { resolveRef } from '../git/index.js';
import { getBaseline, listBaselines, setBaseline, type BaselineRow } from '../store/baselines.js';
import { getRunDetail, getRunRefs } from '../store/runs.js';
import { toComparisonJson } from '../compare/index.js';
import type { LabContext } from '../lab-context.js';
import { getBudgets as storedBudgets, getRepoById, setBudgets as storeBudgets } from '../store/repos.js';
import { budgetSourcesLine, readGateBudgets } from '../workflow/budget-sources.js';
import { compileBudgets, parseBudgets } from '../workflow/budgets.js';
import { evaluateGate } from '../workflow/gate.js';
import { buildOfParts } from '../workflow/build-config.js';
import { benchmarkHistory } from '../workflow/history.js';
import { historyChanges as storedHistoryChanges } from '../workflow/history-changes.js';
import type { Method } from './impl-types.js';
import { baseHeadOf, runCommitMessage, runDetailOf } from './commit-export.js';

/** Environment differences a baseline gate refuses (other machine or Go). */
const REFUSED_ENV = new Set(['different-machine', 'different-cpu', 'different-cpu-count', 'different-go', 'different-platform']);

function baselineOut(ctx: LabContext, b: BaselineRow): Baseline {
  const d = getRunDetail(ctx.store.db, b.runId);
  const ref = d?.refs.find((r) => r.id === b.runRefId);
  const env = d?.environment ?? null;
  return {
    name: b.name,
    runId: b.runId,
    refLabel: ref?.label ?? '',
    sha: ref?.sha ?? '',
    createdAt: b.createdAt,
    goVersion: env?.goVersion ?? null,
    machine: env ? `${env.hostname} (${env.cpuModel}, ${env.cpuCount} CPUs, ${env.goos}/${env.goarch})` : null,
  };
}

/** A baseline name, or a run id (its last column). */
function baselineColumn(ctx: LabContext, b: string | number): { runId: number; ref: RunRef } {
  if (typeof b === 'number') {
    const d = runDetailOf(ctx, b);
    return { runId: b, ref: d.refs[d.refs.length - 1] };
  }
  const row = getBaseline(ctx.store.db, b);
  if (!row)
    fail(
      'InvalidInput',
      { field: 'baseline', value: b },
      `no baseline of that name (perflab baseline list; perflab baseline set ${b} RUN)`,
    );
  const ref = getRunRefs(ctx.store.db, row.runId).find((r) => r.id === row.runRefId);
  if (!ref) fail('InvalidInput', { field: 'baseline', value: b }, 'its run column no longer exists');
  return { runId: row.runId, ref };
}

const repoOf = (ctx: LabContext, d: RunDetail) => (d.repoId !== null ? getRepoById(ctx.store.db, d.repoId) : null);

export const exportCommit: Method<'exportCommit'> = async (ctx, i) => runCommitMessage(ctx, ctx.resolveRunId(i.run), i);

export const gate: Method<'gate'> = async (ctx, { run, base, head, maxRegression, strict, allowUndecided, baseline, allowEnvMismatch }) => {
  const id = ctx.resolveRunId(run);
  const d = runDetailOf(ctx, id);
  completedRun(ctx, id); // a run that failed, was canceled or has no results is never gated (exit 3)
  if (baseline !== undefined) {
    const from = baselineColumn(ctx, baseline);
    const bd = runDetailOf(ctx, from.runId);
    const h = pickColumns(ctx, id, [head ?? d.refs[d.refs.length - 1].label])[0];
    const mismatch =
      bd.environment && d.environment
        ? compareEnvironments(bd.environment, d.environment)
            .filter((w) => REFUSED_ENV.has(w.code))
            .map((w) => w.message)
        : [];
    // Another build (tags, a variant's toolchain, GOAMD64, gcflags, PGO, env) is another program.
    const baseBuild = buildOfParts(bd.spec?.tags ?? '', from.ref.variant);
    const headBuild = buildOfParts(d.spec?.tags ?? '', h.variant);
    if (baseBuild.key !== headBuild.key) mismatch.push(`different builds (${baseBuild.text} vs ${headBuild.text})`);
    if (mismatch.length && !allowEnvMismatch) {
      fail(
        'InvalidInput',
        { field: 'baseline', value: String(baseline) },
        `the baseline was measured elsewhere: ${mismatch.join('; ')}; pass --allow-env-mismatch to gate anyway`,
      );
    }
    const budgets = await readGateBudgets(ctx.store.db, repoOf(ctx, d), from.ref, ctx.gitTool);
    const c = toComparisonJson(compareAcrossRuns(ctx, { runId: from.runId, ref: from.ref }, { runId: id, ref: h }));
    const label =
      typeof baseline === 'string' ? `baseline ${baseline} (run ${from.runId} ${from.ref.label})` : `run ${from.runId} ${from.ref.label}`;
    const report = evaluateGate(c, {
      runId: id,
      budgets: budgets.budgets,
      maxRegression: maxRegression ?? budgets.maxRegression,
      strict,
      allowUndecided,
      baseLabel: label,
      headLabel: h.label,
      warnings: mismatch.map((m) => `environment mismatch allowed by --allow-env-mismatch: ${m}`),
    });
    return { ...report, text: budgetSourcesLine(budgets) + report.text };
  }
  const [b, h] = baseHeadOf(ctx, d, base, head);
  const budgets = await readGateBudgets(ctx.store.db, repoOf(ctx, d), b, ctx.gitTool);
  const c = toComparisonJson(compareColumns(ctx, id, [b, h]));
  const report = evaluateGate(c, {
    runId: id,
    budgets: budgets.budgets,
    maxRegression: maxRegression ?? budgets.maxRegression,
    strict,
    allowUndecided,
    baseLabel: b.label,
    headLabel: h.label,
  });
  return { ...report, text: budgetSourcesLine(budgets) + report.text };
};

export const baselineSet: Method<'baselineSet'> = async (ctx, { name, run, ref }) => {
  ctx.writable();
  const id = ctx.resolveRunId(run);
  const d = runDetailOf(ctx, id);
  if (d.status !== 'completed' || d.resultCount === 0)
    fail('RunFailed', { runId: id, status: d.status }, 'a baseline needs a completed run with results');
  const col = pickColumns(ctx, id, [ref ?? d.refs[d.refs.length - 1].label])[0];
  return baselineOut(ctx, setBaseline(ctx.store.db, name, id, col.id));
};

export const baselineList: Method<'baselineList'> = async (ctx) => listBaselines(ctx.store.db).map((b) => baselineOut(ctx, b));

export const getBudgets: Method<'getBudgets'> = async (ctx, { repo, ref }) => {
  const r = ctx.resolveRepo(repo);
  const out = {
    stored: storedBudgets(ctx.store.db, r.id),
    source: 'set through the API (perflab.json in the base ref applies too, once trusted)',
  };
  // perflab.json is read from trusted repositories only: otherwise no answer for the ref.
  if (ref === undefined || !r.trusted) return out;
  const sha = await resolveRef(await ctx.gitTool(), r.gitRoot, ref);
  const b = await readGateBudgets(ctx.store.db, r, { label: ref, sha }, ctx.gitTool);
  return { ...out, atRef: { ref, sha, budgets: b.budgets.length, maxRegression: b.maxRegression ?? null, sources: b.sources } };
};

export const setBudgets: Method<'setBudgets'> = async (ctx, { repo, budgets }) => {
  ctx.writable();
  const r = ctx.resolveRepo(repo);
  if (budgets !== null) compileBudgets(parseBudgets(budgets, 'budgets'));
  storeBudgets(ctx.store.db, r.id, budgets ?? null);
  return { stored: budgets ?? null };
};

export const history: Method<'history'> = async (ctx, { repo, name, unit, order, cpu, benchtime }) => {
  const r = repo !== undefined ? ctx.resolveRepo(repo) : null;
  const git = order === 'commit' && r ? await ctx.gitTool() : null;
  return benchmarkHistory(ctx.store.db, git, r?.gitRoot ?? null, { repoId: r?.id ?? null, name, unit, order, cpu, benchtime });
};

export const historyChanges: Method<'historyChanges'> = async (ctx, { repo, name, unit, cpu, benchtime, thresholdPct, alpha }) => {
  const r = repo !== undefined ? ctx.resolveRepo(repo) : null;
  let git = null;
  try {
    git = r ? await ctx.gitTool() : null;
  } catch {
    /* no git: date order */
  }
  return storedHistoryChanges(ctx.store.db, git, r?.gitRoot ?? null, {
    repoId: r?.id ?? null,
    name,
    unit,
    cpu,
    benchtime,
    thresholdPct,
    alpha,
  });
};
