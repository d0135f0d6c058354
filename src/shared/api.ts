// The one API contract. Every capability of the lab is a method here: a zod schema for its
// input and a type for its output. The lab server exposes exactly these methods over HTTP
// (POST /api/<method>, JSON in and out), the CLI calls them in-process through createLab(),
// and the renderer calls them through its HTTP client. Events (run progress, log lines, run
// finished) travel on one stream: LabEvent.
import { z } from 'zod';
import type {
  Environment,
  PackageInfo,
  ProfileRecord,
  Progress,
  RefInfo,
  Repo,
  ResultRow,
  RunDetail,
  RunStatus,
  RunSummary,
} from './models.js';
import type { Comparison, CompareView, CompareViewRows, RowSamples } from './compare-types.js';
import { COMPARE_SORTS } from './compare-view.js';
import type { BisectReport } from './bisect-types.js';
import type { FlameData, TopTable, SandwichData, SourceView, FindingsReport, CompilerDiffReport } from './profile-types.js';
import type {
  Baseline,
  ChangesReport,
  CommitMessage,
  CommitSubject,
  GateReport,
  HistoryChangesReport,
  HistorySeries,
  Investigation,
  InvestigationCommitResult,
  InvestigationStep,
} from './workflow-types.js';

// ---------------------------------------------------------------- input building blocks

/** A repository: its path (as added) or its numeric id. */
export const RepoRef = z.union([z.string().min(1).max(4096), z.number().int().positive()]);
/** A run: its id, or 'latest' (the newest run, optionally of one repository). */
export const RunRefInput = z.union([z.number().int().positive(), z.literal('latest')]);

const goDuration = /^(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))+$/;
/** -benchtime: a Go duration (1s, 500ms, 1m30s) or an iteration count (100x). */
export const Benchtime = z
  .string()
  .regex(/^(?:\d+x|(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))+)$/, 'a duration such as 1s or 500ms, or an iteration count such as 100x')
  .refine((s) => !/^0+x$/.test(s), 'an iteration count must be at least 1x');
export const GoDuration = z.string().regex(goDuration, 'a Go duration such as 10m or 90s');
export const ProfileKindSchema = z.enum(['cpu', 'mem', 'block', 'mutex', 'trace']);
/** Go build tags: comma-separated identifiers (letters, digits, _ and .). */
export const BuildTags = z
  .string()
  .max(1000)
  .regex(/^(?:[A-Za-z0-9_.]+(?:,[A-Za-z0-9_.]+)*)?$/, 'comma-separated build tags');
/** Environment variable names the benchmarks may read; the build's own settings are variants. */
export const EnvName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name')
  .refine(
    (k) => !DENIED_ENV.has(k.toUpperCase()) && !k.toUpperCase().startsWith('DYLD_') && !k.toUpperCase().startsWith('GIT_'),
    'this variable controls the toolchain, not the benchmark; use a variant',
  );
export const DENIED_ENV = new Set([
  'GOFLAGS',
  'GOENV',
  'GOTOOLCHAIN',
  'GOWORK',
  'GOROOT',
  'GOPATH',
  'GOCACHE',
  'GOMODCACHE',
  'GOPROXY',
  'LD_PRELOAD',
  'LD_LIBRARY_PATH',
  'LD_AUDIT',
  'NODE_OPTIONS',
  'PATH',
  'HOME',
  'CC',
  'CXX',
  'CGO_CFLAGS',
  'CGO_LDFLAGS',
  'PERFLAB_HOME',
]);
export const EnvMap = z.record(
  EnvName,
  z
    .string()
    .max(4096)
    .refine((v) => !/[\0\r\n]/.test(v), 'no NUL or newline'),
);

