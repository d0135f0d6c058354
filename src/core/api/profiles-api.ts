// Profile methods: select stored profiles (by id, or by run + kind/benchmark/ref) or a file,
// decode them in a worker (cached by content hash, so exploring a profile decodes it once),
// merge repetitions, and answer flame data, top tables, sandwiches, source lines, findings,
// and `go tool pprof` / `go tool trace` servers on loopback, stopped on close or lab exit.
import { createHash, randomBytes } from 'node:crypto';
import { readFile, realpath } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import type { Parsed } from '../../shared/api.js';
import { fail } from '../../shared/errors.js';
import type { ProfileRecord } from '../../shared/models.js';
import { goCommandEnv } from '../go/go-env.js';
import { startPprofServer, type ToolServer } from '../go/go-tool-pprof.js';
import { startTraceServer } from '../go/go-tool-trace.js';
import {
  buildTree, diffFlameData, diffTrees, findingsFromProfiles, flameData, loadProfile, mergeProfiles, sandwich, sourceView, topTable,
  type FindingsKind, type Profile,
} from '../pprof/index.js';
import type { LabContext } from '../lab-context.js';
import { moduleSourceLines } from '../pprof/findings-source.js';
import { profilePath } from '../runner/profile-capture.js';
import { getProfile, listProfiles } from '../store/profiles.js';
import { getRepoById } from '../store/repos.js';
import { getRunSummary } from '../store/runs.js';
import type { ApiImpl } from './impl-types.js';

type ProfileMethods = 'listProfiles' | 'exportProfile' | 'profileFlame' | 'profileTop' | 'profileSandwich' | 'profileSource' | 'openProfileTool' | 'closeProfileTool' | 'findings';
type Selector = Parsed<'profileFlame'>['base'] & object;

const CACHE_LIMIT = 8;

export function profilesApi(ctx: LabContext, onClose: (f: () => Promise<void>) => void): Pick<ApiImpl, ProfileMethods> {
  const pathOf = (sha: string, kind: string) => profilePath(ctx.paths.profiles, sha, kind);
  const cache = new Map<string, Promise<Profile>>();
  const tools = new Map<string, ToolServer>();
  onClose(async () => {
    await Promise.all([...tools.values()].map((t) => t.close()));
    tools.clear();
  });

  const load = (path: string, key: string): Promise<Profile> => {
    let p = cache.get(key);
    if (p) {
      cache.delete(key);
      cache.set(key, p);
      return p;
    }
    p = loadProfile({ path });
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
    const matching = listProfiles(ctx.store.db, runId, pathOf).filter((p) =>
      (s.kind === undefined || p.kind === s.kind) && (s.bench === undefined || p.benchmark === s.bench || p.benchmark === `Benchmark${s.bench}`) &&
      (s.ref === undefined || p.refLabel === s.ref) && p.kind !== 'trace');
    // The whole-package profile a PGO build was made from counts only when nothing else matches
    // (a --pgo-loop run without --profile has no other), so it never doubles a benchmark's samples.
    const perBench = matching.filter((p) => p.benchmark !== '(pgo)');
    const all = perBench.length ? perBench : matching;
    if (all.length === 0) fail('ProfileNotFound', { profile: `run ${runId}${s.kind ? ` ${s.kind}` : ''}${s.bench ? ` ${s.bench}` : ''}${s.ref ? ` at ${s.ref}` : ''}` });
    const kinds = new Set(all.map((p) => p.kind));
    if (kinds.size > 1) fail('InvalidInput', { field: 'kind' }, `the selection holds ${[...kinds].join(', ')} profiles: pick one kind`);
    return all;
  };

  /** Loads (and merges) what a selector names. */
  const profileOf = async (s: Selector): Promise<Profile> => {
    if (s.path) {
      const abs = resolve(s.path);
      return load(abs, `file:${abs}:${createHash('sha256').update(await readFile(abs).catch(() => fail('FileNotFound', { path: s.path! }))).digest('hex')}`);
    }
    const recs = records(s);
    if (recs.length === 0) fail('InvalidInput', { field: 'profileIds' }, 'select profiles by id, by run, or a file path');
    for (const r of recs) if (r.kind === 'trace') fail('InvalidInput', { field: 'kind', value: 'trace' }, 'a trace is not a pprof profile: open it with the trace viewer, or pick a trace-sched/sync/syscall/net profile');
    const ps = await Promise.all(recs.map((r) => load(r.path, r.sha256)));
    return ps.length === 1 ? ps[0] : mergeProfiles(ps);
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
      const head = buildTree(await profileOf(input), treeOpts(input));
      if (!input.base) return flameData(head);
      const base = buildTree(await profileOf(input.base), treeOpts(input));
      return diffFlameData(diffTrees(base, head));
    },
    async profileTop(input) {
      const p = await profileOf(input);
      const base = input.base ? await profileOf(input.base) : undefined;
      return topTable(p, { ...treeOpts(input), n: input.n, base });
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
      const { go, goEnv } = await ctx.goTool();
      const env = goCommandEnv(goEnv, ctx.processEnv);
      const logDir = join(ctx.paths.tmp, 'tools');
      const { mkdirSync } = await import('node:fs');
      mkdirSync(logDir, { recursive: true });
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
      const recs = listProfiles(ctx.store.db, runId, pathOf).filter((p) => p.kind !== 'trace' && p.benchmark !== '(pgo)');
      const profiles = await Promise.all(recs.map(async (r) => ({ profile: await load(r.path, r.sha256), benchmark: r.benchmark, ref: r.refLabel, kind: r.kind as FindingsKind })));
      const repo = s.repoId !== null ? getRepoById(ctx.store.db, s.repoId) : null;
      const module = repo ? { path: repo.modulePath, dir: repo.path } : null;
      return findingsFromProfiles({ runId, profiles, module, sourceLine: repo ? moduleSourceLines(repo.path) : undefined, baseRef: s.refs.length > 1 ? s.refs[0].label : undefined });
    },
  };
}
