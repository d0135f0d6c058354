// The comparison model every renderer reads (text, CSV, markdown, JSON): tables of cells, each
// with benchstat's summary and comparison and Perflab's extras (delta interval, direction, Holm,
// sample-size hint, coefficient of variation). Built once by builder.ts, then read-only.
import type { RatioInterval, SamplesHint, Summary, UTestResult } from '../stats/index.js';
import type { SampleEntry } from './stats-cache.js';

export interface CellComparison {
  /** benchstat's p (0 for exact units, which are not tested; may exceed 1 with ties). */
  readonly p: number;
  readonly n1: number;
  readonly n2: number;
  /** The threshold the test used (0 for exact units). */
  readonly alpha: number;
  /** p <= alpha: benchstat prints the delta rather than `~`. */
  readonly significant: boolean;
  readonly warnings: readonly string[];
  /** benchstat's delta text: `~`, `+1.23%`, `?`, `0.00%`. */
  readonly deltaText: string;
  /** benchstat's `p=0.000 n=10` (without parentheses). */
  readonly nText: string;
  /** new/old of the centers, or null when the old center is 0. */
  readonly ratio: number | null;
  /** Hodges-Lehmann ratio new/old with the interval inverting the U test; null when undefined. */
  readonly interval: RatioInterval | null;
  readonly direction: 'better' | 'worse' | 'same' | 'unknown';
  /** Holm-adjusted p across the rows of this column; null for exact units. */
  readonly holmP: number | null;
  /** For `~` rows: how many runs per side would let the test see the observed shift. */
  readonly hint: SamplesHint | null;
  /** The U test behind the comparison (undefined for exact units and empty sides). */
  readonly test: UTestResult | undefined;
  /** Content hashes of the two samples (keys into the prepared input's statistics cache). */
  readonly hashes: readonly [number, number];
  /** A value computed from this comparison and `key` alone, memoized with the pair's statistics
   * (so a re-projection reuses it); absent where there is no statistics cache. */
  readonly derived?: <T>(key: string, compute: () => T) => T;
}

export interface TableCell {
  /** Samples in the order they were read. */
  readonly samples: readonly number[];
  readonly summary: Summary;
  /** Warnings about the sample itself (benchmarks that vary in a residue key). */
  readonly sampleWarnings: readonly string[];
  /** Coefficient of variation (stddev/mean); NaN when undefined. */
  readonly cv: number;
  /** Null in the baseline column and where the row has no baseline cell. */
  readonly comparison: CellComparison | null;
  /** The statistics cache's entry of this sample, where a renderer keeps what it derives from the
   * sample alone (shared by every projection of the same prepared input); absent without a
   * memoizing cache (a one-shot comparison). */
  readonly memo?: SampleEntry;
}

export interface ColumnSummary {
  /** Geometric mean of the column's centers; null when undefined (a center <= 0). */
  readonly geomean: number | null;
  /** Geometric mean of the per-row ratios to the baseline; null in the baseline column or when undefined. */
  readonly ratio: number | null;
  readonly warnings: readonly string[];
}

export interface ResultTable {
  /** Values of ComparisonResult.tableFields for this table (config lines above it). */
  readonly keyValues: readonly string[];
  readonly unit: string;
  readonly assumeExact: boolean;
  /** 1: higher is better, -1: lower is better, 0: unknown. */
  readonly better: -1 | 0 | 1;
  /** Names of the column projection's fields, and each column's values for them. */
  readonly colFields: readonly string[];
  readonly cols: readonly (readonly string[])[];
  /** Row labels (benchstat's row key values joined by spaces). */
  readonly rows: readonly string[];
  /** cells[row][col]; null where a row has no result in that column. */
  readonly cells: readonly (readonly (TableCell | null)[])[];
  /** Per column, the geomean row benchstat prints when a table has more than one row. */
  readonly summary: readonly ColumnSummary[];
}

export interface ComparisonResult {
  readonly tables: readonly ResultTable[];
  /** Table projection fields, without `.unit` (e.g. the config keys: goos, goarch, pkg). */
  readonly tableFields: readonly string[];
  /** What benchstat writes to stderr while reading (syntax errors, unit metadata conflicts). */
  readonly diagnostics: readonly string[];
  readonly alpha: number;
  readonly confidence: number;
  readonly holm: boolean;
  /** The projections used, for display. */
  readonly projection: {
    readonly table: string;
    readonly row: string;
    readonly col: string;
    readonly filter: string;
    readonly ignore: string;
  };
}

/** What a comparison projects and tests: benchstat's -col/-row/-table/-filter/-ignore, -alpha,
 * -confidence, and Perflab's Holm adjustment. */
export interface CompareOptions {
  readonly col?: string;
  readonly row?: string;
  readonly table?: string;
  readonly filter?: string;
  readonly ignore?: string;
  readonly alpha: number;
  readonly confidence: number;
  readonly holm?: boolean;
}
