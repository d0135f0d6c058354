// Profile methods: select stored profiles (by id, or by run + kind/benchmark/ref) or a file,
// decode them in a worker (cached by content hash, so exploring a profile decodes it once),
// merge repetitions, and answer flame data (diffs per op unless asked for absolute values), top tables, sandwiches, source lines, findings,
// and `go tool pprof` / `go tool trace` servers on loopback, stopped on close or lab exit.
import { createHash, randomBytes } from 'node:crypto';
import { readFile, realpath } from 'node:fs/promises';
import { checkRegularFile, MiB, readFileBounded } from '../fs/safe-read.js';
import { basename, join, resolve, sep } from 'node:path';
import type { Parsed } from '../../shared/api.js';
import { fail } from '../../shared/errors.js';
import type { ProfileRecord } from '../../shared/models.js';
import type { DiffNormalization } from '../../shared/profile-types.js';
import { goCommandEnv } from '../go/go-env.js';
import { startPprofServer, type ToolServer } from '../go/go-tool-pprof.js';
import { startTraceServer } from '../go/go-tool-trace.js';
import {
  buildTree, diffFlameData, diffTrees, findingsFromProfiles, flameData, flameHtml, flameSvg, loadProfile, mergeProfiles, sandwich, scaleProfile, sourceView, topTable,
  type FindingsKind, type Profile,
} from '../pprof/index.js';
import { DEFAULT_MAX_COMPRESSED, DEFAULT_MAX_UNCOMPRESSED } from '../pprof/inflate.js';
import type { ProfileInput } from '../pprof/load-profile.js';
import type { LabContext } from '../lab-context.js';
import { profilePath } from '../runner/profile-capture.js';
import { getProfile, listProfiles } from '../store/profiles.js';
import { getRepoById } from '../store/repos.js';
import { getRunSummary } from '../store/runs.js';
import type { ApiImpl } from './impl-types.js';
import { matchRunRef } from '../../shared/ref-match.js';

type ProfileMethods = 'listProfiles' | 'exportProfile' | 'profileFlame' | 'exportFlame' | 'profileTop' | 'profileSandwich' | 'profileSource' | 'openProfileTool' | 'closeProfileTool' | 'findings';
type Selector = Parsed<'profileFlame'>['base'] & object;

const CACHE_LIMIT = 8;
/** A profile file given by path: the decoder's own caps (compressed or raw protobuf). */
const MAX_PROFILE_FILE = Math.max(DEFAULT_MAX_COMPRESSED, DEFAULT_MAX_UNCOMPRESSED);
/** A trace handed to `go tool trace` (read by that tool, so only checked here). */
const MAX_TRACE_FILE = 1024 * MiB;

