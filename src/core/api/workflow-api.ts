// The perf workflow's methods: the commit message of a run, budgets and the gate, a
// benchmark's history, and investigations (targets -> baseline -> verify runs -> commit).
import { fail } from '../../shared/errors.js';
import type { RunDetail, RunRef } from '../../shared/models.js';
import type { Baseline, Investigation, InvestigationStep } from '../../shared/workflow-types.js';
import { compareAcrossRuns, compareColumns, completedRun, pickColumns } from '../analysis/compare-inputs.js';
import { compareEnvironments } from '../env/index.js';
import { getBaseline, listBaselines, setBaseline, type BaselineRow } from '../store/baselines.js';
import { getRunRefs } from '../store/runs.js';
import { renderMarkdown, renderText, toComparisonJson } from '../compare/index.js';
import { commitMessage } from '../export/commit-message.js';
import { showFileAt } from '../git/index.js';
import type { LabContext } from '../lab-context.js';
import { addStep, createInvestigation, getInvestigation, getSteps, listInvestigations, setInvestigationStatus, type InvestigationRow } from '../store/investigations.js';
import { getBudgets, getRepoById, setBudgets } from '../store/repos.js';
import { getRunDetail } from '../store/runs.js';
import { compileBudgets, parseBudgets, type CompiledBudget } from '../workflow/budgets.js';
import { evaluateGate } from '../workflow/gate.js';
import { benchmarkHistory } from '../workflow/history.js';
import { evaluateTargets } from '../workflow/targets.js';
import { resolveRef } from '../git/index.js';
import type { ApiImpl } from './impl-types.js';
import { parseInput } from '../lab-input.js';
import type { Parsed } from '../../shared/api.js';
import { RESOURCE_UNITS } from '../runner/resource-capture.js';

type WorkflowMethods = 'exportCommit' | 'gate' | 'baselineSet' | 'baselineList' | 'getBudgets' | 'setBudgets' | 'history' | 'investigationStart' | 'investigationList' |
  'investigationStatus' | 'investigationVerify' | 'investigationCommit';

/** Environment differences a baseline gate refuses (other machine or Go). */
const REFUSED_ENV = new Set(['different-machine', 'different-cpu', 'different-cpu-count', 'different-go', 'different-platform']);

