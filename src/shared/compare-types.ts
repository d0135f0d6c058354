// Output of the comparison engine (src/core/compare) as it crosses the wire and --format json.
// Owned by the comparison module; the renderer's Compare view draws exactly this.

export interface CompareSummary {
  /** Center (median, or mode for exact units), in the table's unit (tidied, unscaled). */
  readonly center: number;
  /** Confidence interval bounds; null for an infinite bound. */
  readonly lo: number | null;
  readonly hi: number | null;
  readonly n: number;
  /** Every sample of the cell, in the order measured. */
  readonly samples: readonly number[];
  /** Coefficient of variation (stddev / mean), a noise figure. */
  readonly cv: number;
  /** The cell as benchstat prints it, e.g. `1.718µ ± 1%`. */
  readonly text: string;
  readonly footnotes: readonly number[];
}

export interface CompareDelta {
  /** benchstat's delta text: `~`, `+1.23%`, `?`, `0.00%`. */
  readonly text: string;
  readonly p: number | null;
  readonly nText: string;
  readonly significant: boolean;
  /** new/old of the centers; null when undefined. */
  readonly ratio: number | null;
  /** Hodges-Lehmann ratio estimate and its confidence interval (as ratios, 0.9 = -10%). */
  readonly estimate: number | null;
  readonly ciLo: number | null;
  readonly ciHi: number | null;
  readonly direction: 'better' | 'worse' | 'same' | 'unknown';
  readonly holmP: number | null;
  readonly hint: string | null;
  readonly footnotes: readonly number[];
}

export interface CompareRow {
  readonly name: string;
  readonly cells: readonly (CompareSummary | null)[];
  /** Aligned with columns; index 0 (the baseline) is always null. */
  readonly deltas: readonly (CompareDelta | null)[];
}

export interface CompareTable {
  readonly unit: string;
  readonly config: readonly (readonly [string, string])[];
  readonly columns: readonly string[];
  readonly rows: readonly CompareRow[];
  readonly geomean: CompareRow | null;
  readonly footnotes: readonly { readonly id: number; readonly text: string }[];
}

export interface Comparison {
  readonly alpha: number;
  readonly confidence: number;
  readonly by: string;
  readonly tables: readonly CompareTable[];
  readonly warnings: readonly string[];
}
