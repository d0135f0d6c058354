// Preparing a run, before any benchmark process: resolve each ref to a commit and a tree
// (the user's working tree for WORKTREE, an app-owned worktree otherwise), list packages with
// `go list`, compile each package's test binary once per (commit, package, build settings),
// and list its benchmarks with the binary's -test.list. Binaries of committed refs are reused
// across runs (keyed by everything that changes the binary).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fail } from '../../shared/errors.js';
import type { RunSpec, Variant } from '../../shared/models.js';
import { goCommandEnv, benchProcessEnv, goRootOf } from '../go/go-env.js';
import { matchPackages, type ListedPackage } from '../go/go-list.js';
import { compileArgs, goTestCompile } from '../go/go-test-compile.js';
import { goVersionM } from '../go/go-version-m.js';
import { listBenchmarks } from '../go/test-binary.js';
import { ensureWorktree, resolveRefAndCommonDir, workingTreeState, WORKTREE_REF } from '../git/index.js';
import { MiB, readTextBounded } from '../fs/safe-read.js';
import { assertSafeModuleFiles, relativeReplaces } from '../repo/go-mod.js';
import { selectTopLevel } from './bench-regex.js';
import type { Launcher } from '../proc/launcher.js';
import { buildParallelism, inOrder } from '../proc/pool.js';
import { capturePgoProfile } from './profile-capture.js';
import { listPackagesCached } from './package-list-cache.js';
import { noBenchmarksNote, noTestFilesNote, withPossibleBenchmarks } from './package-filter.js';
import type { RunDeps } from './run-deps.js';
import { addBuild } from '../store/runs.js';
import { findSnapshot, materialiseSnapshot, snapshotId, snapshotRefId } from '../workflow/snapshots.js';
import type { Progress } from '../../shared/models.js';
import type { Column, ColumnPackage, ColumnRef } from './columns.js';

/**
 * A committed ref is built in its own worktree, which holds the repository and nothing beside
 * it: a `replace ... => ../sib` leaving the repository builds at WORKTREE only. Refused by
 * name (InvalidInput), before any build.
 */
async function refuseReplacesOutside(treeDir: string, moduleSubdir: string, ref: string): Promise<void> {
  const moduleDir = join(treeDir, moduleSubdir);
  assertSafeModuleFiles(moduleDir);
  let text: string;
  try {
    text = await readTextBounded(join(moduleDir, 'go.mod'), { maxBytes: 16 * MiB, noFollow: true });
  } catch {
    return; // go.mod missing at that ref: go list reports it
  }
  for (const r of relativeReplaces(text)) {
    const rel = relative(treeDir, resolve(moduleDir, r.dir));
    if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) {
      fail(
        'InvalidInput',
        { field: 'ref', value: ref },
        `go.mod at ${ref} has "replace ${r.directive}": ${r.dir} is outside the repository, so it exists only in your working tree; measure WORKTREE, or replace with a module version or a directory inside the repository`,
      );
    }
  }
}