export function profilesApi(ctx: LabContext, onClose: (f: () => Promise<void>) => void): Pick<ApiImpl, ProfileMethods> {
  const pathOf = (sha: string, kind: string) => profilePath(ctx.paths.profiles, sha, kind);
  const cache = new Map<string, Promise<Profile>>();
  const tools = new Map<string, ToolServer>();
  onClose(async () => {
    await Promise.all([...tools.values()].map((t) => t.close()));
    tools.clear();
  });

  const load = (input: ProfileInput, key: string): Promise<Profile> => {
    let p = cache.get(key);
    if (p) {
      cache.delete(key);
      cache.set(key, p);
      return p;
    }
    p = loadProfile(input);
    p.catch(() => cache.delete(key));
    cache.set(key, p);
    while (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value!);
    return p;
  };

  /** The stored profiles a selector names. */
  const records = (s: Selector): ProfileRecord[] => {
    if (s.profileIds.length) {
      return s.profileIds.map((id) => getProfile(ctx.store.db, id, pathOf) ?? fail('ProfileNotFound', { profile: String(id) }));
    }
    if (s.run === undefined) return [];
    const runId = ctx.resolveRunId(s.run);
    const run = getRunSummary(ctx.store.db, runId) ?? fail('RunNotFound', { run: String(runId) });
    // A ref is its commit: typed name, label, `name@sha12` or a unique commit prefix.
    const refLabel = s.ref === undefined ? undefined : matchRunRef(run.refs, s.ref, runId).label;
    const matching = listProfiles(ctx.store.db, runId, pathOf).filter((p) =>
      (s.kind === undefined || p.kind === s.kind) && (s.bench === undefined || p.benchmark === s.bench || p.benchmark === `Benchmark${s.bench}`) &&
      (refLabel === undefined || p.refLabel === refLabel) && p.kind !== 'trace');
    // The whole-package profile a PGO build was made from counts only when nothing else matches
    // (a --pgo-loop run without --profile has no other), so it never doubles a benchmark's samples.
    const perBench = matching.filter((p) => p.benchmark !== '(pgo)');
    const all = perBench.length ? perBench : matching;
    if (all.length === 0 && run.status !== 'completed') fail('RunFailed', { runId, status: run.status }, 'it has no such profile');
    if (all.length === 0) fail('ProfileNotFound', { profile: `run ${runId}${s.kind ? ` ${s.kind}` : ''}${s.bench ? ` ${s.bench}` : ''}${s.ref ? ` at ${s.ref}` : ''}` });
    const kinds = new Set(all.map((p) => p.kind));
    if (kinds.size > 1) fail('InvalidInput', { field: 'kind' }, `the selection holds ${[...kinds].join(', ')} profiles: pick one kind`);
    return all;
  };

  /** Loads (and merges) what a selector names. */
  const profileOf = async (s: Selector): Promise<Profile> => {
    if (s.path) {
      // Read once, bounded (a FIFO, a device or a huge file is refused before any read), and
      // decoded from those bytes: the file cannot change between the hash and the decode.
      const abs = resolve(s.path);
      const bytes = await readFileBounded(abs, { maxBytes: MAX_PROFILE_FILE, shownPath: s.path });
      return load({ bytes }, `file:${abs}:${createHash('sha256').update(bytes).digest('hex')}`);
    }
    const recs = records(s);
    if (recs.length === 0) fail('InvalidInput', { field: 'profileIds' }, 'select profiles by id, by run, or a file path');
    for (const r of recs) if (r.kind === 'trace') fail('InvalidInput', { field: 'kind', value: 'trace' }, 'a trace is not a pprof profile: open it with the trace viewer, or pick a trace-sched/sync/syscall/net profile');
    const ps = await Promise.all(recs.map((r) => load({ path: r.path }, r.sha256)));
    return ps.length === 1 ? ps[0] : mergeProfiles(ps);
  };
  /**
   * One side of a diff: per op (each stored profile divided by the iterations its process ran,
   * then merged) when asked and every profile has a count; otherwise raw, with the reason.
   */
  const diffSide = async (s: Selector, perOp: boolean): Promise<{ profile: Profile; iterations: number[]; reason?: string }> => {
    if (s.path) return { profile: await profileOf(s), iterations: [], reason: perOp ? 'a profile file carries no iteration count' : undefined };
    const recs = records(s);
    const iterations = recs.map((r) => r.iterations).filter((n): n is number => n !== null && n > 0);
    if (!perOp || iterations.length < recs.length) {
      const missing = recs.find((r) => r.iterations === null || r.iterations <= 0);
      return { profile: await profileOf(s), iterations, reason: perOp && missing ? `profile #${missing.id} (${missing.benchmark} at ${missing.refLabel || 'its ref'}) has no iteration count: it was taken with a time-based benchtime` : undefined };
    }
    for (const r of recs) if (r.kind === 'trace') fail('InvalidInput', { field: 'kind', value: 'trace' }, 'a trace is not a pprof profile: open it with the trace viewer, or pick a trace-sched/sync/syscall/net profile');
    const ps = await Promise.all(recs.map(async (r) => scaleProfile(await load({ path: r.path }, r.sha256), 1 / r.iterations!)));
    return { profile: ps.length === 1 ? ps[0] : mergeProfiles(ps), iterations };
  };
  /** Both sides of a diff, scaled alike: per op only when both sides can be. */
  const diffPair = async (head: Selector, base: Selector, absolute: boolean): Promise<{ head: Profile; base: Profile; normalization: DiffNormalization }> => {
    let h = await diffSide(head, !absolute);
    let b = await diffSide(base, !absolute);
    const reason = h.reason ?? b.reason;
    if (!absolute && reason !== undefined) {
      // One side cannot be per op: compare both raw rather than mix scales.
      if (h.reason === undefined) h = await diffSide(head, false);
      if (b.reason === undefined) b = await diffSide(base, false);
    }
    const mode = absolute || reason !== undefined ? 'absolute' : 'per op';
    return { head: h.profile, base: b.profile, normalization: { mode, iterations: h.iterations, baseIterations: b.iterations, ...(reason !== undefined && !absolute ? { reason } : {}) } };
  };
  /** A short description of a selection for titles and file names: `run 3 BenchmarkParse cpu at main`, `#12`, a file name. */
  const describe = (s: Selector): string => {
    if (s.path) return basename(s.path);
    const recs = records(s);
    const first = recs[0];
    if (!first) return 'profile';
    const one = <T>(xs: T[]) => (new Set(xs).size === 1 ? xs[0] : null);
    const bench = one(recs.map((r) => r.benchmark));
    const ref = one(recs.map((r) => r.refLabel));
    return [s.profileIds.length === 1 ? `#${first.id}` : `run ${first.runId}`, bench, first.kind, ref ? `at ${ref}` : null].filter(Boolean).join(' ');
  };
  const treeOpts = (s: Selector) => ({ sampleType: s.sampleType, focus: s.focus, ignore: s.ignore, hide: s.hide });

  const readSourceFor = (repoPath: string, modulePath: string) => async (file: string): Promise<string | null> => {
    // -trimpath names files `<module path>/<dir>/<file>.go`; map those into the repository only.
    const rel = modulePath && file.startsWith(`${modulePath}/`) ? file.slice(modulePath.length + 1) : null;
    if (rel === null || rel.includes('\0')) return null;
    const full = resolve(repoPath, rel);
    try {
      const [root, real] = await Promise.all([realpath(repoPath), realpath(full)]);
      if (!real.startsWith(root + sep)) return null;
      return await readFile(real, 'utf8');
    } catch {
      return null;
    }
  };

  return {
    async listProfiles({ run }) {
      return listProfiles(ctx.store.db, ctx.resolveRunId(run), pathOf);
    },
    async profileFlame(input) {
      if (!input.base) return flameData(buildTree(await profileOf(input), treeOpts(input)));
      const pair = await diffPair(input, input.base, input.absolute);
      return { ...diffFlameData(diffTrees(buildTree(pair.base, treeOpts(input)), buildTree(pair.head, treeOpts(input)))), normalization: pair.normalization };
    },
    async exportFlame(input) {
      let data;
      let per = '';
      if (input.base) {
        // The same diff as the Profile view: per op unless --absolute (or a side has no count).
        const pair = await diffPair(input, input.base, input.absolute);
        data = diffFlameData(diffTrees(buildTree(pair.base, treeOpts(input)), buildTree(pair.head, treeOpts(input))));
        per = pair.normalization.mode === 'per op' ? ', per op' : ', raw totals';
      } else {
        data = flameData(buildTree(await profileOf(input), treeOpts(input)));
      }
      const what = describe(input);
      const title = input.title ?? `${data.sampleType.type} of ${what}${input.base ? ` vs ${describe(input.base)}${per}` : ''}`;
      const safe = (x: string) => x.replace(/[^A-Za-z0-9_.=-]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 80) || 'profile';
      const filename = `${safe(what)}${input.base ? '-diff' : ''}-flame.${input.format}`;
      return input.format === 'html'
        ? { filename, mime: 'text/html', text: flameHtml(data, { title }) }
        : { filename, mime: 'image/svg+xml', text: flameSvg(data, { title }) };
    },
    async profileTop(input) {
      if (!input.base) return topTable(await profileOf(input), { ...treeOpts(input), n: input.n });
      const pair = await diffPair(input, input.base, input.absolute);
      return { ...topTable(pair.head, { ...treeOpts(input), n: input.n, base: pair.base }), normalization: pair.normalization };
    },
    async profileSandwich(input) {
      return sandwich(await profileOf(input), input.func, treeOpts(input));
    },
    async profileSource(input) {
      const p = await profileOf(input);
      let repo = input.repo !== undefined ? ctx.resolveRepo(input.repo) : null;
      if (!repo && input.run !== undefined) {
        const s = getRunSummary(ctx.store.db, ctx.resolveRunId(input.run));
        repo = s?.repoId ? getRepoById(ctx.store.db, s.repoId) : null;
      }
      return sourceView(p, input.func, repo ? readSourceFor(repo.path, repo.modulePath) : async () => null, treeOpts(input));
    },
    async exportProfile({ profileId }) {
      const r = getProfile(ctx.store.db, profileId, pathOf) ?? fail('ProfileNotFound', { profile: String(profileId) });
      const bytes = await readFile(r.path).catch(() => fail('FileNotFound', { path: r.path }));
      const safe = (x: string) => x.replace(/[^A-Za-z0-9_.=-]+/g, '_').slice(0, 80);
      const ext = r.kind === 'trace' ? 'trace' : 'pb.gz';
      return { filename: `run${r.runId}-${safe(r.benchmark)}-${safe(r.refLabel)}-${r.kind}.${ext}`, mime: 'application/octet-stream', base64: bytes.toString('base64') };
    },
    async openProfileTool({ profileId, path, tool }) {
      let file = path ? resolve(path) : null;
      if (profileId !== undefined) file = (getProfile(ctx.store.db, profileId, pathOf) ?? fail('ProfileNotFound', { profile: String(profileId) })).path;
      if (!file) fail('InvalidInput', { field: 'profileId' }, 'give a profile id or a file path');
      if (path) await checkRegularFile(file, { maxBytes: tool === 'trace' ? MAX_TRACE_FILE : MAX_PROFILE_FILE, shownPath: path });
      const { go, goEnv } = await ctx.goTool();
      const env = goCommandEnv(goEnv, ctx.processEnv);
      const logDir = join(ctx.paths.tmp, 'tools');
      const { mkdirSync } = await import('node:fs');
      mkdirSync(logDir, { recursive: true, mode: 0o700 });
      const handle = randomBytes(8).toString('hex');
      const logFile = join(logDir, `${handle}.log`);
      const server = tool === 'trace'
        ? await startTraceServer({ goBin: go.bin, env, traceFile: file, logFile })
        : await startPprofServer({ goBin: go.bin, env, file, logFile });
      tools.set(handle, server);
      void server.done.then(() => tools.delete(handle));
      return { handle, url: server.url };
    },
    async closeProfileTool({ handle }) {
      const t = tools.get(handle);
      if (!t) return { closed: false };
      await t.close();
      tools.delete(handle);
      return { closed: true };
    },
    async findings({ run }) {
      const runId = ctx.resolveRunId(run);
      const s = getRunSummary(ctx.store.db, runId);
      if (!s) fail('RunNotFound', { run: String(runId) });
      if (s.status !== 'completed') fail('RunFailed', { runId, status: s.status }, 'findings need a completed run');
      const recs = listProfiles(ctx.store.db, runId, pathOf).filter((p) => p.kind !== 'trace' && p.benchmark !== '(pgo)');
      const profiles = await Promise.all(recs.map(async (r) => ({ profile: await load({ path: r.path }, r.sha256), benchmark: r.benchmark, ref: r.refLabel, kind: r.kind as FindingsKind })));
      return findingsFromProfiles({ runId, profiles, baseRef: s.refs.length > 1 ? s.refs[0].label : undefined });
    },
  };
}