export const VariantSchema = z.object({
  name: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9_.+=:@-]+$/, 'letters, digits and _.+=:@-'),
  goToolchain: z
    .string()
    .regex(/^(?:local|go\d+\.\d+(?:\.\d+)?(?:(?:rc|beta)\d+)?)$/, 'local or goX.Y.Z')
    .optional(),
  goamd64: z.enum(['v1', 'v2', 'v3', 'v4']).optional(),
  goarm64: z
    .string()
    .regex(/^v\d+\.\d+(?:,(?:lse|crypto))*$/)
    .optional(),
  goexperiment: z
    .string()
    .regex(/^[a-z0-9,]*$/, 'comma-separated experiment names')
    .optional(),
  gcflags: z
    .string()
    .max(500)
    .regex(/^[A-Za-z0-9_=.,/ *-]*$/, 'compiler flags')
    .refine((s) => !/(^|\s)-?-?(toolexec|exec)\b/.test(s), 'not a compiler flag')
    .optional(),
  pgo: z.string().max(4096).optional(),
  env: EnvMap.optional(),
});

export const RunSpecInput = z.object({
  repo: RepoRef,
  packages: z.array(z.string().min(1).max(1000)).max(1000).default([]),
  bench: z.string().max(2000).default('.'),
  refs: z.array(z.string().min(1).max(1000)).min(1).max(16).default(['WORKTREE']),
  count: z.number().int().min(1).max(10000).default(6),
  cpu: z.array(z.number().int().min(1).max(4096)).max(64).default([]),
  benchtime: z.array(Benchtime).min(1).max(16).default(['1s']),
  tags: BuildTags.default(''),
  profile: z.array(ProfileKindSchema).max(5).default([]),
  profileBenchtime: Benchtime.default('1s'),
  /** After the timing rounds, --count resource runs per benchmark: peak RSS, CPU time, GC count and pause per op. */
  resources: z.boolean().default(false),
  /** Whole-program runs: main packages by directory (`./cmd/tool`) or import path; with `args`, a matrix axis. */
  main: z.array(z.string().min(1).max(1000)).max(16).default([]),
  /** Argument strings for the mains, each split without a shell (quotes and backslashes, no expansion). */
  args: z.array(z.string().max(8000)).max(16).default([]),
  /** A file each command reads as standard input. */
  stdin: z.string().min(1).max(4096).optional(),
  warmup: z.number().int().min(0).max(100).default(0),
  /** Run only the commands, no benchmarks. */
  commandsOnly: z.boolean().default(false),
  memProfileRate: z.number().int().min(1).optional(),
  blockProfileRate: z.number().int().min(1).optional(),
  mutexProfileFraction: z.number().int().min(1).optional(),
  env: EnvMap.default({}),
  label: z.string().max(200).default(''),
  timeout: GoDuration.default('10m'),
  schedule: z.enum(['interleaved', 'sequential', 'shuffled']).default('interleaved'),
  seed: z.number().int().optional(),
  variants: z.array(VariantSchema).max(16).default([]),
  untilSignificant: z.number().int().min(2).max(1000).optional(),
  gowork: z.boolean().default(false),
  tests: z.enum(['on', 'race']).optional(),
});
export type RunSpecInputT = z.input<typeof RunSpecInput>;

export const CompareInput = z.object({
  runs: z.array(RunRefInput).max(32).default([]),
  /** benchfmt texts to compare, like benchstat's file arguments (columns by file). */
  texts: z
    .array(z.object({ name: z.string().min(1).max(4096), text: z.string(), path: z.string().max(4096).optional() }))
    .max(64)
    .default([]),
  by: z.enum(['ref', 'cpu', 'benchtime', 'label', 'file', 'run']).optional(),
  filter: z.string().max(4000).optional(),
  /** Default: the run's own level (an adaptive run's corrected alpha) when every run compared
   * has the same one, else 0.05. */
  alpha: z.number().gt(0).lt(1).optional(),
  confidence: z.number().gt(0).lt(1).default(0.95),
  holm: z.boolean().default(false),
  /** Tolerance (percent) of the verdicts' `no change`: the delta interval must lie inside ±it. */
  tolerance: z.number().gt(0).max(1000).default(2),
  repo: RepoRef.optional(),
  /** benchstat's projection, for those who want it raw (override `by`). */
  row: z.string().max(1000).optional(),
  col: z.string().max(1000).optional(),
  table: z.string().max(1000).optional(),
  ignore: z.string().max(1000).optional(),
});

