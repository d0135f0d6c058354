// What every API module of the lab shares: the data dir, the store, the tools (found lazily:
// nothing runs at import or creation time except opening the database), the run service and
// the event sink. Built once by createLab (lab.ts).
import type { LabEvent } from '../shared/api.js';
import { fail } from '../shared/errors.js';
import type { Repo } from '../shared/models.js';
import { readGoEnv, type GoEnvInfo } from './go/go-env.js';
import { findGo, type GoTool } from './go/go-version.js';
import { findGit, type GitTool } from './git/index.js';
import type { RunDeps } from './runner/run-deps.js';
import type { RunService } from './runner/run-service.js';
import type { DataPaths } from './store/data-dir.js';
import { assertWritable, type OpenedDb } from './store/open-db.js';
import { getRepoById, getRepoByPath } from './store/repos.js';
import { latestRunId } from './store/runs.js';
import { existsSync, realpathSync } from 'node:fs';
import { resolve } from 'node:path';

export interface LabContext {
  readonly version: string;
  readonly paths: DataPaths;
  readonly store: OpenedDb;
  readonly processEnv: NodeJS.ProcessEnv;
  readonly lockDir: string;
  readonly nativeBinding?: string;
  readonly runs: RunService;
  emit(e: LabEvent): void;
  goTool(): Promise<{ go: GoTool; goEnv: GoEnvInfo }>;
  gitTool(): Promise<GitTool>;
  runDeps(): Promise<RunDeps>;
  writable(): void;
  resolveRepo(ref: string | number): Repo;
  resolveRunId(ref: number | 'latest', repo?: string | number): number;
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

export function makeToolFinders(processEnv: NodeJS.ProcessEnv, cwd: string) {
  const goTool = memo(async () => {
    const go = await findGo(processEnv, cwd);
    const goEnv = await readGoEnv(go.bin, processEnv, cwd);
    return { go, goEnv };
  });
  const gitTool = memo(() => findGit(processEnv));
  return { goTool, gitTool };
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