/** Resolves refs (validated and resolved to SHAs) into trees; one tree per distinct ref. */
export async function resolveColumns(deps: RunDeps, spec: RunSpec, gitRoot: string, moduleSubdir: string): Promise<Column[]> {
  // Refs are resolved side by side (each is a handful of git commands; two refs took 110 ms
  // one after the other); the first failure, in the order given, is the one reported.
  const settled = await Promise.allSettled(
    spec.refs.map(async (name): Promise<ColumnRef> => {
      if (name === WORKTREE_REF) {
        // The working tree is built where it is (a replace to a sibling directory works here);
        // its identity is the snapshot's tree hash, taken now (edits during the build are the user's to avoid).
        const [st, snapshot] = await Promise.all([workingTreeState(deps.git, gitRoot), snapshotId(deps.git, deps.paths, gitRoot)]);
        return { refName: name, sha: st.head, dirty: st.dirty, snapshot, treeDir: gitRoot, release: async () => undefined };
      }
      const snap = snapshotRefId(name);
      if (snap !== null) {
        const rec = await findSnapshot(deps.git, deps.paths, gitRoot, snap);
        if (!rec) fail('RefNotFound', { ref: name });
        const wt = await materialiseSnapshot(deps.git, deps.paths, gitRoot, rec);
        try {
          await refuseReplacesOutside(wt.dir, moduleSubdir, name);
        } catch (err) {
          await wt.release();
          throw err;
        }
        return {
          refName: name,
          sha: rec.head,
          dirty: rec.files.length > 0,
          snapshot: rec.tree,
          treeDir: wt.dir,
          release: () => wt.release(),
        };
      }
      // A warm run's git processes for a ref: this one, then the worktree's check (config, status
      // and rev-parse): the SHA is a commit and the common dir is known, so nothing is asked twice.
      const { sha, commonDir } = await resolveRefAndCommonDir(deps.git, gitRoot, name);
      const wt = await ensureWorktree(deps.git, gitRoot, sha, deps.paths.worktrees, { commonDir, shaIsCommit: true });
      try {
        await refuseReplacesOutside(wt.dir, moduleSubdir, name);
      } catch (err) {
        await wt.release();
        throw err;
      }
      return { refName: name, sha, dirty: false, snapshot: null, treeDir: wt.dir, release: () => wt.release() };
    }),
  );
  const failed = settled.find((r) => r.status === 'rejected');
  if (failed) {
    await Promise.all(settled.map((r) => (r.status === 'fulfilled' ? r.value.release() : undefined)));
    throw failed.reason;
  }
  const refs = settled.map((r) => (r as PromiseFulfilledResult<ColumnRef>).value);
  // A failure from here on (a toolchain's GOROOT, a duplicate column) releases the refs' trees.
  try {
    const variants: readonly (Variant | null)[] = spec.variants.length ? spec.variants : [null];
    const columns: Column[] = [];
    // Each toolchain's GOROOT, for the test binaries' environment (benchProcessEnv): the lab's
    // go from its `go env`, a GOTOOLCHAIN variant's by asking it (it may download it first).
    const goroots = new Map<string, Promise<string>>();
    const gorootFor = (v: Variant | null, buildEnv: Record<string, string>, cwd: string): Promise<string> => {
      const tc = v?.goToolchain && v.goToolchain !== 'local' ? v.goToolchain : null;
      if (tc === null && deps.goEnv.raw.GOROOT) return Promise.resolve(deps.goEnv.raw.GOROOT);
      const key = tc ?? 'local';
      let p = goroots.get(key);
      if (!p) goroots.set(key, (p = goRootOf(deps.go.bin, buildEnv, cwd)));
      return p;
    };
    for (const ref of refs) {
      for (const v of variants) {
        // The column is labelled by the ref as typed (a short commit id stays as typed): events,
        // the stored run and every selector (src/shared/ref-match.ts) use this one label.
        const refLabel = ref.snapshot && ref.refName !== WORKTREE_REF ? `snapshot:${ref.snapshot.slice(0, 12)}` : ref.refName;
        const label = v === null ? refLabel : spec.refs.length > 1 ? `${refLabel}+${v.name}` : v.name;
        const buildEnv = goCommandEnv(deps.goEnv, deps.processEnv, {
          toolchain: v?.goToolchain,
          gowork: spec.gowork,
          buildEnv: variantBuildEnv(v),
        });
        const goroot = await gorootFor(v, buildEnv, ref.treeDir);
        const benchEnv = benchProcessEnv(deps.processEnv, { ...spec.env, ...(v?.env ?? {}) }, goroot);
        columns.push({
          index: columns.length,
          label,
          ref,
          variant: v,
          moduleDir: join(ref.treeDir, moduleSubdir),
          buildEnv,
          benchEnv,
          runRefId: 0,
        });
      }
    }
    const labels = new Set<string>();
    for (const c of columns) {
      if (labels.has(c.label)) fail('InvalidInput', { field: 'refs', value: c.label }, 'the same column appears twice');
      labels.add(c.label);
    }
    return columns;
  } catch (err) {
    await Promise.all(refs.map((r) => r.release()));
    throw err;
  }
}

