// The perf workflow's outputs: commit messages, gate reports, per-benchmark history and
// investigations. Owned by src/core/export and the workflow modules.
import type { CompareVerdict } from './compare-types.js';

export interface CommitMessage {
  readonly subject: string;
  readonly body: string;
  readonly text: string;
  readonly format: 'text' | 'markdown';
}

export interface GateRow {
  readonly name: string;
  readonly unit: string;
  readonly delta: string;
  readonly reason: string;
  /** state === 'regression'. */
  readonly failed: boolean;
  /** An undecided row is never within budget. */
  readonly state: 'regression' | 'undecided' | 'within budget';
  /** The row's verdict judged with the budget as its tolerance; null without a baseline cell. */
  readonly verdict: CompareVerdict | null;
  /** For undecided rows: the --count that would likely decide it. */
  readonly countNeeded: number | null;
}

/**
 * `failed` (exit 1) wins over `undecided` (exit 4, unless --allow-undecided); `nothing checked`
 * (exit 2: no budget applies to any row, so the gate decided nothing and does not pass); else
 * `passed` (exit 0).
 */
export interface GateReport {
  readonly runId: number;
  readonly passed: boolean;
  readonly status: 'passed' | 'failed' | 'undecided' | 'nothing checked';
  readonly undecided: number;
  readonly rows: readonly GateRow[];
  readonly text: string;
}

export interface HistoryPoint {
  readonly runId: number;
  readonly date: string;
  readonly refLabel: string;
  readonly sha: string;
  readonly center: number;
  readonly lo: number | null;
  readonly hi: number | null;
  readonly n: number;
}

export interface HistorySeries {
  readonly name: string;
  readonly unit: string;
  /** The -cpu value and benchtime of the series (one series per query). */
  readonly cpu: number;
  readonly benchtime: string;
  /** The build the series follows ("default build", "-tags purego", "variant v3 (goamd64=v3)"). */
  readonly build: string;
  /** Runs of the benchmark at this -cpu and benchtime built otherwise: left out of the series. */
  readonly otherBuilds: readonly { readonly build: string; readonly runIds: readonly number[] }[];
  readonly points: readonly HistoryPoint[];
}

export interface TargetStatus {
  readonly name: string;
  readonly unit: string;
  readonly target: string;
  readonly current: number | null;
  readonly lo: number | null;
  readonly hi: number | null;
  /** How far the value is from the target, in percent: negative on the target's side (below a
   * `<=` limit, above a `>=` limit, better than a relative goal), positive short of it. */
  readonly distancePct: number | null;
  readonly state: 'met' | 'unmet' | 'undecided';
  /** The row's verdict against the base (null for a baseline step or no matching row). */
  readonly verdict: CompareVerdict | null;
  /** Undecided: the -count (rounds) that would likely decide it; null when decided or unknown. */
  readonly countNeeded?: number | null;
}

/** The tests a verify step ran at its snapshot (`go test -json`, -race when asked). */
export interface StepTests {
  /** 'pending': the step's run has not reached its tests yet (or was stopped before them). */
  readonly state: 'passed' | 'failed' | 'pending';
  readonly race: boolean;
  readonly packages: readonly string[];
  /** `pkg.TestName` of each failing test (bounded). */
  readonly failed: readonly string[];
  readonly summary: string;
  readonly seconds: number | null;
}

export interface StepNote {
  readonly text: string;
  readonly createdAt: string;
}

export interface InvestigationStep {
  readonly index: number;
  /** Verify steps are attempts 1, 2...; the baseline has none. */
  readonly attempt: number | null;
  readonly runId: number;
  readonly runStatus: string;
  readonly kind: 'baseline' | 'verify';
  readonly ref: string;
  readonly createdAt: string;
  readonly targets: readonly TargetStatus[];
  /** What was measured: the snapshot id (tree hash) of the working tree; null for a commit. */
  readonly snapshot: string | null;
  /** Files the snapshot changes against its HEAD (`M\tpath`...). */
  readonly files: readonly string[];
  readonly tests: StepTests | null;
  readonly notes: readonly StepNote[];
  /** The run whose findings were the latest when the step was taken (`perflab findings RUN`); null when none. */
  readonly findingsRunId: number | null;
  readonly warnings: readonly string[];
}