/** What the Compare view shows of a comparison (src/shared/compare-view.ts). */
const CompareViewInput = CompareInput.extend({
  unit: z.string().max(1000).optional(),
  onlySignificant: z.boolean().default(false),
  sort: z.enum(COMPARE_SORTS).default('name'),
  /** The delta column that sorts (default: the last). */
  deltaColumn: z.number().int().min(1).max(10_000).optional(),
  /** Rows sent with each table (the rest come with compareViewRows). */
  limit: z.number().int().min(0).max(5_000).default(200),
});

/** A baseline's name: letters, digits and ._-, not all digits (a number is a run id). */
export const BaselineName = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9._-]+$/, 'letters, digits and ._-')
  .refine((s) => !/^\d+$/.test(s), 'a name, not a number (numbers are run ids)');

export const ProfileSelector = z.object({
  /** Stored profiles (merged when several). */
  profileIds: z.array(z.number().int().positive()).max(1000).default([]),
  /** Or: every profile of a run matching these. */
  run: RunRefInput.optional(),
  kind: z.string().max(32).optional(),
  bench: z.string().max(2000).optional(),
  ref: z.string().max(1000).optional(),
  /** Or: a profile file on disk. */
  path: z.string().max(4096).optional(),
  sampleType: z.string().max(200).optional(),
  focus: z.string().max(2000).optional(),
  ignore: z.string().max(2000).optional(),
  hide: z.string().max(2000).optional(),
});

/** A commit trailer `Key: value` (one line). */
export const Trailer = z
  .string()
  .max(500)
  .regex(/^[A-Za-z0-9][A-Za-z0-9-]*: *\S[^\r\n]*$/, 'a trailer is `Key: value` on one line');

/** An investigation target: max (upper limit, 0 allowed), min (lower limit: throughput), or improvePct (relative to the base). */
export const TargetInput = z
  .object({
    name: z.string().min(1).max(2000),
    unit: z.string().min(1).max(100).default('sec/op'),
    max: z.number().min(0).optional(),
    min: z.number().min(0).optional(),
    improvePct: z.number().gt(0).lt(1000).optional(),
  })
  .refine((t) => t.max !== undefined || t.min !== undefined || t.improvePct !== undefined, 'a target needs max, min or improvePct');

// ---------------------------------------------------------------- the methods