export function variantBuildEnv(v: Variant | null): Record<string, string> {
  const e: Record<string, string> = {};
  if (v?.goamd64) e.GOAMD64 = v.goamd64;
  if (v?.goarm64) e.GOARM64 = v.goarm64;
  if (v?.goexperiment !== undefined) e.GOEXPERIMENT = v.goexperiment;
  return e;
}

/** Packages of a column (go list, once per tree and tags; kept for a commit's tree), matched against the run's selection. */
export async function listColumnPackages(
  deps: RunDeps,
  col: Column,
  spec: RunSpec,
  signal: AbortSignal,
): Promise<{ withTests: ListedPackage[]; noTests: ListedPackage[]; broken: ListedPackage[] }> {
  const pkgs = await listPackagesCached(deps, col, spec.tags, signal);
  const { matched, unmatched } = matchPackages(pkgs, spec.packages);
  if (unmatched.length) fail('PackageNotFound', { pkg: unmatched[0] });
  return {
    withTests: matched.filter((p) => p.testFiles.length > 0 && !p.error),
    noTests: matched.filter((p) => p.testFiles.length === 0 && !p.error),
    broken: matched.filter((p) => p.error !== null),
  };
}

export interface BuildOutcome {
  readonly binary: string;
  readonly reused: boolean;
  readonly seconds: number;
  readonly buildInfo: string;
  readonly flags: string;
}

/** Compiles (or reuses) the test binary of one package for one column. Null: no test files. */
export async function buildTestBinary(
  deps: RunDeps,
  col: Column,
  pkg: ListedPackage,
  spec: RunSpec,
  signal: AbortSignal,
  pgoFile?: string,
): Promise<BuildOutcome | null> {
  const v = col.variant && pgoFile ? { ...col.variant, pgo: pgoFile } : col.variant;
  const toolchain = v?.goToolchain && v.goToolchain !== 'local' ? v.goToolchain : deps.go.version;
  const key = createHash('sha256')
    .update(
      JSON.stringify({
        toolchain,
        sha: col.ref.sha,
        pkg: pkg.importPath,
        tags: spec.tags,
        gcflags: v?.gcflags ?? '',
        pgo: v?.pgo ?? 'off',
        env: variantBuildEnv(v),
        goflags: deps.goEnv.goflagsKept,
        goos: deps.go.goos,
        goarch: deps.go.goarch,
        cgo: deps.goEnv.raw.CGO_ENABLED ?? '',
        ...(col.ref.snapshot ? { snapshot: col.ref.snapshot } : {}),
      }),
    )
    .digest('hex')
    .slice(0, 32);
  const dir = join(deps.paths.bin, col.ref.dirty || col.ref.refName === WORKTREE_REF ? 'worktree' : col.ref.sha.slice(0, 2));
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const binary = join(dir, `${key}.test`);
  const cacheable = col.ref.refName !== WORKTREE_REF;
  const started = Date.now();
  const pgo = v?.pgo ? v.pgo : 'off';
  const relDir = relDirOf(col.moduleDir, pkg.dir);
  const flags = compileArgs({ relDir, out: binary, tags: spec.tags || undefined, gcflags: v?.gcflags, pgo }).join(' ');
  const buildInfo = () => besideBinary(binary, 'info', cacheable, () => goVersionM(deps.go.bin, binary, col.buildEnv, col.moduleDir));
  if (cacheable && existsSync(binary)) {
    return { binary, reused: true, seconds: 0, buildInfo: await buildInfo(), flags };
  }
  const tmpOut = `${binary}.tmp-${process.pid}`;
  const out = await goTestCompile({
    goBin: deps.go.bin,
    moduleDir: col.moduleDir,
    relDir,
    out: tmpOut,
    env: col.buildEnv,
    tags: spec.tags || undefined,
    gcflags: v?.gcflags,
    pgo,
    signal,
  });
  switch (out.kind) {
    case 'no-tests':
      return null;
    case 'failed':
      if (signal.aborted) fail('Canceled', undefined);
      fail('BuildFailed', { pkg: pkg.importPath, ref: col.label, output: out.output.slice(0, 20_000) });
    // falls through: fail() never returns
    case 'built': {
      for (const ext of ['info', 'list']) rmSync(`${binary}.${ext}`, { force: true });
      renameSync(tmpOut, binary);
      const seconds = (Date.now() - started) / 1000;
      return { binary, reused: false, seconds, buildInfo: await buildInfo(), flags };
    }
  }
}

