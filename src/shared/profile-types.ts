// Profile data as it crosses the wire: flame data as a columnar nested set (as Grafana's
// flame graph does), top tables, sandwich views, source lines and findings. Owned by
// src/core/pprof (which builds every one of these); the renderer's Profile view draws exactly
// this. All values are in the sample type's unit (e.g. nanoseconds, bytes, count).

export interface SampleTypeInfo {
  readonly type: string;
  readonly unit: string;
}

/**
 * How the two sides of a diff are scaled. 'per op' (the default): each stored profile is
 * divided by the benchmark iterations its profiling process ran, so two processes that ran
 * different counts compare per iteration; 'absolute': the raw totals of the two processes.
 */
export interface DiffNormalization {
  readonly mode: 'per op' | 'absolute';
  /** Iterations of each profile of the new and the base side (one entry per merged profile). */
  readonly iterations: readonly number[];
  readonly baseIterations: readonly number[];
  /** Why the values are absolute although per op was asked (a file, or a profile without a count). */
  readonly reason?: string;
}

/**
 * A flame graph as a nested set in depth-first preorder: node i has `level[i]`, cumulative
 * `value[i]`, `self[i]`, and `label[i]` indexing `names`. Node 0 is the root ("root", level 0,
 * value = sum of the shown samples); the children of a node follow it (sorted by name) up to
 * the next node whose level is not deeper. Percentages are relative to `total` (pprof's total:
 * the sum of |value| of every sample of the unfiltered profile).
 *
 * Diff mode (`baseValue` set): the tree is the union of both call trees aligned by call path;
 * `value`/`self` are the new profile's values (0 where the path exists only in the base),
 * `baseValue`/`baseSelf` the base's, and `baseTotal` the base's total, relative to which
 * pprof reports diff percentages.
 */
export interface FlameData {
  readonly sampleType: SampleTypeInfo;
  readonly sampleTypes: readonly SampleTypeInfo[];
  readonly total: number;
  readonly names: readonly string[];
  /** Source file and first line of each name's function ("file.go:12"), '' when unknown. */
  readonly files: readonly string[];
  readonly level: readonly number[];
  readonly value: readonly number[];
  readonly self: readonly number[];
  readonly label: readonly number[];
  readonly baseValue?: readonly number[];
  readonly baseSelf?: readonly number[];
  readonly baseTotal?: number;
  /** Diff mode: per op or absolute, and why. */
  readonly normalization?: DiffNormalization;
  /** Set when the lab left small subtrees out to bound the response (see FlameHidden). */
  readonly hidden?: FlameHidden;
  /** Benchmark iterations the profiled processes ran, summed over merged profiles (stored
   * profiles taken with -test.benchtime=Nx only): a frame's value / iterations is per op. */
  readonly iterations?: number;
}

/**
 * What a bounded flame graph left out: `frames` nodes in subtrees each below `minShare` (0..1)
 * of the total, worth `value` together (in the sample type's unit; the larger of new and base
 * in a diff). Zero frames means nothing was hidden.
 */
export interface FlameHidden {
  readonly frames: number;
  readonly value: number;
  readonly minShare: number;
}

/** One function of a top table; percentages are 0..100 of the table's total. */
export interface TopRow {
  readonly name: string;
  /** "file.go:startLine" of the function, '' when unknown. */
  readonly file: string;
  readonly flat: number;
  readonly flatPct: number;
  readonly sumPct: number;
  readonly cum: number;
  readonly cumPct: number;
  /** Diff mode: the base profile's own flat and cum (flat/cum above are new minus base). */
  readonly baseFlat?: number;
  readonly baseCum?: number;
}

/** `go tool pprof -top` at function granularity. In diff mode (`-diff_base`) the total is the base's. */
export interface TopTable {
  readonly sampleType: SampleTypeInfo;
  readonly sampleTypes: readonly SampleTypeInfo[];
  readonly total: number;
  readonly rows: readonly TopRow[];
  readonly diff: boolean;
  /** Diff mode: the new profile's own total (`total` is the base's, as pprof reports it). */
  readonly newTotal?: number;
  /** Diff mode: per op or absolute, and why. */
  readonly normalization?: DiffNormalization;
}

/**
 * Callers and callees of one function (speedscope's sandwich, pprof's peek): `callees` is a
 * flame graph rooted at the function (the outermost call of each stack), `callers` an inverted
 * one (the function at level 1, its callers above it, from its innermost call).
 */
export interface SandwichData {
  readonly func: string;
  /** The function's flat and cum (as in the top table). */
  readonly self: number;
  readonly cum: number;
  readonly callers: FlameData;
  readonly callees: FlameData;
}

export interface SourceLine {
  readonly line: number;
  readonly text: string;
  readonly flat: number;
  readonly cum: number;
}

/**
 * Per-line flat/cum of one function (pprof's `list`): lines from the function's first line to
 * its last line with samples (plus a little context). `found` is false when the source file
 * could not be read; lines then carry numbers and values with empty text.
 */
export interface SourceView {
  readonly func: string;
  readonly file: string;
  readonly lines: readonly SourceLine[];
  readonly found: boolean;
  readonly sampleType: SampleTypeInfo;
  readonly total: number;
}

export type FindingCategory = 'allocation' | 'lock contention' | 'redundant I/O' | 'concurrency' | 'resource leak';

