// The perf workflow's outputs: commit messages, gate reports, per-benchmark history and
// investigations. Owned by src/core/export and the workflow modules.

export interface CommitMessage { readonly subject: string; readonly body: string; readonly text: string; readonly format: 'text' | 'markdown' }

export interface GateRow {
  readonly name: string;
  readonly unit: string;
  readonly delta: string;
  readonly reason: string;
  readonly failed: boolean;
}

export interface GateReport { readonly runId: number; readonly passed: boolean; readonly rows: readonly GateRow[]; readonly text: string }

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
  readonly points: readonly HistoryPoint[];
}

export interface TargetStatus {
  readonly name: string;
  readonly unit: string;
  readonly target: string;
  readonly current: number | null;
  readonly lo: number | null;
  readonly hi: number | null;
  readonly distancePct: number | null;
  readonly state: 'met' | 'unmet' | 'undecided';
}

export interface InvestigationStep {
  readonly index: number;
  readonly runId: number;
  readonly runStatus: string;
  readonly kind: 'baseline' | 'verify';
  readonly ref: string;
  readonly createdAt: string;
  readonly targets: readonly TargetStatus[];
}

export interface Investigation {
  readonly id: number;
  readonly repoId: number;
  readonly title: string;
  readonly base: string;
  readonly baseSha: string;
  readonly bench: string;
  readonly targets: readonly { readonly name: string; readonly unit: string; readonly max?: number; readonly improvePct?: number }[];
  readonly status: 'open' | 'committed';
  readonly steps: readonly InvestigationStep[];
  readonly createdAt: string;
}