export const schemas = {
  version: z.object({}),

  listRepos: z.object({}),
  addRepo: z.object({ path: z.string().min(1).max(4096), trust: z.boolean().default(false) }),
  trustRepo: z.object({ repo: RepoRef, trusted: z.boolean().default(true) }),
  removeRepo: z.object({ repo: RepoRef }),
  /** `staticOnly`: names from the static scan even when trusted (nothing compiles: for views open while a run measures). */
  listPackages: z.object({ repo: RepoRef, tags: BuildTags.optional(), staticOnly: z.boolean().default(false) }),
  listRefs: z.object({ repo: RepoRef, limit: z.number().int().min(1).max(500).default(30) }),
  /** Resolves a typed ref to its commit, as a run would (InvalidRef / RefNotFound otherwise); WORKTREE is the working tree. */
  checkRef: z.object({ repo: RepoRef, ref: z.string().min(1).max(1000) }),

  startRun: RunSpecInput,
  cancelRun: z.object({ runId: z.number().int().positive() }),
  listRuns: z.object({ repo: RepoRef.optional(), limit: z.number().int().min(1).max(10000).default(200) }),
  getRun: z.object({ run: RunRefInput, repo: RepoRef.optional() }),
  getResults: z.object({ run: RunRefInput, repo: RepoRef.optional() }),
  /** The distinct benchmark names (full names, sub-benchmarks included) of a run's results, sorted. */
  benchmarkNames: z.object({ run: RunRefInput, repo: RepoRef.optional() }),
  runProgress: z.object({ runId: z.number().int().positive() }),
  /** The Run view's picture of a run's stored results (cells done, sec/op per benchmark and ref). */
  runSnapshot: z.object({ runId: z.number().int().positive() }),
  relabelRun: z.object({ runId: z.number().int().positive(), label: z.string().max(200) }),
  deleteRun: z.object({ runId: z.number().int().positive() }),
  importBenchfmt: z.object({
    files: z
      .array(z.object({ name: z.string().min(1).max(4096), text: z.string() }))
      .min(1)
      .max(64),
    label: z.string().max(200).default(''),
  }),
  exportRun: z.object({
    run: RunRefInput,
    format: z.enum(['benchfmt', 'csv', 'json', 'github-action-benchmark', 'github-action-benchmark-bigger', 'bmf']).default('benchfmt'),
  }),

  /** `samples: false` leaves every cell's samples out (the UI's table: 1.6 of 6.7 MB at 5,000
   * rows); `compareSamples` gives one row's when it is opened. */
  compare: CompareInput.extend({ samples: z.boolean().default(true) }),
  /** One row's samples per column, of the comparison the same input asks for. */
  compareSamples: CompareInput.extend({ tableIndex: z.number().int().min(0).max(1_000_000), rowName: z.string().max(100_000) }),
  /** The Compare view: the tables of one unit (`unit`, else the first), each with the names of
   * the rows shown (all, or only significant ones; sorted) and the first `limit` of those rows,
   * without samples. A 5,000-row view is ~0.2 MB where the whole comparison is ~5 MB. */
  compareView: CompareViewInput,
  /** Rows [offset, offset + limit) of one table of the same view, as the table scrolls. */
  compareViewRows: CompareViewInput.extend({
    tableIndex: z.number().int().min(0).max(1_000_000),
    offset: z.number().int().min(0).max(100_000_000),
    limit: z.number().int().min(1).max(5_000).default(200),
  }),
  /** The same comparison rendered: text and csv as benchstat prints them, or markdown. */
  compareRender: CompareInput.extend({ format: z.enum(['text', 'csv', 'markdown']).default('text'), deltaCi: z.boolean().default(false) }),

  listProfiles: z.object({ run: RunRefInput }),
  /** With `base`: a diff, per op unless `absolute` (each profile divided by the iterations its process ran). */
  profileFlame: ProfileSelector.extend({ base: ProfileSelector.optional(), absolute: z.boolean().default(false) }),
  /** A standalone flame graph file (SVG with tooltips, or self-contained interactive HTML); a diff is per op unless `absolute`. */
  exportFlame: ProfileSelector.extend({
    base: ProfileSelector.optional(),
    absolute: z.boolean().default(false),
    format: z.enum(['svg', 'html']).default('svg'),
    title: z.string().max(300).optional(),
  }),
  profileTop: ProfileSelector.extend({
    base: ProfileSelector.optional(),
    absolute: z.boolean().default(false),
    n: z.number().int().min(1).max(100000).default(50),
  }),
  profileSandwich: ProfileSelector.extend({ func: z.string().min(1).max(4000) }),
  profileSource: ProfileSelector.extend({ func: z.string().min(1).max(4000), repo: RepoRef.optional() }),
  exportProfile: z.object({ profileId: z.number().int().positive() }),
  openProfileTool: z.object({
    profileId: z.number().int().positive().optional(),
    path: z.string().max(4096).optional(),
    tool: z.enum(['pprof', 'trace']).default('pprof'),
  }),
  closeProfileTool: z.object({ handle: z.string().max(100) }),
  findings: z.object({ run: RunRefInput }),
  /** What the compiler decided differently between two columns of a run (default: first and last). */
  compilerDiff: z.object({ run: RunRefInput, base: z.string().max(1000).optional(), head: z.string().max(1000).optional() }),

  exportCommit: z.object({
    run: RunRefInput,
    base: z.string().max(1000).optional(),
    head: z.string().max(1000).optional(),
    scope: z.string().max(200).optional(),
    summary: z.string().max(500).optional(),
    style: z.enum(['conventional', 'go', 'improvements']).default('conventional'),
    trailers: z.array(Trailer).max(32).default([]),
    format: z.enum(['text', 'markdown']).default('text'),
  }),
  gate: z.object({
    run: RunRefInput,
    /** Column labels; default the run's first (base) and last (head) columns. */
    base: z.string().max(1000).optional(),
    head: z.string().max(1000).optional(),
    maxRegression: z.number().min(0).max(10000).optional(),
    strict: z.boolean().default(false),
    /** Undecided rows do not fail the gate (status passed; they are still listed). */
    allowUndecided: z.boolean().default(false),
    /** Compare the run's head column against a named baseline (or a run id: its last column). */
    baseline: z.union([BaselineName, z.number().int().positive()]).optional(),
    /** Gate across different machines or Go versions (refused otherwise), with a warning. */
    allowEnvMismatch: z.boolean().default(false),
  }),
  baselineSet: z.object({
    name: BaselineName,
    run: RunRefInput,
    /** The run's column (label, ref name or SHA prefix); default its last column. */
    ref: z.string().max(1000).optional(),
  }),
  baselineList: z.object({}),
  rangeCommits: z.object({
    repo: RepoRef,
    range: z.string().min(4).max(2100),
    every: z.number().int().min(1).max(10000).default(1),
    limit: z.number().int().min(2).max(16).default(16),
  }),
  changes: z.object({
    run: RunRefInput,
    bench: z.string().max(2000).optional(),
    unit: z.string().max(100).optional(),
    thresholdPct: z.number().min(0).max(1000).default(5),
    alpha: z.number().gt(0).lt(1).optional(),
  }),
  /** ref: also what a gate against that base would apply (its perflab.json, once trusted). */
  getBudgets: z.object({ repo: RepoRef, ref: z.string().min(1).max(1000).optional() }),
  setBudgets: z.object({ repo: RepoRef, budgets: z.unknown() }),
  history: z.object({
    repo: RepoRef.optional(),
    name: z.string().min(1).max(2000),
    unit: z.string().max(100).default('sec/op'),
    order: z.enum(['date', 'commit']).default('date'),
    cpu: z.number().int().min(1).optional(),
    benchtime: z.string().max(100).optional(),
  }),
  /** Change points over stored history, runs of the newest run's machine only; `check` reads the newest commit. */
  historyChanges: z.object({
    repo: RepoRef.optional(),
    name: z.string().min(1).max(2000),
    unit: z.string().max(100).default('sec/op'),
    cpu: z.number().int().min(1).optional(),
    benchtime: z.string().max(100).optional(),
    thresholdPct: z.number().min(0).max(1000).default(5),
    alpha: z.number().gt(0).lt(1).default(0.05),
  }),
  investigationStart: z.object({
    repo: RepoRef,
    title: z.string().min(1).max(200),
    base: z.string().max(1000).default('HEAD'),
    bench: z.string().max(2000),
    targets: z.array(TargetInput).max(100).default([]),
    /** Targets as text (`Parse:sec/op<=50µs`, `allocs/op<=0`, `Parse:-20%`), parsed by the lab: the UI's field. */
    targetTexts: z.array(z.string().min(1).max(2000)).max(100).default([]),
    benchtime: z.array(Benchtime).min(1).max(4).default(['1s']),
    count: z.number().int().min(1).max(1000).default(10),
    profile: z.array(ProfileKindSchema).default(['cpu']),
    /** Packages every step builds and measures (go list patterns); empty: the whole module. */
    packages: z.array(z.string().min(1).max(1000)).max(64).default([]),
    /** Tests at each verify step: 'on' (go test), 'race' (go test -race) or 'off'. */
    tests: z.enum(['on', 'race', 'off']).default('on'),
    /** Verify steps (attempts) after which each further one warns. */
    maxAttempts: z.number().int().min(1).max(1000).optional(),
  }),
  investigationList: z.object({ repo: RepoRef.optional() }),
  investigationStatus: z.object({ id: z.number().int().positive() }),
  investigationVerify: z.object({
    id: z.number().int().positive(),
    ref: z.string().max(1000).default('WORKTREE'),
    /** Add interleaved rounds (beyond the investigation's count) until the rows are decided or this many rounds ran. */
    untilSignificant: z.number().int().min(2).max(1000).optional(),
    /** This step's rounds, instead of the investigation's count (a target's interval narrows with more). */
    count: z.number().int().min(1).max(1000).optional(),
    /** Run this step's tests with -race (also when the investigation did not ask for it). */
    race: z.boolean().default(false),
  }),
  investigationCommit: z.object({
    id: z.number().int().positive(),
    scope: z.string().max(200).optional(),
    summary: z.string().max(500).optional(),
    style: z.enum(['conventional', 'go', 'improvements']).default('conventional'),
    trailers: z.array(Trailer).max(32).default([]),
    signoff: z.boolean().default(false),
    /** Commit the measured snapshot on the user's current branch (only when the working tree still is that snapshot). */
    gitCommit: z.boolean().default(false),
  }),
  investigationNote: z.object({
    id: z.number().int().positive(),
    text: z.string().min(1).max(20_000),
    step: z.number().int().min(0).optional(),
  }),
  investigationShowStep: z.object({ id: z.number().int().positive(), step: z.number().int().min(0) }),

  /** Statistical bisect: confirm bad is worse than good, then binary-search the first-parent commits between. */
  startBisect: z.object({
    repo: RepoRef,
    good: z.string().min(1).max(1000),
    bad: z.string().min(1).max(1000),
    bench: z.string().min(1).max(2000),
    packages: z.array(z.string().min(1).max(1000)).max(1000).default([]),
    unit: z.string().min(1).max(100).default('sec/op'),
    thresholdPct: z.number().gt(0).max(1000).default(5),
    alpha: z.number().gt(0).lt(0.5).default(0.05),
    /** Rounds each step starts with, and the most it may reach adding rounds adaptively. */
    count: z.number().int().min(2).max(1000).default(8),
    maxCount: z.number().int().min(2).max(1000).optional(),
    benchtime: z.array(Benchtime).min(1).max(4).default(['1s']),
    cpu: z.array(z.number().int().min(1).max(4096)).max(1).default([]),
    env: EnvMap.default({}),
    timeout: GoDuration.default('10m'),
  }),
  bisectStatus: z.object({ id: z.number().int().positive() }),
  listBisects: z.object({}),
  cancelBisect: z.object({ id: z.number().int().positive() }),

  gc: z.object({ dryRun: z.boolean().default(false) }),
} as const;