export function workflowApi(ctx: LabContext): Pick<ApiImpl, WorkflowMethods> {
  const runDetail = (id: number): RunDetail => {
    const d = getRunDetail(ctx.store.db, id);
    if (!d) fail('RunNotFound', { run: String(id) });
    return d;
  };
  const baseHead = (d: RunDetail, base?: string, head?: string): [RunRef, RunRef] => {
    if (d.refs.length < 2 && !(base && head)) fail('InvalidInput', { field: 'run', value: String(d.id) }, `run ${d.id} has one column; compare needs a base and a head`);
    const [b, h] = pickColumns(ctx, d.id, [base ?? d.refs[0].label, head ?? d.refs[d.refs.length - 1].label]);
    return [b, h];
  };
  const exportCommit = async (runId: number, o: { base?: string; head?: string; scope?: string; summary?: string; style: 'conventional' | 'go'; format: 'text' | 'markdown' }) => {
    completedRun(ctx, runId);
    const d = runDetail(runId);
    const [base, head] = baseHead(d, o.base, o.head);
    const full = toComparisonJson(compareColumns(ctx, runId, [base, head]));
    const decided = new Set(['faster', 'slower', 'changed']);
    const units = new Set(['sec/op', ...full.tables.filter((t) => t.rows.some((r) => decided.has(r.deltas[1]?.verdict.state ?? ''))).map((t) => t.unit)]);
    const shown = compareColumns(ctx, runId, [base, head], { filter: `.unit:(${[...units].map((u) => JSON.stringify(u)).join(' OR ')})` });
    const repo = d.repoId !== null ? getRepoById(ctx.store.db, d.repoId) : null;
    return commitMessage({
      run: d, base, head, comparison: full, table: renderText(shown).stdout, markdown: renderMarkdown(shown),
      modulePath: repo?.modulePath ?? '', scope: o.scope, summary: o.summary, style: o.style, format: o.format,
    });
  };
  /** Budgets from the base ref's perflab.json (trusted repositories only) plus those set through the API. */
  const budgetsFor = async (d: RunDetail, base: RunRef): Promise<{ budgets: CompiledBudget[]; maxRegression?: number; sources: string[] }> => {
    const out: CompiledBudget[] = [];
    const sources: string[] = [];
    let maxRegression: number | undefined;
    const repo = d.repoId !== null ? getRepoById(ctx.store.db, d.repoId) : null;
    if (repo) {
      const stored = getBudgets(ctx.store.db, repo.id);
      if (stored) {
        const b = parseBudgets(stored, 'stored budgets');
        out.push(...compileBudgets(b));
        maxRegression = b.maxRegression;
        sources.push('budgets set through the API');
      }
      if (repo.trusted && /^[0-9a-f]{40,64}$/.test(base.sha)) {
        const git = await ctx.gitTool();
        for (const path of [repo.moduleSubdir ? `${repo.moduleSubdir}/perflab.json` : null, 'perflab.json']) {
          if (!path) continue;
          const text = await showFileAt(git, repo.gitRoot, base.sha, path);
          if (text === null) continue;
          let raw: unknown;
          try { raw = JSON.parse(text); } catch (err) { fail('ParseError', { file: `${path} at ${base.label}` }, (err as Error).message); }
          const b = parseBudgets(raw, `${path} at ${base.label}`);
          out.push(...compileBudgets(b));
          maxRegression = b.maxRegression ?? maxRegression;
          sources.push(`${path} at ${base.label} (${base.sha.slice(0, 12)})`);
          break;
        }
      }
    }
    return { budgets: out, maxRegression, sources };
  };

  const baselineOut = (b: BaselineRow): Baseline => {
    const d = getRunDetail(ctx.store.db, b.runId);
    const ref = d?.refs.find((r) => r.id === b.runRefId);
    const env = d?.environment ?? null;
    return {
      name: b.name, runId: b.runId, refLabel: ref?.label ?? '', sha: ref?.sha ?? '', createdAt: b.createdAt,
      goVersion: env?.goVersion ?? null, machine: env ? `${env.hostname} (${env.cpuModel}, ${env.cpuCount} CPUs, ${env.goos}/${env.goarch})` : null,
    };
  };
  /** A baseline name, or a run id (its last column). */
  const baselineColumn = (b: string | number): { runId: number; ref: RunRef } => {
    if (typeof b === 'number') {
      const d = runDetail(b);
      return { runId: b, ref: d.refs[d.refs.length - 1] };
    }
    const row = getBaseline(ctx.store.db, b);
    if (!row) fail('InvalidInput', { field: 'baseline', value: b }, `no baseline of that name (perflab baseline list; perflab baseline set ${b} RUN)`);
    const ref = getRunRefs(ctx.store.db, row.runId).find((r) => r.id === row.runRefId);
    if (!ref) fail('InvalidInput', { field: 'baseline', value: b }, 'its run column no longer exists');
    return { runId: row.runId, ref };
  };

  const investigation = (row: InvestigationRow): Investigation => {
    const steps: InvestigationStep[] = getSteps(ctx.store.db, row.id).map((s, index) => {
      const d = s.runId !== null ? getRunDetail(ctx.store.db, s.runId) : null;
      let comparison = null;
      if (d && d.status === 'completed' && d.resultCount > 0) {
        const cols = s.kind === 'baseline' ? [d.refs[0]] : [d.refs[0], d.refs[d.refs.length - 1]];
        comparison = toComparisonJson(compareColumns(ctx, d.id, cols));
      }
      return { index, runId: s.runId ?? 0, runStatus: d?.status ?? 'deleted', kind: s.kind, ref: s.ref, createdAt: s.createdAt, targets: evaluateTargets(row.targets, comparison) };
    });
    return { id: row.id, repoId: row.repoId, title: row.title, base: row.base, baseSha: row.baseSha, bench: row.bench, targets: row.targets, status: row.status, steps, createdAt: row.createdAt };
  };
  const invRow = (id: number) => {
    const r = getInvestigation(ctx.store.db, id);
    if (!r) fail('InvalidInput', { field: 'id', value: String(id) }, 'no such investigation');
    return r;
  };

  return {
    exportCommit: async (i) => exportCommit(ctx.resolveRunId(i.run), i),
    async gate({ run, base, head, maxRegression, strict, allowUndecided, baseline, allowEnvMismatch }) {
      const id = ctx.resolveRunId(run);
      const d = runDetail(id);
      completedRun(ctx, id); // a run that failed, was canceled or has no results is never gated (exit 3)
      if (baseline !== undefined) {
        const from = baselineColumn(baseline);
        const bd = runDetail(from.runId);
        const h = pickColumns(ctx, id, [head ?? d.refs[d.refs.length - 1].label])[0];
        const mismatch = bd.environment && d.environment
          ? compareEnvironments(bd.environment, d.environment).filter((w) => REFUSED_ENV.has(w.code)).map((w) => w.message)
          : [];
        if (mismatch.length && !allowEnvMismatch) {
          fail('InvalidInput', { field: 'baseline', value: String(baseline) }, `the baseline was measured elsewhere: ${mismatch.join('; ')}; pass --allow-env-mismatch to gate anyway`);
        }
        const budgets = await budgetsFor(d, from.ref);
        const c = toComparisonJson(compareAcrossRuns(ctx, { runId: from.runId, ref: from.ref }, { runId: id, ref: h }));
        const label = typeof baseline === 'string' ? `baseline ${baseline} (run ${from.runId} ${from.ref.label})` : `run ${from.runId} ${from.ref.label}`;
        const report = evaluateGate(c, {
          runId: id, budgets: budgets.budgets, maxRegression: maxRegression ?? budgets.maxRegression, strict, allowUndecided, baseLabel: label, headLabel: h.label,
          warnings: mismatch.map((m) => `environment mismatch allowed by --allow-env-mismatch: ${m}`),
        });
        const src = budgets.sources.length ? `budgets: ${budgets.sources.join(', ')}\n` : '';
        return { ...report, text: src + report.text };
      }
      const [b, h] = baseHead(d, base, head);
      const budgets = await budgetsFor(d, b);
      const c = toComparisonJson(compareColumns(ctx, id, [b, h]));
      const report = evaluateGate(c, { runId: id, budgets: budgets.budgets, maxRegression: maxRegression ?? budgets.maxRegression, strict, allowUndecided, baseLabel: b.label, headLabel: h.label });
      const from = budgets.sources.length ? `budgets: ${budgets.sources.join(', ')}\n` : '';
      return { ...report, text: from + report.text };
    },
    async baselineSet({ name, run, ref }) {
      ctx.writable();
      const id = ctx.resolveRunId(run);
      const d = runDetail(id);
      if (d.status !== 'completed' || d.resultCount === 0) fail('RunFailed', { runId: id, status: d.status }, 'a baseline needs a completed run with results');
      const col = pickColumns(ctx, id, [ref ?? d.refs[d.refs.length - 1].label])[0];
      return baselineOut(setBaseline(ctx.store.db, name, id, col.id));
    },
    async baselineList() {
      return listBaselines(ctx.store.db).map(baselineOut);
    },
    async getBudgets({ repo }) {
      const r = ctx.resolveRepo(repo);
      return { stored: getBudgets(ctx.store.db, r.id), source: 'set through the API (perflab.json in the base ref applies too, once trusted)' };
    },
    async setBudgets({ repo, budgets }) {
      ctx.writable();
      const r = ctx.resolveRepo(repo);
      if (budgets !== null) compileBudgets(parseBudgets(budgets, 'budgets'));
      setBudgets(ctx.store.db, r.id, budgets ?? null);
      return { stored: budgets ?? null };
    },
    async history({ repo, name, unit, order, cpu, benchtime }) {
      const r = repo !== undefined ? ctx.resolveRepo(repo) : null;
      const git = order === 'commit' && r ? await ctx.gitTool() : null;
      return benchmarkHistory(ctx.store.db, git, r?.gitRoot ?? null, { repoId: r?.id ?? null, name, unit, order, cpu, benchtime });
    },
    async investigationStart(i) {
      ctx.writable();
      const repo = ctx.resolveRepo(i.repo);
      const git = await ctx.gitTool();
      const baseSha = await resolveRef(git, repo.gitRoot, i.base);
      const id = createInvestigation(ctx.store.db, {
        repoId: repo.id, title: i.title, base: i.base, baseSha, bench: i.bench, targets: i.targets,
        settings: { count: i.count, profile: i.profile, benchtime: i.benchtime },
      });
      const { runId } = await startRun(ctx, {
        repo: repo.id, refs: [baseSha], bench: i.bench, count: i.count, profile: i.profile, benchtime: i.benchtime, label: `${i.title}: baseline`,
        resources: needsResources(i.targets),
      });
      addStep(ctx.store.db, id, runId, 'baseline', i.base);
      return investigation(invRow(id));
    },
    async investigationList({ repo }) {
      return listInvestigations(ctx.store.db, repo !== undefined ? ctx.resolveRepo(repo).id : undefined).map(investigation);
    },
    async investigationStatus({ id }) {
      return investigation(invRow(id));
    },
    async investigationVerify({ id, ref }) {
      ctx.writable();
      const row = invRow(id);
      if (row.status === 'committed') fail('Conflict', { reason: `investigation ${id} is already committed` });
      const s = row.settings;
      const n = getSteps(ctx.store.db, id).length;
      const { runId } = await startRun(ctx, {
        repo: row.repoId, refs: [row.baseSha, ref], bench: row.bench, count: s.count, profile: s.profile, benchtime: s.benchtime, label: `${row.title}: verify ${n}`,
        resources: needsResources(row.targets),
      });
      addStep(ctx.store.db, id, runId, 'verify', ref);
      return investigation(invRow(id)).steps[n];
    },
    async investigationCommit({ id, scope, summary }) {
      const row = invRow(id);
      const inv = investigation(row);
      const last = [...inv.steps].reverse().find((s) => s.kind === 'verify');
      if (!last) fail('Conflict', { reason: `investigation ${id} has no verify run yet: perflab investigate verify ${id}` });
      if (last.runStatus !== 'completed') fail('Conflict', { reason: `the latest verify run (${last.runId}) is ${last.runStatus}` });
      const open = last.targets.filter((t) => t.state !== 'met');
      if (open.length || last.targets.length === 0) {
        fail('Conflict', { reason: `not every target is met in run ${last.runId}: ${open.map((t) => `${t.name} ${t.unit} ${t.state} (target ${t.target})`).join('; ') || 'no target matched a benchmark'}` });
      }
      const msg = await exportCommit(last.runId, { scope, summary: summary ?? row.title, style: 'conventional', format: 'text' });
      setInvestigationStatus(ctx.store.db, id, 'committed');
      return msg;
    },
  };
}

/** A target in a resource unit (peak-RSS-B, user-sec/op...) needs the investigation's runs to measure resources. */
function needsResources(targets: readonly { readonly unit: string }[]): boolean {
  return targets.some((t) => (RESOURCE_UNITS as readonly string[]).includes(t.unit));
}

async function startRun(ctx: LabContext, input: Record<string, unknown>): Promise<{ runId: number }> {
  const spec = parseInput('startRun', input) as Parsed<'startRun'>;
  const repo = ctx.resolveRepo(spec.repo);
  return { runId: await ctx.runs.start({ ...spec, repo: repo.path }, repo) };
}