export type FindingLevel = 'High' | 'Medium' | 'Low';

/** A finding's cost in one benchmark's merged profile of one kind. */
export interface FindingBenchmark {
  readonly name: string;
  readonly ref: string;
  /** Profile kind: cpu, mem, block, mutex. */
  readonly kind: string;
  readonly sampleType: SampleTypeInfo;
  /** Fraction (0..1) of the profile's total (block/mutex: of the delay charged to the module's code). */
  readonly share: number;
  readonly value: number;
  readonly total: number;
  /** The callee chain below the module frame that carries most of the cost ('' for own code). */
  readonly callee: string;
}

/**
 * A problem worth a perf issue, at a line of the module's own (non-test) code: one per
 * (function, line, category), with every benchmark it affects.
 */
export interface Finding {
  readonly category: FindingCategory;
  /** Module-relative `path:line`. */
  readonly location: string;
  readonly function: string;
  readonly impact: FindingLevel;
  /** An estimate from the change's reach. */
  readonly complexity: FindingLevel;
  /** `perf: ...` */
  readonly title: string;
  /** Markdown with the sections Problem, Location, Proposed Fix, Impact, Notes. */
  readonly body: string;
  readonly benchmarks: readonly FindingBenchmark[];
  /** Largest share over its benchmarks. */
  readonly share: number;
  /** What the compiler says about the finding's line and function (`-m=2`, bounds checks); empty when unknown. */
  readonly compiler: readonly CompilerNote[];
  /** Earlier `perf` commits that touched the function (newest first). */
  readonly perfCommits: readonly PerfCommit[];
  /** The title of the tracker issue the finding is filed under (its own, or a group's); null: summary only (Low). */
  readonly issue: string | null;
}

/** One compiler diagnostic at a module-relative line. */
export interface CompilerNote {
  /** Module-relative `path:line`. */
  readonly location: string;
  /** inline: the function's own inlining decision; call: a call inlined there; escape: heap escapes; bounds: a bounds check left in. */
  readonly kind: 'inline' | 'call' | 'escape' | 'bounds';
  /** The compiler's words, e.g. "moved to heap: buf", "cannot inline parseLine: function too complex: cost 112 exceeds budget 80". */
  readonly text: string;
}

/** A commit whose subject starts with `perf` and that changed a finding's function. */
export interface PerfCommit {
  readonly sha: string;
  readonly subject: string;
}

/** A tracker issue: one Medium/High finding, or related allocation findings grouped. */
export interface FindingIssue {
  readonly title: string;
  /** Markdown with the sections Problem, Location, Proposed Fix, Impact, Notes. */
  readonly body: string;
  readonly impact: FindingLevel;
  readonly complexity: FindingLevel;
  /** Module-relative `path:line` of each finding in it. */
  readonly locations: readonly string[];
}

/** One change in the compiler's decisions between two refs, for a hot function. */
export interface CompilerChange {
  readonly change: 'no longer inlined' | 'now inlined' | 'now escapes' | 'no longer escapes' | 'bounds checks';
  /** The function, as the compiler names it within its package ("(*T).m"). */
  readonly function: string;
  /** Module-relative `path:line` in the ref named by `at`. */
  readonly location: string;
  readonly at: 'base' | 'head';
  /** The compiler's words in that ref (for bounds checks, the counts). */
  readonly text: string;
  /** What it said in the other ref, when it said something. */
  readonly before?: string;
}

/** `perflab findings RUN --compiler-diff`: what the compiler decided differently from base to head. */
export interface CompilerDiffReport {
  readonly base: string;
  readonly head: string;
  readonly baseCommit: string;
  readonly headCommit: string;
  /** How many hot functions were compared (0: every function, the run had no profiles). */
  readonly hotFunctions: number;
  readonly changes: readonly CompilerChange[];
  /** null: compared; else why not. */
  readonly unavailable: string | null;
  readonly text: string;
}

/** Where the compiler notes come from: the build of one ref's commit with the measured binary's settings. */
export interface CompilerEvidence {
  readonly ref: string;
  readonly commit: string;
  /** The go command that printed the notes (for the record). */
  readonly command: string;
  /** null: notes attached; else why there are none (uncommitted changes, a failed build...). */
  readonly unavailable: string | null;
}

/** The module's own hottest lines with no recognised pattern: context for the summary, never issues. */
export interface HotLine {
  readonly location: string;
  readonly function: string;
  readonly benchmark: string;
  readonly share: number;
}

export interface FindingsReport {
  readonly runId: number;
  /** The module findings point into (null when the run has no repository). */
  readonly modulePath: string | null;
  /** Sorted by impact (desc) then complexity (asc); Low ones belong in the summary only. */
  readonly findings: readonly Finding[];
  readonly hotLines: readonly HotLine[];
  /** The Medium and High findings as tracker issues (related allocation findings grouped), in report order. */
  readonly issues: readonly FindingIssue[];
  /** The compiler build the notes come from; null when none was attempted (no repository). */
  readonly compiler: CompilerEvidence | null;
  /** Findings left out: already addressed by an earlier perf commit, or their line is not in the profiled commit. */
  readonly skipped: readonly { readonly location: string; readonly function: string; readonly reason: string }[];
  readonly markdown: string;
}
