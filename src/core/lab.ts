// createLab(options): the one composition root. It opens the store, wires the runner, the
// comparison, profile and workflow modules behind the LabApi contract, validates every input
// with the shared schemas (so the CLI, the lab server and the Electron app get the same
// errors), and publishes events. Nothing runs at import time; tools are found lazily.
import { packageRoot } from './package-root.js';
import { METHOD_NAMES, type LabApi, type LabEvent, type MethodName, type Outputs } from '../shared/api.js';
import type { BisectReport } from '../shared/bisect-types.js';
import { parseInput } from './lab-input.js';
import { workflowApi } from './api/workflow-api.js';
import { changesApi } from './api/changes-api.js';
import { bisectApi } from './api/bisect-api.js';
import { BisectService } from './workflow/bisect-service.js';
import { profilesApi } from './api/profiles-api.js';
import { LabFailure, toLabError } from '../shared/errors.js';
import { reposApi } from './api/repos-api.js';
import { importBody, runsApi } from './api/runs-api.js';
import { compareApi } from './api/compare-api.js';
import type { ApiImpl } from './api/impl-types.js';
import { collectGarbage } from './gc.js';
import { makeToolFinders, repoResolver, runResolver, type LabContext } from './lab-context.js';
import { defaultLockDir } from './runner/machine-lock.js';
import { recoverInterruptedRuns, RunService } from './runner/run-service.js';
import { dataPaths, resolveDataDir } from './store/data-dir.js';
import { assertWritable, openDb } from './store/open-db.js';

export interface LabOptions {
  readonly dataDir?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly lockDir?: string;
  /** better-sqlite3 binary for another ABI (Electron's utility process). */
  readonly nativeBinding?: string;
  readonly cwd?: string;
}

export interface Lab {
  readonly api: LabApi;
  readonly dataDir: string;
  readonly version: string;
  /** Ids of runs found interrupted at start. */
  readonly recovered: Promise<number[]>;
  subscribe(listener: (e: LabEvent) => void): () => void;
  /** Waits for a run this process started to end. */
  waitForRun(runId: number): Promise<string>;
  /** Waits for a bisect this process started to end; its final report. */
  waitForBisect(id: number): Promise<BisectReport>;
  /**
   * importBenchfmt from a raw JSON request body (the lab server's path for large bodies): the
   * body is parsed, validated and imported in a worker, so its megabytes never touch the event loop.
   */
  importBenchfmtBody(body: Uint8Array): Promise<Outputs['importBenchfmt']>;
  /** Cancels active runs, waits for them, closes the database. */
  close(): Promise<void>;
}

export function perflabVersion(): string {
  return packageRoot()?.version ?? '0.0.0';
}

export function createLab(o: LabOptions = {}): Lab {
  const env = o.env ?? process.env;
  const dataDir = resolveDataDir(o.dataDir, env);
  const paths = dataPaths(dataDir);
  const store = openDb(paths.db, { nativeBinding: o.nativeBinding });
  const listeners = new Set<(e: LabEvent) => void>();
  const emit = (e: LabEvent) => {
    for (const l of listeners) {
      try { l(e); } catch { /* a listener's failure is its own */ }
    }
  };
  const { goTool, gitTool } = makeToolFinders(env, o.cwd ?? process.cwd());
  const version = perflabVersion();
  const lockDir = o.lockDir ?? defaultLockDir(env);
  const resolveRepo = repoResolver(store);
  const ctx: LabContext = {
    version, paths, store, processEnv: env, lockDir, nativeBinding: o.nativeBinding, emit, goTool, gitTool,
    runs: undefined as unknown as RunService,
    async runDeps() {
      const [{ go, goEnv }, git] = await Promise.all([goTool(), gitTool()]);
      return { store, paths, go, goEnv, git, processEnv: env, lockDir, perflabVersion: version, nativeBinding: o.nativeBinding, emit };
    },
    writable: () => assertWritable(store),
    resolveRepo,
    resolveRunId: runResolver(store, resolveRepo),
  };
  (ctx as { runs: RunService }).runs = new RunService(() => ctx.runDeps());

  const bisects = new BisectService(ctx);
  const closers: (() => Promise<void>)[] = [];
  const impl: ApiImpl = {
    ...reposApi(ctx),
    ...runsApi(ctx),
    ...compareApi(ctx),
    ...workflowApi(ctx),
    ...changesApi(ctx),
    ...bisectApi(bisects),
    ...profilesApi(ctx, (f) => closers.push(f)),
    gc: ({ dryRun }) => collectGarbage(ctx, dryRun),
  };
  const api = {} as Record<MethodName, (input: unknown) => Promise<unknown>>;
  for (const m of METHOD_NAMES) {
    api[m] = async (input: unknown) => {
      const parsed = parseInput(m, input);
      try {
        return await (impl[m] as (i: unknown) => Promise<unknown>)(parsed);
      } catch (err) {
        throw new LabFailure(toLabError(err));
      }
    };
  }
  const recovered = recoverInterruptedRuns({ store });
  return {
    api: api as unknown as LabApi,
    dataDir,
    version,
    recovered,
    subscribe(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    waitForRun: (id) => ctx.runs.wait(id),
    waitForBisect: (id) => bisects.wait(id),
    importBenchfmtBody: (body) => importBody(ctx, body),
    async close() {
      await bisects.cancelAll();
      await ctx.runs.cancelAll();
      await Promise.allSettled(closers.map((f) => f()));
      await recovered.catch(() => undefined);
      store.db.close();
    },
  };
}

export { parseInput };
