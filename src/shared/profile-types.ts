// Profile data as it crosses the wire: flame data as a columnar nested set (as Grafana's
// flame graph does), top tables, sandwich views, source lines and findings. Owned by
// src/core/pprof; the renderer's Profile view draws exactly this.

export interface SampleTypeInfo { readonly type: string; readonly unit: string }

/**
 * A flame graph as a nested set in depth-first order: node i has `level[i]`, total `value[i]`,
 * `self[i]`, and `label[i]` indexing `names`. Children follow their parent. In diff mode
 * `baseValue`/`baseSelf` hold the base profile's values for the same call path.
 */
export interface FlameData {
  readonly sampleType: SampleTypeInfo;
  readonly sampleTypes: readonly SampleTypeInfo[];
  readonly total: number;
  readonly names: readonly string[];
  /** file:line of each name (same index), '' when unknown. */
  readonly files: readonly string[];
  readonly level: readonly number[];
  readonly value: readonly number[];
  readonly self: readonly number[];
  readonly label: readonly number[];
  readonly baseValue?: readonly number[];
  readonly baseSelf?: readonly number[];
  readonly baseTotal?: number;
}

export interface TopRow {
  readonly name: string;
  readonly file: string;
  readonly flat: number;
  readonly flatPct: number;
  readonly sumPct: number;
  readonly cum: number;
  readonly cumPct: number;
}

export interface TopTable {
  readonly sampleType: SampleTypeInfo;
  readonly sampleTypes: readonly SampleTypeInfo[];
  readonly total: number;
  readonly rows: readonly TopRow[];
}

export interface SandwichData {
  readonly func: string;
  readonly callers: FlameData;
  readonly callees: FlameData;
}

export interface SourceLine { readonly line: number; readonly text: string; readonly flat: number; readonly cum: number }
export interface SourceView { readonly func: string; readonly file: string; readonly lines: readonly SourceLine[]; readonly found: boolean }

export interface Finding {
  readonly category: 'cpu' | 'allocation' | 'lock contention' | 'blocking';
  readonly func: string;
  readonly location: string;
  readonly share: number;
  readonly cumShare: number;
  readonly baseShare: number | null;
  readonly benchmark: string;
  readonly refLabel: string;
}

export interface FindingsReport { readonly runId: number; readonly findings: readonly Finding[]; readonly markdown: string }
