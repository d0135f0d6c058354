// Plain JSON models that cross the wire (lab server <-> renderer) and the CLI's --json output.
// No behaviour here: core builds these, the server serializes them, the renderer draws them.
import type { LabError } from './errors.js';

export interface Repo {
  readonly id: number;
  /** Absolute path of the Go module's directory (where go.mod is). */
  readonly path: string;
  /** Last path element, for display. */
  readonly name: string;
  /** The module path from go.mod. */
  readonly modulePath: string;
  /** Absolute path of the git work tree root that holds the module. */
  readonly gitRoot: string;
  /** The module's directory relative to gitRoot ('' when they are the same). */
  readonly moduleSubdir: string;
  readonly trusted: boolean;
  /** A stable identity of the repository: its root commit SHA ('' for a repository without commits). */
  readonly identity: string;
  readonly addedAt: string;
}

export interface PackageInfo {
  readonly importPath: string;
  /** Directory relative to the module root, in `./x/y` form ('.' for the root package). */
  readonly dir: string;
  readonly name: string;
  readonly hasTests: boolean;
  /** Top-level benchmark names (BenchmarkX). */
  readonly benchmarks: readonly string[];
  /**
   * Where the names come from: 'static', the static scan of the _test.go files go list reports
   * (before trust: no code ran); 'binary', the test binary's -test.list (after trust, authoritative).
   */
  readonly source: 'static' | 'binary';
  /** Why a trusted repository's package fell back to the static scan (its test binary did not build or list). */
  readonly listError?: string;
}

export interface RefInfo {
  readonly name: string;
  readonly kind: 'worktree' | 'head' | 'branch' | 'tag' | 'commit';
  readonly sha: string;
  readonly subject: string;
  readonly date: string;
}

export type RunStatus = 'queued' | 'running' | 'completed' | 'failed' | 'canceled' | 'interrupted';

export type ProfileKind = 'cpu' | 'mem' | 'block' | 'mutex' | 'trace';

/** A build or runtime variant: a column beside refs (issue: branches side by side). */
export interface Variant {
  readonly name: string;
  readonly goToolchain?: string;
  readonly goamd64?: string;
  readonly goarm64?: string;
  readonly goexperiment?: string;
  readonly gcflags?: string;
  readonly pgo?: string;
  readonly env?: Readonly<Record<string, string>>;
}

/** The matrix a run measures, after validation and defaults (see api.ts RunSpecInput). */
export interface RunSpec {
  readonly repo: string;
  readonly packages: readonly string[];
  readonly bench: string;
  readonly refs: readonly string[];
  readonly count: number;
  readonly cpu: readonly number[];
  readonly benchtime: readonly string[];
  readonly tags: string;
  readonly profile: readonly ProfileKind[];
  readonly profileBenchtime: string;
  /** Resource runs after the timing rounds (peak-RSS-B, user-sec/op, sys-sec/op, GCs/op, STW-sec/op). */
  readonly resources?: boolean;
  /** Whole-program runs: main packages (`./cmd/tool`), argument strings (split without a shell),
   * a file for standard input, unstored warmup runs per command and column. */
  readonly main?: readonly string[];
  readonly args?: readonly string[];
  readonly stdin?: string;
  readonly warmup?: number;
  /** Only the commands run (no benchmarks): `--main` without `--bench`. */
  readonly commandsOnly?: boolean;
  readonly memProfileRate?: number;
  readonly blockProfileRate?: number;
  readonly mutexProfileFraction?: number;
  readonly env: Readonly<Record<string, string>>;
  readonly label: string;
  readonly timeout: string;
  readonly schedule: 'interleaved' | 'sequential' | 'shuffled';
  readonly seed?: number;
  readonly variants: readonly Variant[];
  readonly untilSignificant?: number;
  readonly gowork: boolean;
  /** Run the benchmarked packages' tests (`go test -json`, `-race` for 'race') at the last column, after the timing rounds. */
  readonly tests?: 'on' | 'race';
}

/** One column of a run: a ref resolved to a commit, optionally with a build/runtime variant. */
export interface RunRef {
  readonly id: number;
  /** Column name: the ref as the user gave it, plus `+variant` when a variant applies. */
  readonly label: string;
  readonly name: string;
  readonly sha: string;
  readonly dirty: boolean;
  readonly position: number;
  readonly variant: Variant | null;
  /** A working-tree column's identity: the tree hash of what was measured (absent for commits). */
  readonly snapshot?: string;
}

export interface RunSummary {
  readonly id: number;
  readonly repoId: number | null;
  readonly repoPath: string;
  readonly label: string;
  readonly status: RunStatus;
  readonly statusDetail: string;
  /** The typed error a failed run ended with. */
  readonly error: LabError | null;
  readonly kind: 'measured' | 'imported';
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  readonly refs: readonly RunRef[];
  readonly resultCount: number;
  readonly failedCells: number;
  readonly spec: RunSpec | null;
  /** The run's own significance level (an adaptive run's corrected alpha): the default alpha
   * of compare, gate, export and investigate on this run; null for the usual 0.05. */
  readonly alpha: number | null;
}