export type MethodName = keyof typeof schemas;
export type Input<M extends MethodName> = z.input<(typeof schemas)[M]>;
export type Parsed<M extends MethodName> = z.output<(typeof schemas)[M]>;

export interface VersionInfo {
  readonly version: string;
  readonly node: string;
  readonly go: string | null;
  readonly git: string | null;
  readonly dataDir: string;
}

export interface ImportResult {
  readonly runId: number;
  readonly results: number;
  readonly syntaxErrors: readonly { readonly file: string; readonly line: number; readonly message: string }[];
}
export interface ExportFile {
  readonly filename: string;
  readonly mime: string;
  readonly text: string;
}
export interface ExportBinary {
  readonly filename: string;
  readonly mime: string;
  readonly base64: string;
}
export interface GcReport {
  readonly removedWorktrees: number;
  readonly removedBinaries: number;
  readonly removedProfiles: number;
  readonly freedBytes: number;
  /** What was left alone because a run needs it (one line each). */
  readonly skipped: readonly string[];
}
export interface ToolHandle {
  readonly handle: string;
  readonly url: string;
}
export interface RunProgressInfo {
  readonly runId: number;
  readonly status: RunStatus;
  readonly progress: Progress;
  readonly log: readonly string[];
  readonly queuedBehind: string | null;
}

