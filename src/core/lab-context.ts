// What every API method of the lab shares: the data dir, the store, the tools (found lazily:
// nothing runs at import or creation time except opening the database), the run service, the
// caches (prepared comparisons, benchmark inventories), the profile analysis worker and tool
// servers, and the event sink. Built in one go by createLabContext, called by createLab (lab.ts).
import { join } from 'node:path';
import type { LabEvent } from '../shared/api.js';
import { fail } from '../shared/errors.js';
import type { Repo } from '../shared/models.js';
import { ComparisonCache } from './analysis/comparison-cache.js';
import { BisectService } from './workflow/bisect-service.js';
import { goCommandEnv, readGoEnv, type GoEnvInfo } from './go/go-env.js';
import { runGo, type ToolServer } from './go/go-runner.js';
import { ensureLauncher } from './proc/launcher.js';
import { findGo, type GoTool } from './go/go-version.js';
import { findGit, type GitTool } from './git/index.js';
import { packageRoot } from './package-root.js';
import { analysisPool, type AnalysisPool } from './pprof/analysis-pool.js';
import { createInventory, type Inventory } from './repo/inventory.js';
import { defaultLockDir } from './runner/machine-lock.js';
import type { RunDeps } from './runner/run-deps.js';
import { RunService } from './runner/run-service.js';
import { dataPaths, resolveDataDir, type DataPaths } from './store/data-dir.js';
import { assertWritable, openDb, type OpenedDb } from './store/open-db.js';
import { getRepoById, getRepoByPath } from './store/repos.js';
import { latestRunId } from './store/runs.js';
import { existsSync, realpathSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';

export interface LabOptions {
  readonly dataDir?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly lockDir?: string;
  /** better-sqlite3 binary for another ABI (Electron's utility process). */
  readonly nativeBinding?: string;
  readonly cwd?: string;
}

export interface LabContext {
  readonly version: string;
  readonly paths: DataPaths;
  readonly store: OpenedDb;
  readonly processEnv: NodeJS.ProcessEnv;
  readonly lockDir: string;
  readonly nativeBinding?: string;
  readonly runs: RunService;
  /** Statistical bisects started by this lab (workflow/bisect-service.ts), kept in memory. */
  readonly bisects: BisectService;
  /** Prepared comparison inputs, shared by every compare path (analysis/compare-inputs.ts). */
  readonly comparisons: ComparisonCache;
  /** Benchmark listings of packages, cached by their Go files (repo/inventory.ts). */
  readonly inventory: Inventory;
  /** The profile analysis worker, started on first use. */
  readonly analysis: AnalysisPool;
  /** `go tool pprof` / `go tool trace` servers by handle, stopped on close. */
  readonly toolServers: Map<string, ToolServer>;
  emit(e: LabEvent): void;
  goTool(): Promise<{ go: GoTool; goEnv: GoEnvInfo }>;
  gitTool(): Promise<GitTool>;
  runDeps(): Promise<RunDeps>;
  writable(): void;
  resolveRepo(ref: string | number): Repo;
  resolveRunId(ref: number | 'latest', repo?: string | number): number;
}

export function perflabVersion(): string {
  return packageRoot()?.version ?? '0.0.0';
}

/** Opens the store and sets up everything a lab's methods share; events go to `emit`. */
export function createLabContext(o: LabOptions, emit: (e: LabEvent) => void): LabContext {
  const env = o.env ?? process.env;
  const paths = dataPaths(resolveDataDir(o.dataDir, env));
  const store = openDb(paths.db, { nativeBinding: o.nativeBinding });
  const { goTool, gitTool } = makeToolFinders(env, o.cwd ?? process.cwd(), paths.bin);
  const version = perflabVersion();
  const lockDir = o.lockDir ?? defaultLockDir(env);
  const runDeps = async (): Promise<RunDeps> => {
    const [{ go, goEnv }, git] = await Promise.all([goTool(), gitTool()]);
    return { store, paths, go, goEnv, git, processEnv: env, lockDir, perflabVersion: version, nativeBinding: o.nativeBinding, emit };
  };
  const resolveRepo = repoResolver(store);
  const runs = new RunService(runDeps);
  const writable = () => assertWritable(store);
  return {
    version,
    paths,
    store,
    processEnv: env,
    lockDir,
    nativeBinding: o.nativeBinding,
    emit,
    goTool,
    gitTool,
    runDeps,
    runs,
    bisects: new BisectService({ store, runs, emit, gitTool, writable, resolveRepo }),
    comparisons: new ComparisonCache(),
    inventory: createInventory(join(paths.bin, 'listings')),
    analysis: analysisPool(),
    toolServers: new Map(),
    writable,
    resolveRepo,
    resolveRunId: runResolver(store, resolveRepo),
  };
}

/** Cancels bisects and active runs, stops tool servers and the analysis worker (the store stays open). */
export async function closeLabContext(ctx: LabContext): Promise<void> {
  await ctx.bisects.cancelAll();
  await ctx.runs.cancelAll();
  const servers = [...ctx.toolServers.values()];
  ctx.toolServers.clear();
  await Promise.allSettled([...servers.map((t) => t.close()), ctx.analysis.close()]);
}

export function memo<T>(f: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | null = null;
  return () => {
    p ??= f().catch((err) => {
      p = null;
      throw err;
    });
    return p;
  };
}

/**
 * Finds go and git once. With go found, the lab's launcher is built (once per data dir and
 * launcher source, ~0.7 s) so that every later `go list`, `go env`, `go version -m` and git
 * call runs under rlimits through it (proc/child-limits.ts); `go version` and `go env -json`,
 * which find go, run before it exists. Without it (PERFLAB_LAUNCHER=off, no Go, a failed
 * build) they run bounded by their timeouts only, and `launcherMissing` says why.
 */
export function makeToolFinders(processEnv: NodeJS.ProcessEnv, cwd: string, binDir: string) {
  const goTool = memo(async () => {
    const found = await findGo(processEnv, cwd);
    const goEnv = await readGoEnv(found.bin, processEnv, cwd);
    const l = await confiningLauncher(found.bin, goEnv, processEnv, binDir);
    const go: GoTool = { ...found, launcher: l.path, ...(l.missing ? { launcherMissing: l.missing } : {}) };
    return { go, goEnv };
  });
  const gitTool = memo(async () => {
    const git = await findGit(processEnv);
    const launcher = await goTool().then(
      ({ go }) => go.launcher ?? null,
      () => null,
    );
    return { ...git, launcher };
  });
  return { goTool, gitTool };
}

/**
 * The launcher binary, checked by running `go version` through its exec mode; a damaged one (a
 * truncated file, say) is removed and built again, once.
 */
async function confiningLauncher(
  goBin: string,
  goEnv: GoEnvInfo,
  processEnv: NodeJS.ProcessEnv,
  binDir: string,
): Promise<{ path: string | null; missing?: string }> {
  if (processEnv.PERFLAB_LAUNCHER === 'off') return { path: null, missing: 'PERFLAB_LAUNCHER=off' };
  const env = goCommandEnv(goEnv, processEnv);
  const works = async (launcher: string) => {
    const r = await runGo(goBin, ['version'], { cwd: binDir, env, timeoutMs: 30_000, launcher, expected: 'any' }).catch(() => null);
    return r !== null && r.exitCode === 0 && r.stdout.startsWith('go version');
  };
  try {
    let b = await ensureLauncher({ goBin, env, binDir });
    if (!(await works(b.path)) && !b.built) {
      rmSync(b.path, { force: true });
      b = await ensureLauncher({ goBin, env, binDir });
    }
    if (await works(b.path)) return { path: b.path };
    return { path: null, missing: `the launcher ${b.path} does not run go` };
  } catch (err) {
    return { path: null, missing: (err as Error).message.split('\n')[0] };
  }
}

export function repoResolver(store: OpenedDb) {
  return (ref: string | number): Repo => {
    if (typeof ref === 'number') {
      const r = getRepoById(store.db, ref);
      if (!r) fail('RepoNotFound', { repo: String(ref) });
      return r;
    }
    const abs = resolve(ref);
    const real = existsSync(abs) ? realpathSync(abs) : abs;
    const r = getRepoByPath(store.db, real) ?? getRepoByPath(store.db, abs);
    if (!r) {
      if (/^\d+$/.test(ref)) {
        const byId = getRepoById(store.db, Number(ref));
        if (byId) return byId;
      }
      fail('RepoNotFound', { repo: ref });
    }
    return r;
  };
}

export function runResolver(store: OpenedDb, resolveRepo: (r: string | number) => Repo) {
  return (ref: number | 'latest', repo?: string | number): number => {
    if (ref !== 'latest') return ref;
    const id = latestRunId(store.db, repo !== undefined ? resolveRepo(repo).id : undefined);
    if (id === null) fail('RunNotFound', { run: 'latest' });
    return id;
  };
}

export { assertWritable };
