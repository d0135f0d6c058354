// The packages of a committed ref's tree, as `go list` listed them, kept beside the test
// binaries (bin/<sha prefix>/<key>.packages) so a warm run does not start go list again (two
// refs: two go processes, ~20-25 ms of the run). Kept only for a commit's app worktree listed
// with GOWORK=off and without a package error: then the answer is a function of the key (the
// commit, the tree's path, the tags, the go binary and version, and every variable of the go
// command's environment). WORKTREE, snapshots and dirty trees are listed every time; `perflab
// gc` removes these files with the binaries.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { goList, type ListedPackage } from '../go/go-list.js';
import { WORKTREE_REF } from '../git/index.js';
import type { Column } from './columns.js';
import type { RunDeps } from './run-deps.js';

/** go list of the column's module, from the cache when the same listing was kept before. */
export async function listPackagesCached(deps: RunDeps, col: Column, tags: string, signal: AbortSignal): Promise<ListedPackage[]> {
  const list = () =>
    goList({
      goBin: deps.go.bin,
      launcher: deps.go.launcher,
      moduleDir: col.moduleDir,
      env: col.buildEnv,
      tags: tags || undefined,
      signal,
    });
  const cacheable = col.ref.refName !== WORKTREE_REF && !col.ref.dirty && col.ref.snapshot === null && col.buildEnv.GOWORK === 'off';
  if (!cacheable) return list();
  const key = createHash('sha256')
    .update(
      JSON.stringify({
        sha: col.ref.sha,
        moduleDir: col.moduleDir,
        tags,
        goBin: deps.go.bin,
        goVersion: deps.go.version,
        env: Object.entries(col.buildEnv).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
      }),
    )
    .digest('hex')
    .slice(0, 32);
  const dir = join(deps.paths.bin, col.ref.sha.slice(0, 2));
  const file = join(dir, `${key}.packages`);
  const kept = readKept(file);
  if (kept) return kept;
  const pkgs = await list();
  if (pkgs.every((p) => p.error === null)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const tmp = `${file}.tmp-${process.pid}`;
    writeFileSync(tmp, JSON.stringify(pkgs), { mode: 0o600 });
    renameSync(tmp, file);
  }
  return pkgs;
}

/** The kept listing, or null when there is none or it is not one (then go list runs). */
function readKept(file: string): ListedPackage[] | null {
  let v: unknown;
  try {
    v = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(v)) return null;
  const ok = v.every(
    (p: Partial<Record<keyof ListedPackage, unknown>> | null) =>
      p !== null &&
      typeof p === 'object' &&
      typeof p.importPath === 'string' &&
      typeof p.name === 'string' &&
      typeof p.dir === 'string' &&
      typeof p.relDir === 'string' &&
      Array.isArray(p.testFiles) &&
      p.testFiles.every((f) => typeof f === 'string') &&
      p.error === null,
  );
  return ok ? (v as ListedPackage[]) : null;
}
