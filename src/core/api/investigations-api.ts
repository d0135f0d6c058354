// Investigations, the optimize loop as a record: targets and a baseline run, then verify steps
// (attempts), each measuring a snapshot of the working tree (src/core/workflow/snapshots.ts)
// against the base in an app-owned worktree and running its tests there, with notes attached,
// until `commit` writes the message (and, only with --git-commit, commits the measured
// snapshot on the user's branch when the working tree still is that snapshot). Runs start
// through the one startRun of runs-api.ts; each step's comparison goes through the lab's
// comparison cache like every other.
import { fail } from '../../shared/errors.js';
import type { CommitMessage, Investigation, InvestigationStep, StepTests } from '../../shared/workflow-types.js';
import { compareColumns } from '../analysis/compare-inputs.js';
import { toComparisonJson } from '../compare/index.js';
import { resolveRef, WORKTREE_REF } from '../git/index.js';
import { commitAsUser, committerIdent } from '../git/user-commit.js';
import type { LabContext } from '../lab-context.js';
import { parseInput } from '../lab-input.js';
import {
  addNote,
  addStep,
  createInvestigation,
  getInvestigation,
  getNotes,
  getSteps,
  listInvestigations,
  setInvestigationStatus,
  type InvestigationRow,
} from '../store/investigations.js';
import { getRepoById } from '../store/repos.js';
import { getRunDetail } from '../store/runs.js';
import { getTestResult } from '../store/test-results.js';
import { listProfiles } from '../store/profiles.js';
import { findSnapshot, readPatch, snapshotId, takeSnapshot, SNAPSHOT_REF_PREFIX, type SnapshotRecord } from '../workflow/snapshots.js';
import { evaluateTargets } from '../workflow/targets.js';
import { parseTargetText } from '../workflow/target-syntax.js';
import { RESOURCE_UNITS } from '../runner/resource-capture.js';
import { runCommitMessage } from './commit-export.js';
import type { Method } from './impl-types.js';
import { startRun as startRunMethod } from './runs-api.js';