function relDirOf(moduleDir: string, dir: string): string {
  const rel = relative(moduleDir, dir).split(sep).join('/');
  return rel === '' ? '.' : `./${rel}`;
}

/** Lists a binary's benchmarks and applies the run's selection (Go's per-level semantics). */
export async function listSelected(
  binary: string,
  dir: string,
  col: Column,
  bench: string,
  signal: AbortSignal,
): Promise<{ all: string[]; selected: string[] }> {
  const cacheable = col.ref.refName !== WORKTREE_REF;
  const all = JSON.parse(
    await besideBinary(binary, 'list', cacheable, async () => JSON.stringify(await listBenchmarks(binary, dir, col.benchEnv, signal))),
  ) as string[];
  return { all, selected: selectTopLevel(all, bench) };
}

/**
 * What `go version -m` and `-test.list` say about a committed ref's binary never changes (its
 * name is a hash of everything that makes it): kept in a file beside it, so a warm run spawns
 * neither (2 refs: 4 processes, ~70 ms). WORKTREE binaries are rebuilt each run: not kept.
 */
async function besideBinary(binary: string, ext: string, cacheable: boolean, compute: () => Promise<string>): Promise<string> {
  const file = `${binary}.${ext}`;
  if (cacheable) {
    try {
      return readFileSync(file, 'utf8');
    } catch {
      /* not yet */
    }
  }
  const value = await compute();
  if (cacheable && !value.startsWith('(go version -m failed')) {
    const tmp = `${file}.tmp-${process.pid}`;
    writeFileSync(tmp, value);
    renameSync(tmp, file);
  }
  return value;
}

export interface PrepareContext {
  readonly runId: number;
  readonly spec: RunSpec;
  readonly columns: readonly Column[];
  readonly cpuList: readonly number[];
  readonly notes: string[];
  readonly signal: AbortSignal;
  /** The run's launcher, for the PGO profile process (null: a plain process group). */
  readonly launcher: Launcher | null;
  log(line: string): void;
  setProgress(p: Progress): void;
}

/**
 * Lists, builds and lists benchmarks for every column. A column whose variant asks for
 * `pgo: 'self'` is built with a CPU profile of the same ref's non-PGO binary, captured here
 * (the PGO loop in one run: profile, rebuild with it, then compare both columns).
 */
