// Building the main packages of whole-program runs (`--main`), once per column: the package is
// found with `go list` in the column's module (so the user's text only selects among listed
// packages and reaches `go build` as the `./rel` directory go list reported), must be a
// `package main`, and is built with `go build -trimpath` (go-build-main.ts) into the same
// binary cache as test binaries, keyed by everything that makes the binary (a WORKTREE build
// is never reused).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fail, LabFailure } from '../../shared/errors.js';
import type { RunSpec } from '../../shared/models.js';
import { goBuildMain, mainBuildArgs } from '../go/go-build-main.js';
import { goList, matchPackages } from '../go/go-list.js';
import { goVersionM } from '../go/go-version-m.js';
import { WORKTREE_REF } from '../git/index.js';
import { addBuild } from '../store/runs.js';
import type { Column } from './columns.js';
import type { RunDeps } from './run-deps.js';

export interface MainBinary {
  readonly importPath: string;
  readonly binary: string;
}

/** Builds (or reuses) every --main package for every column: column index -> main as given -> binary. */
export async function buildMains(
  deps: RunDeps,
  o: {
    readonly runId: number;
    readonly spec: RunSpec;
    readonly columns: readonly Column[];
    readonly signal: AbortSignal;
    log(line: string): void;
  },
): Promise<Map<number, Map<string, MainBinary>>> {
  const out = new Map<number, Map<string, MainBinary>>();
  for (const col of o.columns) {
    o.signal.throwIfAborted();
    const tags = o.spec.tags || undefined;
    const listed = await goList({ goBin: deps.go.bin, moduleDir: col.moduleDir, env: col.buildEnv, tags, signal: o.signal });
    const byMain = new Map<string, MainBinary>();
    for (const main of o.spec.main ?? []) {
      const { matched } = matchPackages(listed, [main]);
      if (matched.length === 0) fail('PackageNotFound', { pkg: main });
      const bad = (why: string) => fail('InvalidInput', { field: 'main', value: main }, why);
      if (matched.length > 1) bad(`matches ${matched.length} packages; name one main package`);
      const pkg = matched[0];
      if (pkg.error) fail('BuildFailed', { pkg: pkg.importPath, ref: col.label, output: pkg.error });
      if (pkg.name !== 'main') bad(`${pkg.importPath} is package ${pkg.name}, not a main package`);
      const v = col.variant;
      const toolchain = v?.goToolchain && v.goToolchain !== 'local' ? v.goToolchain : deps.go.version;
      const key = createHash('sha256')
        .update(
          JSON.stringify({
            kind: 'main',
            toolchain,
            sha: col.ref.sha,
            pkg: pkg.importPath,
            tags: o.spec.tags,
            gcflags: v?.gcflags ?? '',
            pgo: v?.pgo ?? 'off',
            goamd64: v?.goamd64 ?? '',
            goarm64: v?.goarm64 ?? '',
            goexperiment: v?.goexperiment ?? '',
            goflags: deps.goEnv.goflagsKept,
            goos: deps.go.goos,
            goarch: deps.go.goarch,
            cgo: deps.goEnv.raw.CGO_ENABLED ?? '',
          }),
        )
        .digest('hex')
        .slice(0, 32);
      const worktree = col.ref.dirty || col.ref.refName === WORKTREE_REF;
      const dir = join(deps.paths.bin, worktree ? 'worktree' : col.ref.sha.slice(0, 2));
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const binary = join(dir, `${key}.main`);
      // pgo=self profiles test binaries; a main is built without PGO unless given a profile file.
      const pgo = v?.pgo && v.pgo !== 'self' ? v.pgo : 'off';
      const flags = mainBuildArgs({ relDir: pkg.relDir, out: binary, tags: o.spec.tags || undefined, gcflags: v?.gcflags, pgo }).join(' ');
      const started = Date.now();
      let reused = true;
      if (worktree || !existsSync(binary)) {
        reused = false;
        const tmp = `${binary}.tmp-${process.pid}`;
        const r = await goBuildMain({
          goBin: deps.go.bin,
          moduleDir: col.moduleDir,
          relDir: pkg.relDir,
          out: tmp,
          env: col.buildEnv,
          tags,
          gcflags: v?.gcflags,
          pgo,
          signal: o.signal,
        });
        if (r.kind === 'failed') {
          rmSync(tmp, { force: true });
          if (o.signal.aborted) throw new LabFailure({ code: 'Canceled', message: 'canceled' });
          fail('BuildFailed', { pkg: pkg.importPath, ref: col.label, output: r.output.slice(0, 20_000) });
        }
        renameSync(tmp, binary);
      }
      const seconds = (Date.now() - started) / 1000;
      const buildInfo = await goVersionM(deps.go.bin, binary, col.buildEnv, col.moduleDir);
      addBuild(deps.store.db, o.runId, col.runRefId, { pkg: pkg.importPath, binary, reused, seconds, buildInfo, flags });
      o.log(
        reused
          ? `reusing the binary of ${pkg.importPath} at ${col.label}`
          : `built ${pkg.importPath} at ${col.label} (${seconds.toFixed(1)} s)`,
      );
      byMain.set(main, { importPath: pkg.importPath, binary });
    }
    out.set(col.index, byMain);
  }
  return out;
}
