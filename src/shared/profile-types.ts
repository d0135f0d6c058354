// Profile data as it crosses the wire: flame data as a columnar nested set (as Grafana's
// flame graph does), top tables, sandwich views, source lines and findings. Owned by
// src/core/pprof (which builds every one of these); the renderer's Profile view draws exactly
// this. All values are in the sample type's unit (e.g. nanoseconds, bytes, count).

export interface SampleTypeInfo { readonly type: string; readonly unit: string }

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

export interface SourceLine { readonly line: number; readonly text: string; readonly flat: number; readonly cum: number }

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

export type FindingCategory = 'cpu' | 'allocation' | 'lock contention' | 'blocking';

/** A hot spot worth an issue. Shares are fractions (0..1) of the profile's total. */
export interface Finding {
  readonly category: FindingCategory;
  readonly func: string;
  /** file:line of the function's hottest line (or its first line). */
  readonly location: string;
  /** Flat share. */
  readonly share: number;
  readonly cumShare: number;
  /** Flat share of the same function at the base ref, when refs are compared (0 when absent there). */
  readonly baseShare: number | null;
  readonly baseCumShare: number | null;
  readonly benchmark: string;
  readonly refLabel: string;
  readonly baseRefLabel: string | null;
  /** The sample type the shares are of (cpu, alloc_space, delay...). */
  readonly sampleType: SampleTypeInfo;
  readonly flat: number;
  readonly cum: number;
  readonly total: number;
  /** Why it was picked: a high flat share, or a high cum share. */
  readonly rankedBy: 'flat' | 'cum';
}

export interface FindingsReport { readonly runId: number; readonly findings: readonly Finding[]; readonly markdown: string }
