// Investigation methods: targets -> a baseline run -> verify runs (each started by the one
// startRun of runs-api.ts) -> the commit message once every target is met. Each step's
// comparison goes through the lab's comparison cache like every other.
import { fail } from '../../shared/errors.js';
import type { Investigation, InvestigationStep } from '../../shared/workflow-types.js';
import { compareColumns } from '../analysis/compare-inputs.js';
import { toComparisonJson } from '../compare/index.js';
import { resolveRef } from '../git/index.js';
import type { LabContext } from '../lab-context.js';
import { parseInput } from '../lab-input.js';
import {
  addStep,
  createInvestigation,
  getInvestigation,
  getSteps,
  listInvestigations,
  setInvestigationStatus,
  type InvestigationRow,
} from '../store/investigations.js';
import { getRunDetail } from '../store/runs.js';
import { evaluateTargets } from '../workflow/targets.js';
import type { Method } from './impl-types.js';
import { startRun } from './runs-api.js';
import { commitMessageOf } from './workflow-api.js';

function investigation(ctx: LabContext, row: InvestigationRow): Investigation {
  const steps: InvestigationStep[] = getSteps(ctx.store.db, row.id).map((s, index) => {
    const d = s.runId !== null ? getRunDetail(ctx.store.db, s.runId) : null;
    let comparison = null;
    if (d && d.status === 'completed' && d.resultCount > 0) {
      const cols = s.kind === 'baseline' ? [d.refs[0]] : [d.refs[0], d.refs[d.refs.length - 1]];
      comparison = toComparisonJson(compareColumns(ctx, d.id, cols));
    }
    return {
      index,
      runId: s.runId ?? 0,
      runStatus: d?.status ?? 'deleted',
      kind: s.kind,
      ref: s.ref,
      createdAt: s.createdAt,
      targets: evaluateTargets(row.targets, comparison),
    };
  });
  return {
    id: row.id,
    repoId: row.repoId,
    title: row.title,
    base: row.base,
    baseSha: row.baseSha,
    bench: row.bench,
    targets: row.targets,
    status: row.status,
    steps,
    createdAt: row.createdAt,
  };
}

function invRow(ctx: LabContext, id: number): InvestigationRow {
  const r = getInvestigation(ctx.store.db, id);
  if (!r) fail('InvalidInput', { field: 'id', value: String(id) }, 'no such investigation');
  return r;
}

export const investigationStart: Method<'investigationStart'> = async (ctx, i) => {
  ctx.writable();
  const repo = ctx.resolveRepo(i.repo);
  const git = await ctx.gitTool();
  const baseSha = await resolveRef(git, repo.gitRoot, i.base);
  const id = createInvestigation(ctx.store.db, {
    repoId: repo.id,
    title: i.title,
    base: i.base,
    baseSha,
    bench: i.bench,
    targets: i.targets,
    settings: { count: i.count, profile: i.profile, benchtime: i.benchtime },
  });
  const run = parseInput('startRun', {
    repo: repo.id,
    refs: [baseSha],
    bench: i.bench,
    count: i.count,
    profile: i.profile,
    benchtime: i.benchtime,
    label: `${i.title}: baseline`,
  });
  const { runId } = await startRun(ctx, run);
  addStep(ctx.store.db, id, runId, 'baseline', i.base);
  return investigation(ctx, invRow(ctx, id));
};

export const investigationList: Method<'investigationList'> = async (ctx, { repo }) =>
  listInvestigations(ctx.store.db, repo !== undefined ? ctx.resolveRepo(repo).id : undefined).map((r) => investigation(ctx, r));

export const investigationStatus: Method<'investigationStatus'> = async (ctx, { id }) => investigation(ctx, invRow(ctx, id));

export const investigationVerify: Method<'investigationVerify'> = async (ctx, { id, ref }) => {
  ctx.writable();
  const row = invRow(ctx, id);
  if (row.status === 'committed') fail('Conflict', { reason: `investigation ${id} is already committed` });
  const s = row.settings;
  const n = getSteps(ctx.store.db, id).length;
  const run = parseInput('startRun', {
    repo: row.repoId,
    refs: [row.baseSha, ref],
    bench: row.bench,
    count: s.count,
    profile: s.profile,
    benchtime: s.benchtime,
    label: `${row.title}: verify ${n}`,
  });
  const { runId } = await startRun(ctx, run);
  addStep(ctx.store.db, id, runId, 'verify', ref);
  return investigation(ctx, invRow(ctx, id)).steps[n];
};

export const investigationCommit: Method<'investigationCommit'> = async (ctx, { id, scope, summary }) => {
  const row = invRow(ctx, id);
  const inv = investigation(ctx, row);
  const last = [...inv.steps].reverse().find((s) => s.kind === 'verify');
  if (!last) fail('Conflict', { reason: `investigation ${id} has no verify run yet: perflab investigate verify ${id}` });
  if (last.runStatus !== 'completed') fail('Conflict', { reason: `the latest verify run (${last.runId}) is ${last.runStatus}` });
  const open = last.targets.filter((t) => t.state !== 'met');
  if (open.length || last.targets.length === 0) {
    fail('Conflict', {
      reason: `not every target is met in run ${last.runId}: ${open.map((t) => `${t.name} ${t.unit} ${t.state} (target ${t.target})`).join('; ') || 'no target matched a benchmark'}`,
    });
  }
  const msg = await commitMessageOf(ctx, last.runId, { scope, summary: summary ?? row.title, style: 'conventional', format: 'text' });
  setInvestigationStatus(ctx.store.db, id, 'committed');
  return msg;
};