/** What the Run view draws of a run's stored results (`runSnapshot`), without the results:
 * the cells that have one, and the sec/op values per benchmark and ref. */
export interface RunSnapshot {
  readonly runId: number;
  /** Results stored. */
  readonly results: number;
  /** [ref label, package, top-level benchmark, round] of every cell with a result. */
  readonly cells: readonly (readonly [string, string, string, number])[];
  /** [package, full name, [ref label, sec/op values][]]: refs in the order they first appear,
   * values by round, then in the order stored. */
  readonly series: readonly (readonly [string, string, readonly (readonly [string, readonly number[]])[]])[];
}

export interface Outputs {
  version: VersionInfo;
  listRepos: readonly Repo[];
  addRepo: Repo;
  trustRepo: Repo;
  removeRepo: { readonly removed: boolean };
  listPackages: readonly PackageInfo[];
  listRefs: readonly RefInfo[];
  checkRef: { readonly ref: string; readonly sha: string };
  startRun: { readonly runId: number };
  cancelRun: { readonly canceled: boolean };
  listRuns: readonly RunSummary[];
  getRun: RunDetail;
  getResults: readonly ResultRow[];
  benchmarkNames: readonly string[];
  runProgress: RunProgressInfo;
  runSnapshot: RunSnapshot;
  relabelRun: RunSummary;
  deleteRun: { readonly deleted: boolean };
  importBenchfmt: ImportResult;
  exportRun: ExportFile;
  compare: Comparison;
  compareSamples: RowSamples;
  compareView: CompareView;
  compareViewRows: CompareViewRows;
  compareRender: { readonly stdout: string; readonly stderr: string };
  listProfiles: readonly ProfileRecord[];
  profileFlame: FlameData;
  exportFlame: ExportFile;
  profileTop: TopTable;
  profileSandwich: SandwichData;
  profileSource: SourceView;
  exportProfile: ExportBinary;
  openProfileTool: ToolHandle;
  closeProfileTool: { readonly closed: boolean };
  findings: FindingsReport;
  compilerDiff: CompilerDiffReport;
  exportCommit: CommitMessage;
  gate: GateReport;
  baselineSet: Baseline;
  baselineList: readonly Baseline[];
  rangeCommits: { readonly commits: readonly CommitSubject[]; readonly skipped: number };
  changes: ChangesReport;
  getBudgets: {
    readonly stored: unknown;
    readonly source: string;
    /** With ref, in a trusted repository: the budgets a gate against that base applies (stored and perflab.json), where from. */
    readonly atRef?: {
      readonly ref: string;
      readonly sha: string;
      readonly budgets: number;
      readonly maxRegression: number | null;
      readonly sources: readonly string[];
    };
  };
  setBudgets: { readonly stored: unknown };
  history: HistorySeries;
  historyChanges: HistoryChangesReport;
  investigationStart: Investigation;
  investigationList: readonly Investigation[];
  investigationStatus: Investigation;
  investigationVerify: InvestigationStep;
  investigationCommit: InvestigationCommitResult;
  investigationNote: InvestigationStep;
  investigationShowStep: { readonly step: InvestigationStep; readonly patch: string | null };
  startBisect: BisectReport;
  bisectStatus: BisectReport;
  listBisects: readonly BisectReport[];
  cancelBisect: { readonly canceled: boolean };
  gc: GcReport;
}

/** The lab as every front end sees it: validated input in, plain JSON out, LabError thrown. */
export type LabApi = { readonly [M in MethodName]: (input: Input<M>) => Promise<Outputs[M]> };

export const METHOD_NAMES = Object.keys(schemas) as readonly MethodName[];

// ---------------------------------------------------------------- events

export type LabEvent =
  | { readonly type: 'run-queued'; readonly runId: number; readonly behind: string }
  | { readonly type: 'run-started'; readonly runId: number }
  | { readonly type: 'run-progress'; readonly runId: number; readonly progress: Progress }
  | { readonly type: 'run-log'; readonly runId: number; readonly line: string; readonly source: 'lab' | 'output' }
  | {
      readonly type: 'run-result';
      readonly runId: number;
      readonly refLabel: string;
      readonly pkg: string;
      readonly name: string;
      readonly cpu: number;
      readonly round: number;
      readonly secPerOp: number | null;
    }
  | { readonly type: 'run-finished'; readonly runId: number; readonly status: RunStatus; readonly detail: string }
  | { readonly type: 'bisect-update'; readonly bisectId: number; readonly report: BisectReport }
  | { readonly type: 'repos-changed' }
  | { readonly type: 'runs-changed' };

export type { Environment };