export interface Investigation {
  readonly id: number;
  readonly repoId: number;
  readonly title: string;
  readonly base: string;
  readonly baseSha: string;
  readonly bench: string;
  readonly targets: readonly TargetSpecView[];
  readonly status: 'open' | 'committed';
  readonly steps: readonly InvestigationStep[];
  readonly createdAt: string;
  /** Packages the steps build (--pkg); empty: every package of the module. */
  readonly packages: readonly string[];
  readonly tests: 'on' | 'race' | 'off';
  readonly maxAttempts: number | null;
  /** Why `investigate commit` refuses now (tests failing, targets unmet...); null when it would not. */
  readonly commitBlocked: string | null;
}

/** A target: an upper limit (max), a lower limit (min, for throughput), or a relative improvement. */
export interface TargetSpecView {
  readonly name: string;
  readonly unit: string;
  readonly max?: number;
  readonly min?: number;
  readonly improvePct?: number;
}

/** `investigate commit`: the message, and with --git-commit the commit made on the user's branch. */
export interface InvestigationCommitResult {
  readonly message: CommitMessage;
  readonly commit: { readonly sha: string; readonly files: readonly string[]; readonly output: string } | null;
}

/** A named baseline: one column of a stored run that `gate --baseline NAME` compares against. */
export interface Baseline {
  readonly name: string;
  readonly runId: number;
  readonly refLabel: string;
  readonly sha: string;
  readonly createdAt: string;
  /** Where it was measured (null for imported runs). */
  readonly goVersion: string | null;
  readonly machine: string | null;
}

/** A commit with its subject line (range runs, change points). */
export interface CommitSubject {
  readonly sha: string;
  readonly subject: string;
}

/** A step in a benchmark's series: `sha` is the first commit of the new level. */
export interface ChangeRow {
  readonly bench: string;
  readonly unit: string;
  readonly sha: string;
  readonly label: string;
  readonly subject: string;
  /** New level over old in percent (+98.5 = 98.5% larger), with its interval. */
  readonly delta: number;
  readonly lo: number | null;
  readonly hi: number | null;
  /** U test p between the neighbouring levels, corrected for the number of possible splits (and, in `changes`, of series
   * examined). */
  readonly p: number;
  /** Lower is better for the unit: a step up is a regression. null when the direction is unknown. */
  readonly regression: boolean | null;
}

export interface ChangesReport {
  readonly runId: number;
  readonly alpha: number;
  readonly thresholdPct: number;
  readonly method: string;
  /** Series examined (benchmark x unit) and the columns (commits) in order. */
  readonly series: number;
  readonly columns: readonly { readonly label: string; readonly sha: string }[];
  readonly changes: readonly ChangeRow[];
}

/** Change points over a benchmark's stored history on one machine (`history NAME --changes`). */
export interface HistoryChangesReport {
  readonly name: string;
  readonly unit: string;
  readonly cpu: number;
  readonly benchtime: string;
  /** The machine of the newest run: only runs measured there are in the series. */
  readonly machine: string;
  readonly order: 'commit' | 'date';
  readonly alpha: number;
  readonly thresholdPct: number;
  /** One per commit, oldest first; samples of a commit measured in several runs are pooled. */
  readonly columns: readonly {
    readonly sha: string;
    readonly subject: string;
    readonly runIds: readonly number[];
    readonly n: number;
    readonly date: string;
  }[];
  /** Runs left out because they were measured on another machine or Go. */
  readonly excludedRuns: readonly number[];
  /** The build the series follows, and the runs of other builds (tags, variants) left out. */
  readonly build: string;
  readonly otherBuilds: readonly { readonly build: string; readonly runIds: readonly number[] }[];
  /** Columns left out because they had uncommitted changes. */
  readonly excludedDirty: number;
  readonly changes: readonly ChangeRow[];
  /**
   * `--check`: is the newest commit the first of a worse level? A step there counts only when a
   * run that measured the newest commit together with the one before it shows it too (drift
   * between runs is not noise the test models); without such a run the answer is `undecided`.
   */
  readonly check: { readonly newestSha: string | null; readonly regression: boolean; readonly undecided: boolean; readonly reason: string };
}