function investigation(ctx: LabContext, row: InvestigationRow): Investigation {
  const notes = getNotes(ctx.store.db, row.id);
  let attempt = 0;
  const raw = getSteps(ctx.store.db, row.id);
  const steps: InvestigationStep[] = raw.map((s, index) => {
    const d = s.runId !== null ? getRunDetail(ctx.store.db, s.runId) : null;
    let comparison = null;
    if (d && d.status === 'completed' && d.resultCount > 0) {
      const cols = s.kind === 'baseline' ? [d.refs[0]] : [d.refs[0], d.refs[d.refs.length - 1]];
      comparison = toComparisonJson(compareColumns(ctx, d.id, cols));
    }
    const t = s.runId !== null && s.kind === 'verify' ? getTestResult(ctx.store.db, s.runId) : null;
    const wantTests = s.kind === 'verify' && d?.spec?.tests !== undefined;
    const tests: StepTests | null = t
      ? {
          state: t.passed ? 'passed' : 'failed',
          race: t.race,
          packages: t.packages,
          failed: t.failed,
          summary: t.summary,
          seconds: t.seconds,
        }
      : wantTests
        ? { state: 'pending', race: d?.spec?.tests === 'race', packages: [], failed: [], summary: '', seconds: null }
        : null;
    const isAttempt = s.kind === 'verify';
    if (isAttempt) attempt++;
    const max = row.settings.maxAttempts ?? null;
    const warnings =
      isAttempt && max !== null && attempt >= max
        ? [
            `attempt ${attempt} of at most ${max}${attempt > max ? ': over the limit' : ''}: step back and re-analyze` +
              `${s.findingsRunId !== null ? ` (perflab findings ${s.findingsRunId})` : ''}`,
          ]
        : [];
    const rec = s.snapshot ? snapshotFiles(ctx, s.patchSha) : [];
    return {
      index,
      attempt: isAttempt ? attempt : null,
      runId: s.runId ?? 0,
      runStatus: d?.status ?? 'deleted',
      kind: s.kind,
      ref: s.ref,
      createdAt: s.createdAt,
      targets: evaluateTargets(row.targets, comparison),
      snapshot: s.snapshot,
      files: rec,
      tests,
      notes: notes.filter((n) => n.stepId === s.id).map((n) => ({ text: n.text, createdAt: n.createdAt })),
      warnings,
      // A baseline's own profiles are the first findings of the investigation.
      findingsRunId: s.findingsRunId ?? (s.kind === 'baseline' && s.runId !== null && hasProfiles(ctx, s.runId) ? s.runId : null),
    };
  });
  const base = {
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
  return {
    ...base,
    packages: row.settings.packages ?? [],
    tests: row.settings.tests ?? 'off',
    maxAttempts: row.settings.maxAttempts ?? null,
    commitBlocked: commitBlocked(row.id, steps),
  };
}
/** Files a step's patch touches, `STATUS\tpath` (A added, D deleted, M modified), for the record. */
function snapshotFiles(ctx: LabContext, patchSha: string | null): string[] {
  if (!patchSha) return [];
  try {
    // `diff --git a/X b/X`, then `new file mode` (A) or `deleted file mode` (D) when so; M otherwise.
    const out: string[] = [];
    for (const m of readPatch(ctx.paths, patchSha).matchAll(/^diff --git a\/(.*) b\/.*\n(new file mode|deleted file mode)?/gm)) {
      out.push(`${m[2] === 'new file mode' ? 'A' : m[2] === 'deleted file mode' ? 'D' : 'M'}\t${m[1]}`);
      if (out.length >= 500) break;
    }
    return out;
  } catch {
    return [];
  }
}
function invRow(ctx: LabContext, id: number): InvestigationRow {
  const r = getInvestigation(ctx.store.db, id);
  if (!r) fail('InvalidInput', { field: 'id', value: String(id) }, 'no such investigation');
  return r;
}
function repoOf(ctx: LabContext, row: InvestigationRow) {
  const repo = getRepoById(ctx.store.db, row.repoId);
  if (!repo) fail('RepoNotFound', { repo: String(row.repoId) });
  return repo;
}
function hasProfiles(ctx: LabContext, runId: number): boolean {
  return listProfiles(ctx.store.db, runId, () => '').length > 0;
}
/** The newest run of the investigation with profiles: its findings are the latest (`perflab findings RUN`). */
function latestFindingsRun(ctx: LabContext, id: number): number | null {
  for (const s of [...getSteps(ctx.store.db, id)].reverse()) if (s.runId !== null && hasProfiles(ctx, s.runId)) return s.runId;
  return null;
}

/** Why a commit is refused now: the latest step's tests fail, its run did not complete, or a target is not met. */
function commitBlocked(id: number, steps: readonly InvestigationStep[]): string | null {
  const last = [...steps].reverse().find((s) => s.kind === 'verify');
  if (!last) return `no verify step yet: perflab investigate verify ${id}`;
  if (last.tests?.state === 'failed') return `tests fail at step ${last.index} (attempt ${last.attempt}): ${last.tests.failed.join(', ')}`;
  if (last.runStatus !== 'completed') return `the latest verify run (${last.runId}) is ${last.runStatus}`;
  if (last.tests?.state === 'pending') return `the tests of step ${last.index} have not run`;
  const open = last.targets.filter((t) => t.state !== 'met');
  if (open.length || last.targets.length === 0) {
    return `not every target is met in run ${last.runId}: ${open.map((t) => `${t.name} ${t.unit} ${t.state} (target ${t.target})`).join('; ') || 'no target matched a benchmark'}`;
  }
  return null;
}

export const investigationStart: Method<'investigationStart'> = async (ctx, i) => {
  ctx.writable();
  const repo = ctx.resolveRepo(i.repo);
  const git = await ctx.gitTool();
  const targets = [...i.targets, ...i.targetTexts.map(parseTargetText)];
  const baseSha = await resolveRef(git, repo.gitRoot, i.base);
  const id = createInvestigation(ctx.store.db, {
    repoId: repo.id,
    title: i.title,
    base: i.base,
    baseSha,
    bench: i.bench,
    targets,
    settings: {
      count: i.count,
      profile: i.profile,
      benchtime: i.benchtime,
      packages: i.packages,
      tests: i.tests,
      maxAttempts: i.maxAttempts ?? null,
    },
  });
  const { runId } = await startRun(ctx, {
    repo: repo.id,
    refs: [baseSha],
    bench: i.bench,
    count: i.count,
    profile: i.profile,
    benchtime: i.benchtime,
    packages: i.packages,
    label: `${i.title}: baseline`,
    resources: needsResources(targets),
  });
  addStep(ctx.store.db, id, runId, 'baseline', i.base);
  return investigation(ctx, invRow(ctx, id));
};

export const investigationList: Method<'investigationList'> = async (ctx, { repo }) => {
  return listInvestigations(ctx.store.db, repo !== undefined ? ctx.resolveRepo(repo).id : undefined).map((r) => investigation(ctx, r));
};

export const investigationStatus: Method<'investigationStatus'> = async (ctx, { id }) => {
  return investigation(ctx, invRow(ctx, id));
};

export const investigationVerify: Method<'investigationVerify'> = async (ctx, { id, ref, untilSignificant, race, count }) => {
  ctx.writable();
  const row = invRow(ctx, id);
  if (row.status === 'committed') fail('Conflict', { reason: `investigation ${id} is already committed` });
  const repo = repoOf(ctx, row);
  const git = await ctx.gitTool();
  const s = row.settings;
  // WORKTREE is measured as its snapshot, taken now; a stored snapshot (its id, or snapshot:ID) is measured again.
  let snap: SnapshotRecord | null;
  if (ref === WORKTREE_REF) snap = await takeSnapshot(git, ctx.paths, repo.gitRoot);
  else {
    const idPart = ref.startsWith(SNAPSHOT_REF_PREFIX) ? ref.slice(SNAPSHOT_REF_PREFIX.length) : ref;
    snap = /^[0-9a-f]{7,64}$/.test(idPart) ? await findSnapshot(git, ctx.paths, repo.gitRoot, idPart) : null;
    if (!snap && ref.startsWith(SNAPSHOT_REF_PREFIX)) fail('RefNotFound', { ref });
  }
  const runRef = snap ? `${SNAPSHOT_REF_PREFIX}${snap.tree}` : ref;
  const tests = race ? 'race' : (s.tests ?? 'on');
  const n = getSteps(ctx.store.db, id).length;
  const findingsRunId = latestFindingsRun(ctx, id);
  const { runId } = await startRun(ctx, {
    repo: row.repoId,
    refs: [row.baseSha, runRef],
    bench: row.bench,
    count: count ?? s.count,
    profile: s.profile,
    benchtime: s.benchtime,
    packages: s.packages ?? [],
    label: `${row.title}: verify ${n}`,
    ...(tests !== 'off' ? { tests } : {}),
    resources: needsResources(row.targets),
    ...(untilSignificant !== undefined ? { untilSignificant } : {}),
  });
  addStep(ctx.store.db, id, runId, 'verify', ref, { snapshot: snap?.tree ?? null, patchSha: snap?.patchSha ?? null, findingsRunId });
  return investigation(ctx, invRow(ctx, id)).steps[n];
};

export const investigationNote: Method<'investigationNote'> = async (ctx, { id, text, step }) => {
  ctx.writable();
  const steps = getSteps(ctx.store.db, invRow(ctx, id).id);
  const target = step === undefined ? steps[steps.length - 1] : steps[step];
  if (!target) fail('InvalidInput', { field: 'step', value: String(step) }, `investigation ${id} has steps 0..${steps.length - 1}`);
  addNote(ctx.store.db, id, target.id, text);
  return investigation(ctx, invRow(ctx, id)).steps[steps.indexOf(target)];
};

export const investigationShowStep: Method<'investigationShowStep'> = async (ctx, { id, step }) => {
  const steps = getSteps(ctx.store.db, invRow(ctx, id).id);
  const s = steps[step];
  if (!s) fail('InvalidInput', { field: 'step', value: String(step) }, `investigation ${id} has steps 0..${steps.length - 1}`);
  return { step: investigation(ctx, invRow(ctx, id)).steps[step], patch: s.patchSha ? readPatch(ctx.paths, s.patchSha) : null };
};

export const investigationCommit: Method<'investigationCommit'> = async (
  ctx,
  { id, scope, summary, style, trailers, signoff, gitCommit },
) => {
  ctx.writable(); // the investigation is marked committed
  const row = invRow(ctx, id);
  const inv = investigation(ctx, row);
  const last = [...inv.steps].reverse().find((s) => s.kind === 'verify');
  if (!last) fail('Conflict', { reason: `investigation ${id} has no verify run yet: perflab investigate verify ${id}` });
  if (inv.commitBlocked) fail('Conflict', { reason: inv.commitBlocked });
  const repo = repoOf(ctx, row);
  const all = [...trailers];
  if (signoff) {
    const ident = await committerIdent(await ctx.gitTool(), repo.gitRoot);
    if (!all.includes(`Signed-off-by: ${ident}`)) all.push(`Signed-off-by: ${ident}`);
  }
  const msg: CommitMessage = await runCommitMessage(ctx, last.runId, {
    scope,
    summary: summary ?? (style === 'improvements' ? undefined : row.title),
    style,
    format: 'text',
    trailers: all,
  });
  if (!gitCommit) {
    setInvestigationStatus(ctx.store.db, id, 'committed');
    return { message: msg, commit: null };
  }
  if (!last.snapshot) fail('Conflict', { reason: `step ${last.index} measured ${last.ref}, not the working tree: nothing to commit` });
  const git = await ctx.gitTool();
  const rec = await findSnapshot(git, ctx.paths, repo.gitRoot, last.snapshot);
  if (!rec) fail('Conflict', { reason: `the snapshot ${last.snapshot} of step ${last.index} is no longer stored` });
  const [now, head] = await Promise.all([snapshotId(git, ctx.paths, repo.gitRoot), resolveRef(git, repo.gitRoot, 'HEAD')]);
  if (now !== rec.tree || head !== rec.head) {
    fail('Conflict', {
      reason:
        `the working tree is no longer the measured snapshot ${rec.tree.slice(0, 12)} of step ${last.index} ` +
        `(${head !== rec.head ? `HEAD moved to ${head.slice(0, 12)}` : `its files are now ${now.slice(0, 12)}`}): verify again, or restore it`,
    });
  }
  const files = rec.files.map((f) => `${f.status}\t${f.path}`);
  if (files.length === 0) fail('Conflict', { reason: 'the snapshot changes nothing against HEAD: nothing to commit' });
  const done = await commitAsUser(git, repo.gitRoot, msg.text, ctx.paths.tmp);
  setInvestigationStatus(ctx.store.db, id, 'committed');
  return { message: msg, commit: { sha: done.sha, files, output: done.output } };
};

/** Starts a run of the investigation through the lab's one startRun (input validated as the API's). */
function startRun(ctx: LabContext, input: Record<string, unknown>): Promise<{ runId: number }> {
  return startRunMethod(ctx, parseInput('startRun', input));
}

/** A target in a resource unit (peak-RSS-B, user-sec/op...) needs the investigation's runs to measure resources. */
function needsResources(targets: readonly { readonly unit?: string }[]): boolean {
  return targets.some((t) => t.unit !== undefined && (RESOURCE_UNITS as readonly string[]).includes(t.unit));
}