export interface CellFailure {
  readonly refLabel: string;
  readonly pkg: string;
  readonly name: string;
  readonly benchtime: string;
  readonly round: number;
  readonly kind: 'panic' | 'timeout' | 'fail' | 'skip' | 'crash' | 'output-limit' | 'spawn-failed';
  readonly message: string;
}

export interface EnvWarning {
  readonly code: string;
  readonly message: string;
  readonly severity: 'info' | 'warning';
}

export interface Environment {
  readonly perflabVersion: string;
  readonly goVersion: string;
  readonly goos: string;
  readonly goarch: string;
  readonly hostname: string;
  readonly os: string;
  readonly kernel: string;
  readonly cpuModel: string;
  readonly cpuCount: number;
  readonly gomaxprocs: number;
  readonly memoryBytes: number;
  readonly governor: string | null;
  readonly turbo: string | null;
  readonly onBattery: boolean | null;
  readonly loadBefore: readonly number[];
  readonly loadAfter: readonly number[] | null;
  /** The environment every go process got (the allowlisted part of `go env`, plus run settings). */
  readonly goEnv: Readonly<Record<string, string>>;
  readonly warnings: readonly EnvWarning[];
}

export interface BuildRecord {
  readonly refLabel: string;
  readonly pkg: string;
  readonly binary: string;
  readonly reused: boolean;
  readonly seconds: number;
  /** `go version -m BIN` output. */
  readonly buildInfo: string;
  /** The `go test -c` arguments the binary was (or would be) built with. */
  readonly flags: string;
}

/**
 * One benchmark or profile process as the launcher saw it: wait4's resource usage (null where
 * the run went without the launcher), wall time, and how it ended.
 */
export interface ProcessRecord {
  readonly refLabel: string;
  readonly pkg: string;
  /** `bench` for timing processes, `profile-<kind>` for profiling ones, `resources` for resource runs. */
  readonly purpose: string;
  readonly round: number;
  readonly benchtime: string;
  /** The top-level benchmarks the process was asked to run. */
  readonly benchmarks: readonly string[];
  /** `exit 0`, `signal SIGSEGV`, `killed: wall-timeout`, `spawn-error: ENOENT: ...`. */
  readonly exit: string;
  readonly wallSec: number | null;
  /** Peak RSS of the process itself (ru_maxrss, bytes): the largest single process, not a sum over its tree. */
  readonly maxRssBytes: number | null;
  readonly userSec: number | null;
  readonly sysSec: number | null;
  /** Voluntary and involuntary context switches, major page faults. */
  readonly nvcsw: number | null;
  readonly nivcsw: number | null;
  readonly majflt: number | null;
  readonly outputBytes: number | null;
  /** Descendants the launcher killed and reaped after the process ended (daemons, leftovers). */
  readonly orphansReaped: number;
}

export interface ScheduleEntry {
  readonly round: number;
  readonly refLabel: string;
  readonly pkg: string;
  readonly benchtime: string;
  /** Wall time of this entry's benchmark processes, once they ran (ms). */
  readonly ms?: number;
}

export interface RunDetail extends RunSummary {
  readonly environment: Environment | null;
  readonly notes: readonly string[];
  readonly failures: readonly CellFailure[];
  readonly builds: readonly BuildRecord[];
  readonly schedule: readonly ScheduleEntry[];
  /** Every benchmark and profile process of the run, in order, with its resource usage. */
  readonly processes: readonly ProcessRecord[];
}

export interface Metric {
  readonly unit: string;
  readonly value: number;
}

export interface ResultRow {
  readonly id: number;
  readonly refId: number;
  readonly refLabel: string;
  readonly pkg: string;
  /** The full benchmark name as Go prints it, without the -N GOMAXPROCS suffix. */
  readonly name: string;
  /** The -cpu value (GOMAXPROCS) the benchmark ran with. */
  readonly cpu: number;
  readonly benchtime: string;
  readonly iterations: number;
  readonly round: number;
  /** Tidied units (sec/op, B/op, allocs/op, B/s, custom). */
  readonly metrics: readonly Metric[];
}

export interface ProfileRecord {
  readonly id: number;
  readonly runId: number;
  readonly refLabel: string;
  readonly pkg: string;
  readonly benchmark: string;
  readonly kind: ProfileKind | 'trace-sched' | 'trace-sync' | 'trace-syscall' | 'trace-net';
  readonly sha256: string;
  readonly size: number;
  /**
   * Benchmark iterations the profiling process ran (it ran `-test.benchtime=Nx`: Go's
   * 1-iteration probe plus N), what per-op diffs divide by; null when unknown (a time-based
   * benchtime, which also profiles the ramp-up runs, or a profile stored before this was kept).
   */
  readonly iterations: number | null;
  readonly path: string;
}

export interface Progress {
  readonly phase: 'queued' | 'prepare' | 'build' | 'bench' | 'resources' | 'test' | 'profile' | 'done';
  readonly done: number;
  readonly total: number;
  readonly etaMs: number | null;
  readonly current: {
    readonly refLabel: string;
    readonly pkg: string;
    readonly round: number;
    readonly benchtime: string;
    readonly bench?: string;
  } | null;
}
