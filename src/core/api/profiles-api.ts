// Profile methods: select stored profiles (by id, or by run + kind/benchmark/ref) or a file,
// and have the analysis worker (pprof/analysis-pool.ts) decode them (cached by content hash or
// file identity, so exploring a profile decodes it once), merge repetitions, and answer flame
// data (bounded: small subtrees hidden and counted; diffs per op unless asked for absolute
// values), top tables, sandwiches, source lines and findings, all off the event loop; and
// `go tool pprof` / `go tool trace` servers on loopback, stopped on close or lab exit.
import { randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { checkRegularFile, MiB } from '../fs/safe-read.js';
import { basename, join, resolve } from 'node:path';
import type { Parsed } from '../../shared/api.js';
import { fail } from '../../shared/errors.js';
import type { ProfileRecord } from '../../shared/models.js';
import type { DiffNormalization } from '../../shared/profile-types.js';
import { goCommandEnv } from '../go/go-env.js';
import { startPprofServer } from '../go/go-tool-pprof.js';
import { startTraceServer } from '../go/go-tool-trace.js';
import { flameHtml, flameSvg, type FindingsKind } from '../pprof/index.js';
import type { ProfileRef } from '../pprof/analysis.js';
import { DEFAULT_MAX_COMPRESSED, DEFAULT_MAX_UNCOMPRESSED } from '../pprof/inflate.js';
import type { LabContext } from '../lab-context.js';
import { profilePath } from '../runner/profile-capture.js';
import { getProfile, listProfiles as storedProfiles } from '../store/profiles.js';
import { getRepoById } from '../store/repos.js';
import { getRunDetail, getRunSummary } from '../store/runs.js';
import { finishRunFindings, runCompilerDiff, type RunFacts } from '../analysis/findings-context.js';
import type { NotesDeps } from '../compiler/compiler-build.js';
import type { FindingsDrafts } from '../pprof/findings.js';
import type { Method } from './impl-types.js';
import { matchRunRef } from '../../shared/ref-match.js';

type Selector = Parsed<'profileFlame'>['base'] & object;

/** A profile file given by path: the decoder's own caps (compressed or raw protobuf). */
const MAX_PROFILE_FILE = Math.max(DEFAULT_MAX_COMPRESSED, DEFAULT_MAX_UNCOMPRESSED);
/** A trace handed to `go tool trace` (read by that tool, so only checked here). */
const MAX_TRACE_FILE = 1024 * MiB;

const pathOf = (ctx: LabContext) => (sha: string, kind: string) => profilePath(ctx.paths.profiles, sha, kind);

/** The stored profiles a selector names. */
function records(ctx: LabContext, s: Selector): ProfileRecord[] {
  if (s.profileIds.length) {
    return s.profileIds.map((id) => getProfile(ctx.store.db, id, pathOf(ctx)) ?? fail('ProfileNotFound', { profile: String(id) }));
  }
  if (s.run === undefined) return [];
  const runId = ctx.resolveRunId(s.run);
  const run = getRunSummary(ctx.store.db, runId) ?? fail('RunNotFound', { run: String(runId) });
  // A ref is its commit: typed name, label, `name@sha12` or a unique commit prefix.
  const refLabel = s.ref === undefined ? undefined : matchRunRef(run.refs, s.ref, runId).label;
  const matching = storedProfiles(ctx.store.db, runId, pathOf(ctx)).filter(
    (p) =>
      (s.kind === undefined || p.kind === s.kind) &&
      (s.bench === undefined || p.benchmark === s.bench || p.benchmark === `Benchmark${s.bench}`) &&
      (refLabel === undefined || p.refLabel === refLabel) &&
      p.kind !== 'trace',
  );
  // The whole-package profile a PGO build was made from counts only when nothing else matches
  // (a --pgo-loop run without --profile has no other), so it never doubles a benchmark's samples.
  const perBench = matching.filter((p) => p.benchmark !== '(pgo)');
  const all = perBench.length ? perBench : matching;
  if (all.length === 0 && run.status !== 'completed') fail('RunFailed', { runId, status: run.status }, 'it has no such profile');
  if (all.length === 0)
    fail('ProfileNotFound', {
      profile: `run ${runId}${s.kind ? ` ${s.kind}` : ''}${s.bench ? ` ${s.bench}` : ''}${s.ref ? ` at ${s.ref}` : ''}`,
    });
  const kinds = new Set(all.map((p) => p.kind));
  if (kinds.size > 1) fail('InvalidInput', { field: 'kind' }, `the selection holds ${[...kinds].join(', ')} profiles: pick one kind`);
  return all;
}

/** The profile files a selector names (merged by the worker when more than one). */
async function refsOf(ctx: LabContext, s: Selector): Promise<ProfileRef[]> {
  if (s.path) {
    // Checked here (a FIFO, a device or a huge file is refused before any read) and read by
    // the worker with the same bounds; the key changes when the file does.
    const abs = resolve(s.path);
    await checkRegularFile(abs, { maxBytes: MAX_PROFILE_FILE, shownPath: s.path });
    const st = await stat(abs).catch(() => fail('FileNotFound', { path: s.path! }));
    return [{ path: abs, key: `file:${abs}:${st.dev}:${st.ino}:${st.size}:${st.mtimeMs}` }];
  }
  const recs = records(ctx, s);
  if (recs.length === 0) fail('InvalidInput', { field: 'profileIds' }, 'select profiles by id, by run, or a file path');
  for (const r of recs)
    if (r.kind === 'trace')
      fail(
        'InvalidInput',
        { field: 'kind', value: 'trace' },
        'a trace is not a pprof profile: open it with the trace viewer, or pick a trace-sched/sync/syscall/net profile',
      );
  return recs.map((r) => ({ path: r.path, key: r.sha256 }));
}

/**
 * One side of a diff: per op (each stored profile divided by the iterations its process ran,
 * then merged) when asked and every profile has a count; otherwise raw, with the reason.
 */
async function diffSide(
  ctx: LabContext,
  s: Selector,
  perOp: boolean,
): Promise<{ refs: ProfileRef[]; iterations: number[]; reason?: string }> {
  if (s.path)
    return { refs: await refsOf(ctx, s), iterations: [], reason: perOp ? 'a profile file carries no iteration count' : undefined };
  const recs = records(ctx, s);
  const iterations = recs.map((r) => r.iterations).filter((n): n is number => n !== null && n > 0);
  if (!perOp || iterations.length < recs.length) {
    const missing = recs.find((r) => r.iterations === null || r.iterations <= 0);
    return {
      refs: await refsOf(ctx, s),
      iterations,
      reason:
        perOp && missing
          ? `profile #${missing.id} (${missing.benchmark} at ${missing.refLabel || 'its ref'}) has no iteration count: it was taken with a time-based benchtime`
          : undefined,
    };
  }
  const refs = await refsOf(ctx, s);
  return { refs: refs.map((r, i) => ({ ...r, scale: 1 / recs[i].iterations! })), iterations };
}

/** Both sides of a diff, scaled alike: per op only when both sides can be. */
async function diffPair(
  ctx: LabContext,
  head: Selector,
  base: Selector,
  absolute: boolean,
): Promise<{ head: ProfileRef[]; base: ProfileRef[]; normalization: DiffNormalization }> {
  let h = await diffSide(ctx, head, !absolute);
  let b = await diffSide(ctx, base, !absolute);
  const reason = h.reason ?? b.reason;
  if (!absolute && reason !== undefined) {
    // One side cannot be per op: compare both raw rather than mix scales.
    if (h.reason === undefined) h = await diffSide(ctx, head, false);
    if (b.reason === undefined) b = await diffSide(ctx, base, false);
  }
  const mode = absolute || reason !== undefined ? 'absolute' : 'per op';
  return {
    head: h.refs,
    base: b.refs,
    normalization: {
      mode,
      iterations: h.iterations,
      baseIterations: b.iterations,
      ...(reason !== undefined && !absolute ? { reason } : {}),
    },
  };
}

/** A short description of a selection for titles and file names: `run 3 BenchmarkParse cpu at main`, `#12`, a file name. */
function describe(ctx: LabContext, s: Selector): string {
  if (s.path) return basename(s.path);
  const recs = records(ctx, s);
  const first = recs[0];
  if (!first) return 'profile';
  const one = <T>(xs: T[]) => (new Set(xs).size === 1 ? xs[0] : null);
  const bench = one(recs.map((r) => r.benchmark));
  const ref = one(recs.map((r) => r.refLabel));
  return [s.profileIds.length === 1 ? `#${first.id}` : `run ${first.runId}`, bench, first.kind, ref ? `at ${ref}` : null]
    .filter(Boolean)
    .join(' ');
}

const treeOpts = (s: Selector) => ({ sampleType: s.sampleType, focus: s.focus, ignore: s.ignore, hide: s.hide });

export const listProfiles: Method<'listProfiles'> = async (ctx, { run }) => {
  return storedProfiles(ctx.store.db, ctx.resolveRunId(run), pathOf(ctx));
};

export const profileFlame: Method<'profileFlame'> = async (ctx, input) => {
  if (!input.base) {
    const data = await ctx.analysis.run({ op: 'flame', head: await refsOf(ctx, input), tree: treeOpts(input) });
    // Tooltips show values per op when every profile knows the iterations its process ran.
    const recs = input.path ? [] : records(ctx, input);
    const known = recs.length > 0 && recs.every((r) => r.iterations !== null && r.iterations > 0);
    return known ? { ...data, iterations: recs.reduce((n, r) => n + r.iterations!, 0) } : data;
  }
  const pair = await diffPair(ctx, input, input.base, input.absolute);
  return {
    ...(await ctx.analysis.run({ op: 'flame', head: pair.head, base: pair.base, tree: treeOpts(input) })),
    normalization: pair.normalization,
  };
};

export const exportFlame: Method<'exportFlame'> = async (ctx, input) => {
  let per = '';
  let req: Parameters<typeof ctx.analysis.run>[0];
  if (input.base) {
    // The same diff as the Profile view: per op unless --absolute (or a side has no count).
    const pair = await diffPair(ctx, input, input.base, input.absolute);
    req = { op: 'flame', head: pair.head, base: pair.base, tree: treeOpts(input) };
    per = pair.normalization.mode === 'per op' ? ', per op' : ', raw totals';
  } else {
    req = { op: 'flame', head: await refsOf(ctx, input), tree: treeOpts(input) };
  }
  const data = await ctx.analysis.run(req);
  const what = describe(ctx, input);
  const title = input.title ?? `${data.sampleType.type} of ${what}${input.base ? ` vs ${describe(ctx, input.base)}${per}` : ''}`;
  const safe = (x: string) =>
    x
      .replace(/[^A-Za-z0-9_.=-]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .slice(0, 80) || 'profile';
  const filename = `${safe(what)}${input.base ? '-diff' : ''}-flame.${input.format}`;
  return input.format === 'html'
    ? { filename, mime: 'text/html', text: flameHtml(data, { title }) }
    : { filename, mime: 'image/svg+xml', text: flameSvg(data, { title }) };
};

export const profileTop: Method<'profileTop'> = async (ctx, input) => {
  if (!input.base) return ctx.analysis.run({ op: 'top', head: await refsOf(ctx, input), tree: treeOpts(input), n: input.n });
  const pair = await diffPair(ctx, input, input.base, input.absolute);
  return {
    ...(await ctx.analysis.run({ op: 'top', head: pair.head, base: pair.base, tree: treeOpts(input), n: input.n })),
    normalization: pair.normalization,
  };
};

export const profileSandwich: Method<'profileSandwich'> = async (ctx, input) => {
  return ctx.analysis.run({ op: 'sandwich', head: await refsOf(ctx, input), func: input.func, tree: treeOpts(input) });
};

export const profileSource: Method<'profileSource'> = async (ctx, input) => {
  const head = await refsOf(ctx, input);
  let repo = input.repo !== undefined ? ctx.resolveRepo(input.repo) : null;
  if (!repo && input.run !== undefined) {
    const s = getRunSummary(ctx.store.db, ctx.resolveRunId(input.run));
    repo = s?.repoId ? getRepoById(ctx.store.db, s.repoId) : null;
  }
  return ctx.analysis.run({
    op: 'source',
    head,
    func: input.func,
    tree: treeOpts(input),
    repo: repo ? { path: repo.path, modulePath: repo.modulePath } : null,
  });
};

export const exportProfile: Method<'exportProfile'> = async (ctx, { profileId }) => {
  const r = getProfile(ctx.store.db, profileId, pathOf(ctx)) ?? fail('ProfileNotFound', { profile: String(profileId) });
  const bytes = await readFile(r.path).catch(() => fail('FileNotFound', { path: r.path }));
  const safe = (x: string) => x.replace(/[^A-Za-z0-9_.=-]+/g, '_').slice(0, 80);
  const ext = r.kind === 'trace' ? 'trace' : 'pb.gz';
  return {
    filename: `run${r.runId}-${safe(r.benchmark)}-${safe(r.refLabel)}-${r.kind}.${ext}`,
    mime: 'application/octet-stream',
    base64: bytes.toString('base64'),
  };
};

export const openProfileTool: Method<'openProfileTool'> = async (ctx, { profileId, path, tool }) => {
  let file = path ? resolve(path) : null;
  if (profileId !== undefined)
    file = (getProfile(ctx.store.db, profileId, pathOf(ctx)) ?? fail('ProfileNotFound', { profile: String(profileId) })).path;
  if (!file) fail('InvalidInput', { field: 'profileId' }, 'give a profile id or a file path');
  if (path) await checkRegularFile(file, { maxBytes: tool === 'trace' ? MAX_TRACE_FILE : MAX_PROFILE_FILE, shownPath: path });
  const { go, goEnv } = await ctx.goTool();
  const env = goCommandEnv(goEnv, ctx.processEnv);
  const logDir = join(ctx.paths.tmp, 'tools');
  const { mkdirSync } = await import('node:fs');
  mkdirSync(logDir, { recursive: true, mode: 0o700 });
  const handle = randomBytes(8).toString('hex');
  const logFile = join(logDir, `${handle}.log`);
  const server =
    tool === 'trace'
      ? await startTraceServer({ goBin: go.bin, env, traceFile: file, logFile })
      : await startPprofServer({ goBin: go.bin, env, file, logFile });
  ctx.toolServers.set(handle, server);
  void server.done.then(() => ctx.toolServers.delete(handle));
  return { handle, url: server.url };
};

export const closeProfileTool: Method<'closeProfileTool'> = async (ctx, { handle }) => {
  const t = ctx.toolServers.get(handle);
  if (!t) return { closed: false };
  await t.close();
  ctx.toolServers.delete(handle);
  return { closed: true };
};

export const findings: Method<'findings'> = async (ctx, { run }) => {
  const { facts, drafts } = await runDrafts(ctx, run, true);
  return finishRunFindings(() => notesDeps(ctx), drafts!, facts);
};

export const compilerDiff: Method<'compilerDiff'> = async (ctx, { run, base, head }) => {
  const { facts, drafts, runId } = await runDrafts(ctx, run, false);
  if (facts.refs.length < 2 && (base === undefined || head === undefined))
    fail('InvalidInput', { field: 'run', value: String(runId) }, 'a compiler diff needs a run with two refs (or --base and --head)');
  const b = base === undefined ? facts.refs[0] : matchRunRef(facts.refs, base, runId);
  const h = head === undefined ? facts.refs[facts.refs.length - 1] : matchRunRef(facts.refs, head, runId);
  return runCompilerDiff(await notesDeps(ctx), drafts, facts, b, h);
};

async function notesDeps(ctx: LabContext): Promise<NotesDeps> {
  const { go, goEnv } = await ctx.goTool();
  return {
    go,
    goEnv,
    git: await ctx.gitTool(),
    paths: ctx.paths,
    processEnv: ctx.processEnv,
    lockDir: ctx.lockDir,
    nativeBinding: ctx.nativeBinding,
  };
}

/** The run's facts and the worker's finding drafts (null without profiles, when allowed). */
async function runDrafts(
  ctx: LabContext,
  run: number | 'latest',
  needCompleted: boolean,
): Promise<{ runId: number; facts: RunFacts; drafts: FindingsDrafts | null }> {
  const runId = ctx.resolveRunId(run);
  const s = getRunDetail(ctx.store.db, runId);
  if (!s) fail('RunNotFound', { run: String(runId) });
  if (needCompleted && s.status !== 'completed') fail('RunFailed', { runId, status: s.status }, 'findings need a completed run');
  const recs = storedProfiles(ctx.store.db, runId, pathOf(ctx)).filter((p) => p.kind !== 'trace' && p.benchmark !== '(pgo)');
  const profiles = recs.map((r) => ({
    ref: { path: r.path, key: r.sha256 },
    benchmark: r.benchmark,
    refLabel: r.refLabel,
    kind: r.kind as FindingsKind,
  }));
  const repo = s.repoId !== null ? getRepoById(ctx.store.db, s.repoId) : null;
  const module = repo ? { path: repo.modulePath, dir: repo.path } : null;
  const facts: RunFacts = { repo, spec: s.spec, refs: s.refs, builds: s.builds };
  if (!needCompleted && profiles.length === 0) return { runId, facts, drafts: null };
  const drafts = await ctx.analysis.run({
    op: 'findings',
    runId,
    profiles,
    module,
    baseRef: s.refs.length > 1 ? s.refs[0].label : undefined,
    hotFromBase: !needCompleted,
  });
  return { runId, facts, drafts };
}