export async function prepareColumns(deps: RunDeps, c: PrepareContext): Promise<Map<number, Map<string, ColumnPackage>>> {
  const pkgs = new Map<number, Map<string, ColumnPackage>>();
  let builds = 0;
  const ordered = [...c.columns].sort((a, b) => Number(a.variant?.pgo === 'self') - Number(b.variant?.pgo === 'self'));
  // `go list` of every column side by side (each ~60 ms, mostly waiting); the first failure in
  // column order is the one reported.
  const listings = await Promise.allSettled(c.columns.map((col) => listColumnPackages(deps, col, c.spec, c.signal)));
  const listFailed = listings.find((r) => r.status === 'rejected');
  if (listFailed) throw listFailed.reason;
  for (const col of ordered) {
    c.signal.throwIfAborted();
    const listed = (listings[c.columns.indexOf(col)] as PromiseFulfilledResult<Awaited<ReturnType<typeof listColumnPackages>>>).value;
    for (const p of listed.broken) fail('BuildFailed', { pkg: p.importPath, ref: col.label, output: p.error ?? '' });
    if (listed.noTests.length) c.notes.push(noTestFilesNote(listed.noTests, col.label));
    const byPkg = new Map<string, ColumnPackage>();
    const { candidates, without } = await withPossibleBenchmarks(listed.withTests);
    if (without.length) c.notes.push(noBenchmarksNote(without, col.label));
    // The packages of a column build a few at a time (go links on one core); a PGO column one
    // at a time, as each first profiles its source. Notes and the column's packages follow the
    // packages' order whatever order the builds end in.
    const pgoSelf = col.variant?.pgo === 'self';
    const built = await inOrder(candidates, pgoSelf ? 1 : buildParallelism(), async (p) => {
      c.signal.throwIfAborted();
      c.setProgress({
        phase: 'build',
        done: builds,
        total: 0,
        etaMs: null,
        current: { refLabel: col.label, pkg: p.importPath, round: 0, benchtime: '' },
      });
      let pgoFile: string | undefined;
      const notes: string[] = [];
      if (pgoSelf) {
        const source = c.columns.find((o) => o.ref === col.ref && (!o.variant?.pgo || o.variant.pgo === 'off'));
        const sourcePkg = source ? pkgs.get(source.index)?.get(p.importPath) : undefined;
        if (!source)
          fail('InvalidInput', { field: 'variants', value: col.label }, 'pgo=self needs a column of the same ref built without PGO');
        if (!sourcePkg) return { notes, entry: null };
        c.log(`PGO: profiling ${p.importPath} at ${source.label} for ${col.label}`);
        pgoFile = await capturePgoProfile(deps, {
          runId: c.runId,
          spec: c.spec,
          column: source,
          pkg: sourcePkg,
          cpuList: c.cpuList,
          signal: c.signal,
          launcher: c.launcher,
        });
        notes.push(`${col.label}: ${p.importPath} built with -pgo=${pgoFile} (a CPU profile of ${source.label} in this run)`);
      }
      // One line per package and ref, once the outcome is known: built, or reused (never both).
      const b = await buildTestBinary(deps, col, p, c.spec, c.signal, pgoFile);
      builds++;
      if (!b) {
        notes.push(`${p.importPath} has no test files at ${col.label}: skipped`);
        return { notes, entry: null };
      }
      addBuild(deps.store.db, c.runId, col.runRefId, {
        pkg: p.importPath,
        binary: b.binary,
        reused: b.reused,
        seconds: b.seconds,
        buildInfo: b.buildInfo,
        flags: b.flags,
      });
      c.log(
        b.reused
          ? `reusing the test binary of ${p.importPath} at ${col.label}`
          : `built ${p.importPath} at ${col.label} (${b.seconds.toFixed(1)} s)`,
      );
      const { all, selected } = await listSelected(b.binary, p.dir, col, c.spec.bench, c.signal);
      const entry: ColumnPackage | null = selected.length
        ? { importPath: p.importPath, dir: p.dir, binary: b.binary, all, selected }
        : null;
      return { notes, entry };
    });
    for (const { notes, entry } of built) {
      c.notes.push(...notes);
      if (entry) byPkg.set(entry.importPath, entry);
    }
    pkgs.set(col.index, byPkg);
  }
  const allPkgs = [...new Set([...pkgs.values()].flatMap((m) => [...m.keys()]))];
  if (allPkgs.length === 0) fail('NoBenchmarks', { regex: c.spec.bench });
  for (const pkg of allPkgs) {
    const names = new Set(c.columns.flatMap((col) => pkgs.get(col.index)?.get(pkg)?.selected ?? []));
    for (const col of c.columns) {
      const have = new Set(pkgs.get(col.index)?.get(pkg)?.selected ?? []);
      for (const n of names) if (!have.has(n)) c.notes.push(`${pkg}.${n} is missing in ${col.label}`);
    }
  }
  return pkgs;
}
