// Compiler notes of one measured column: its commit is checked out in an app-owned worktree
// and its measured packages compiled (go-build-notes.ts) with the test binaries' settings
// (toolchain, tags, GOAMD64 and the other variant settings, -pgo, the variant's -gcflags), once
// per (commit, packages, settings): the parsed notes are kept in the data dir's bin/ beside the
// test binaries (removed by `perflab gc` with them). A column that measured uncommitted changes
// has no commit holding its code: no notes, and the reason says so. The build holds the
// machine's run lock (a compile beside a benchmark would disturb its timings, and gc removes
// worktrees only under that lock); while a run holds it, the notes wait for a later call.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BuildRecord, Repo, RunRef, RunSpec } from '../../shared/models.js';
import { LabFailure } from '../../shared/errors.js';
import { goCommandEnv, type GoEnvInfo } from '../go/go-env.js';
import { goBuildNotes } from '../go/go-build-notes.js';
import type { GoTool } from '../go/go-version.js';
import { ensureWorktree, type GitTool } from '../git/index.js';
import type { DataPaths } from '../store/data-dir.js';
import { variantBuildEnv } from '../runner/prepare.js';
import { tryMachineLock } from '../runner/machine-lock.js';
import { parseCompilerOutput, type ParsedNotes } from './compiler-notes.js';

export interface ColumnNotes {
  readonly command: string;
  /** null when the notes are there; else why not. */
  readonly unavailable: string | null;
  readonly notes: ParsedNotes;
}

export interface NotesDeps {
  readonly go: GoTool;
  readonly goEnv: GoEnvInfo;
  readonly git: GitTool;
  readonly paths: DataPaths;
  readonly processEnv: NodeJS.ProcessEnv;
  /** The machine's run lock (see runner/machine-lock.ts). */
  readonly lockDir: string;
  readonly nativeBinding?: string;
}

const NOTE_LINE = /^#|inline|escape|moved to heap|leaking param|Found Is|capturing by|flow:|\bfrom /;
const EMPTY: ParsedNotes = { files: {} };
const CACHE_VERSION = 1;

/** The -pgo value a test binary was built with, from its `go version -m` lines (off when absent). */
export function pgoOfBuildInfo(info: string): string {
  for (const line of info.split('\n')) {
    const m = /^\s*build\s+-pgo=(.*)$/.exec(line);
    if (m) return m[1].startsWith('"') ? (JSON.parse(m[1]) as string) : m[1];
  }
  return 'off';
}

function unavailable(command: string, why: string): ColumnNotes {
  return { command, unavailable: why, notes: EMPTY };
}

export async function columnNotes(
  deps: NotesDeps,
  repo: Repo,
  spec: RunSpec | null,
  ref: RunRef,
  builds: readonly BuildRecord[],
  signal?: AbortSignal,
): Promise<ColumnNotes> {
  const mine = builds.filter((b) => b.refLabel === ref.label);
  if (ref.dirty) return unavailable('', `${ref.label} measured uncommitted changes: no commit holds the profiled code`);
  if (mine.length === 0) return unavailable('', `no test binary was built for ${ref.label}`);
  if (!repo.trusted) return unavailable('', 'the repository is not trusted: building it runs its cgo and toolchain settings');
  const v = ref.variant;
  const packages = [...new Set(mine.map((b) => b.pkg))].filter((p) => p === repo.modulePath || p.startsWith(`${repo.modulePath}/`)).sort();
  if (packages.length === 0) return unavailable('', `the packages built for ${ref.label} are outside ${repo.modulePath}`);
  const pgo = v?.pgo === 'self' ? pgoOfBuildInfo(mine[0].buildInfo) : (v?.pgo ?? 'off');
  const tags = spec?.tags || undefined;
  const env = goCommandEnv(deps.goEnv, deps.processEnv, { toolchain: v?.goToolchain, gowork: spec?.gowork, buildEnv: variantBuildEnv(v) });
  const toolchain = v?.goToolchain && v.goToolchain !== 'local' ? v.goToolchain : deps.go.version;
  const key = createHash('sha256')
    .update(
      JSON.stringify({
        v: CACHE_VERSION,
        toolchain,
        sha: ref.sha,
        packages,
        tags,
        gcflags: v?.gcflags ?? '',
        pgo,
        env: variantBuildEnv(v),
        goflags: deps.goEnv.goflagsKept,
        goos: deps.go.goos,
        goarch: deps.go.goarch,
        cgo: deps.goEnv.raw.CGO_ENABLED ?? '',
      }),
    )
    .digest('hex')
    .slice(0, 32);
  const dir = join(deps.paths.bin, ref.sha.slice(0, 2));
  const file = join(dir, `${key}.notes.json`);
  try {
    const cached = JSON.parse(readFileSync(file, 'utf8')) as ColumnNotes;
    if (cached && typeof cached.command === 'string' && cached.notes?.files) return cached;
  } catch {
    /* not yet */
  }

  // Two calls in one process for the same notes share one build.
  let p = inFlight.get(file);
  if (!p) {
    p = buildLocked(deps, repo, ref, { packages, pgo, tags, env, gcflags: v?.gcflags, file, dir }, signal).finally(() =>
      inFlight.delete(file),
    );
    inFlight.set(file, p);
  }
  return p;
}

