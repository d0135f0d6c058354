// Statistical bisect as every front end sees it: the report of one bisect (its steps, the
// first bad commit or the interval it could not split, and the evidence), built by
// src/core/workflow/bisect-*.ts and sent whole with each `bisect-update` event.
import type { LabError } from './errors.js';
import type { CommitSubject } from './workflow-types.js';

/**
 * - running: measuring;
 * - found: the first bad commit is named (exit 0);
 * - not-worse: bad is not worse than good beyond the threshold (exit 1);
 * - undecided: an interval of commits could not be split, or the regression not confirmed (exit 4);
 * - failed: could not measure (exit 3); canceled: stopped by the user;
 * - interrupted: the lab process that ran it ended mid-way (exit 3; its step runs are stored).
 */
export type BisectStatus = 'running' | 'found' | 'not-worse' | 'undecided' | 'failed' | 'canceled' | 'interrupted';

/**
 * A step's outcome. The confirmation: worse (bad is worse than good beyond the threshold) or
 * not worse; a candidate: like good or like bad; skipped (it does not build); undecided
 * (the rounds ran out); failed (the run failed otherwise); measuring while it runs.
 */
export type BisectStepState = 'measuring' | 'worse' | 'not worse' | 'like good' | 'like bad' | 'skipped' | 'undecided' | 'failed';

/** One series judged in a step (a benchmark's unit at one -cpu value and benchtime). */
export interface BisectSeriesJudgement {
  readonly bench: string;
  readonly unit: string;
  /** The candidate (or, in the confirmation, bad) over good, oriented so that > 1 is worse. */
  readonly estimate: number | null;
  readonly lo: number | null;
  readonly hi: number | null;
  /** The line the candidate is judged against (worse-oriented ratio over good): half the gap, in log terms. */
  readonly midpoint: number | null;
  readonly n: number;
  readonly state: 'worse' | 'not worse' | 'like good' | 'like bad' | 'undecided';
  readonly why: string;
}

export interface BisectStep {
  readonly index: number;
  readonly kind: 'confirm' | 'candidate';
  /** The commit measured (the confirmation: bad). */
  readonly sha: string;
  readonly subject: string;
  /** 1-based position of the commit in the range (good is 0). */
  readonly position: number;
  readonly runId: number | null;
  readonly state: BisectStepState;
  /** Rounds measured (each round runs good, the candidate and bad once, in rotating order). */
  readonly rounds: number;
  readonly series: readonly BisectSeriesJudgement[];
  /** Commits still in question after this step (the first bad lies among them). */
  readonly remaining: number;
  readonly note: string;
}

/** One row of evidence: a series compared between two commits, with the delta interval. */
export interface BisectEvidenceRow {
  readonly bench: string;
  readonly unit: string;
  readonly baseSha: string;
  readonly headSha: string;
  /** Medians of the two sides (the unit's own scale, e.g. seconds). */
  readonly base: number;
  readonly head: number;
  /** head over base in percent, with its interval at the report's confidence. */
  readonly deltaPct: number;
  readonly loPct: number | null;
  readonly hiPct: number | null;
  /** Two-sided U test. */
  readonly p: number;
  readonly nBase: number;
  readonly nHead: number;
  /** The runs the samples come from (one run: measured interleaved). */
  readonly runIds: readonly number[];
}

export interface BisectEvidence {
  readonly goodVsFirstBad: readonly BisectEvidenceRow[];
  /** The first-parent commit before the first bad one (good itself when the first bad is the first commit). */
  readonly before: CommitSubject;
  readonly beforeVsFirstBad: readonly BisectEvidenceRow[];
}

export interface BisectSettings {
  readonly bench: string;
  readonly packages: readonly string[];
  readonly unit: string;
  readonly thresholdPct: number;
  readonly alpha: number;
  readonly count: number;
  readonly maxCount: number;
  readonly benchtime: readonly string[];
  readonly cpu: readonly number[];
  readonly env: Readonly<Record<string, string>>;
}

export interface BisectReport {
  readonly id: number;
  readonly repoId: number;
  readonly repoPath: string;
  readonly status: BisectStatus;
  readonly good: CommitSubject & { readonly ref: string };
  readonly bad: CommitSubject & { readonly ref: string };
  readonly settings: BisectSettings;
  /** The first-parent commits after good up to bad, oldest first. */
  readonly commits: readonly CommitSubject[];
  /** Level each look tests at: alpha / (looks per step x planned decisions x series). */
  readonly lookAlpha: number;
  readonly firstBad: CommitSubject | null;
  /** Undecided: the commits the first bad one may be (oldest first). */
  readonly interval: readonly CommitSubject[] | null;
  readonly skipped: readonly (CommitSubject & { readonly note: string })[];
  readonly steps: readonly BisectStep[];
  readonly evidence: BisectEvidence | null;
  /** One line saying what was found, or why not. */
  readonly message: string;
  /** Commands that reproduce the finding (perflab compare of the step runs, a run of the two commits). */
  readonly reproduce: readonly string[];
  readonly error: LabError | null;
  readonly startedAt: string;
  readonly finishedAt: string | null;
}