const inFlight = new Map<string, Promise<ColumnNotes>>();

async function buildLocked(deps: NotesDeps, repo: Repo, ref: RunRef, plan: BuildPlan, signal?: AbortSignal): Promise<ColumnNotes> {
  const taken = tryMachineLock({
    lockDir: deps.lockDir,
    nativeBinding: deps.nativeBinding,
    holder: { pid: process.pid, runId: 0, dataDir: deps.paths.root, since: new Date().toISOString() },
  });
  if (!taken.lock) {
    const h = taken.holder;
    const who =
      h && h.runId > 0
        ? `a benchmark run holds the machine (run ${h.runId})`
        : 'another Perflab task holds the machine (a run, gc or a notes build)';
    return unavailable('', `${who}: a build now would disturb benchmark timings; ask again when it is done`);
  }
  try {
    return await buildAndKeep(deps, repo, ref, plan, signal);
  } finally {
    taken.lock.release();
  }
}

interface BuildPlan {
  readonly packages: readonly string[];
  readonly pgo: string;
  readonly tags: string | undefined;
  readonly env: Record<string, string>;
  readonly gcflags: string | undefined;
  readonly file: string;
  readonly dir: string;
}

async function buildAndKeep(deps: NotesDeps, repo: Repo, ref: RunRef, plan: BuildPlan, signal?: AbortSignal): Promise<ColumnNotes> {
  const { packages, pgo, tags, env, file, dir } = plan;
  let wt;
  try {
    wt = await ensureWorktree(deps.git, repo.gitRoot, ref.sha, deps.paths.worktrees);
  } catch (e) {
    if (e instanceof LabFailure) return unavailable('', `could not check out ${ref.sha.slice(0, 12)}: ${e.error.message}`);
    throw e;
  }
  let result: ColumnNotes;
  try {
    const r = await goBuildNotes({
      goBin: deps.go.bin,
      moduleDir: join(wt.dir, repo.moduleSubdir),
      modulePath: repo.modulePath,
      packages,
      env,
      tags,
      gcflags: plan.gcflags,
      pgo,
      signal,
    });
    const command = ['go', ...r.args].join(' ');
    result = r.ok
      ? { command, unavailable: null, notes: parseCompilerOutput(r.output, repo.modulePath) }
      : unavailable(
          command,
          `the build failed: ${r.output
            .split('\n')
            .filter((l) => l && !NOTE_LINE.test(l))
            .slice(-3)
            .join(' / ')
            .slice(0, 500)}`,
        );
  } catch (e) {
    if (e instanceof LabFailure && e.error.code !== 'Canceled') result = unavailable('', `the build failed: ${e.error.message}`);
    else throw e;
  } finally {
    await wt.release();
  }
  if (result.unavailable === null) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const tmp = `${file}.tmp-${process.pid}`;
    writeFileSync(tmp, JSON.stringify(result));
    renameSync(tmp, file);
  }
  return result;
}
