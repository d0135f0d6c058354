// Output of the comparison engine (src/core/compare) as it crosses the wire and --format json.
// Owned by the comparison module; the renderer's Compare view draws exactly this. Numbers are in
// the table's unit (tidied: sec/op, B/s...), unscaled; `text` fields are what benchstat prints.
// Infinite or undefined numbers are null (JSON has no Infinity or NaN).

export interface CompareSummary {
  /** Center (median, or mode for exact units). */
  readonly center: number;
  /** Confidence interval bounds; null for an infinite bound. */
  readonly lo: number | null;
  readonly hi: number | null;
  /** Coverage the interval actually achieves (>= the level asked for). */
  readonly confidence: number;
  readonly n: number;
  /** Every sample of the cell, in the order read; [] in an answer asked without samples
   * (Comparison.samplesOmitted: the `compareSamples` method gives a row's). */
  readonly samples: readonly number[];
  /** Coefficient of variation (stddev / mean), a noise figure; null when undefined. */
  readonly cv: number | null;
  /** cv above NOISY_CV. */
  readonly noisy: boolean;
  /** The cell as benchstat prints it, scaled for its row: `1.718µ ± 1%`. */
  readonly text: string;
  /** benchstat's range text alone: `1%`, `∞`, `?`. */
  readonly range: string;
  /** Footnote ids (CompareTable.footnotes) benchstat attaches to this cell. */
  readonly footnotes: readonly number[];
  /** Perflab's own notes about the cell (high noise). */
  readonly notes: readonly string[];
}

export type CompareHint =
  | { readonly kind: 'enough-power-at'; readonly runs: number; readonly text: string }
  | { readonly kind: 'within-noise'; readonly text: string }
  | { readonly kind: 'cannot-tell'; readonly text: string };

/** A row's verdict (src/core/stats/verdict.ts; docs/statistics.md "Verdicts"). `faster` and
 * `slower` follow the unit's direction (faster = better: less time, memory or allocations, more
 * throughput); `changed` is a certain change in a unit with no known direction. */
export type VerdictState = 'faster' | 'slower' | 'changed' | 'no change' | 'undecided';
/** `samples tied`: the sizes alone would let the U test reach alpha, but most samples share one
 * value (sporadic 5 B/op among zeros), so it cannot; `tie` says which value and how many. */
export type UndecidedReason = 'n too small for alpha' | 'samples tied' | 'interval too wide for the tolerance';

export interface CompareVerdict {
  readonly state: VerdictState;
  /** Decided by the samples alone: an integer-valued unit (allocs/op, B/op, counts) with >= 2
   * samples per side, each side constant; or a benchstat `assume=exact` unit. */
  readonly exact: boolean;
  /** Why an undecided row is undecided; null otherwise. */
  readonly reason: UndecidedReason | null;
  /** The level the row was judged at. */
  readonly alpha: number;
  /** With reason `samples tied`: the value most samples share, how many of all the samples do,
   * and whether the baseline's center is 0 (no percentage change can then be bounded). */
  readonly tie?: { readonly value: number; readonly count: number; readonly total: number; readonly zeroBase: boolean };
  /** The smallest p the exact U test can reach at these sample sizes and ties; null when not tested. */
  readonly minP: number | null;
  /** `no change` needs the delta interval inside ±tolerancePct. */
  readonly tolerancePct: number;
  /** Smallest change (percent) the observed spread lets the test reveal (80% power); null when
   * none can be (minP > alpha) or not tested. A planning figure. */
  readonly detectablePct: number | null;
  /** The --count that would likely decide an undecided row; null when decided or above 1000. */
  readonly countNeeded: number | null;
  /** Pooled coefficient of variation of the two sides; null when undefined. */
  readonly cv: number | null;
  /** One line for people (the UI's tooltip, the gate's text). */
  readonly text: string;
}

export interface CompareDelta {
  /** benchstat's delta text: `~`, `+1.23%`, `?`, `0.00%`. */
  readonly text: string;
  /** benchstat's p (may exceed 1 with ties); null for exact units (not tested). */
  readonly p: number | null;
  /** `p=0.000 n=10` as benchstat prints it. */
  readonly nText: string;
  readonly n1: number;
  readonly n2: number;
  /** The verdict shown: by p, or by holmP when the comparison used --holm. */
  readonly significant: boolean;
  /** new/old of the centers; null when the old center is 0. */
  readonly ratio: number | null;
  /** Hodges-Lehmann ratio estimate and its interval (ratios: 0.9 = -10%); null when undefined. */
  readonly estimate: number | null;
  readonly ciLo: number | null;
  readonly ciHi: number | null;
  /** `[-18.0%, -16.4%]`, or null. */
  readonly ciText: string | null;
  readonly direction: 'better' | 'worse' | 'same' | 'unknown';
  /** Holm-adjusted p across the rows of this column. */
  readonly holmP: number | null;
  /** For `~` rows: how many runs per side would settle it. */
  readonly hint: CompareHint | null;
  readonly footnotes: readonly number[];
  /** Perflab's verdict on the row (never shown in benchstat-parity text). */
  readonly verdict: CompareVerdict;
}

export interface CompareRow {
  readonly name: string;
  /** Aligned with CompareTable.columns. */
  readonly cells: readonly (CompareSummary | null)[];
  /** Aligned with columns; index 0 (the baseline) is always null. */
  readonly deltas: readonly (CompareDelta | null)[];
}

export interface CompareGeomean {
  /** Geomean of each column's centers; null when undefined. */
  readonly values: readonly (number | null)[];
  readonly texts: readonly (string | null)[];
  /** Geomean of the per-row ratios to the baseline; index 0 null. */
  readonly ratios: readonly (number | null)[];
  readonly deltaTexts: readonly (string | null)[];
  readonly footnotes: readonly (readonly number[])[];
}

export interface CompareTable {
  readonly unit: string;
  /** Table key (config lines above the table), field name and value. */
  readonly config: readonly (readonly [string, string])[];
  /** Column labels (the column key's values joined by spaces). */
  readonly columns: readonly string[];
  /** The column projection's fields and each column's values for them. */
  readonly columnFields: readonly string[];
  readonly columnKeys: readonly (readonly string[])[];
  readonly better: 'higher' | 'lower' | 'unknown';
  readonly assumeExact: boolean;
  readonly rows: readonly CompareRow[];
  /** benchstat prints the geomean row only when the table has more than one row. */
  readonly geomean: CompareGeomean | null;
  readonly footnotes: readonly { readonly id: number; readonly text: string }[];
}

export interface Comparison {
  readonly alpha: number;
  /** The tolerance (percent) of the verdicts' `no change`. */
  readonly tolerancePct: number;
  readonly confidence: number;
  /** The column projection (`.file`, `ref`, `/gomaxprocs`...). */
  readonly by: string;
  readonly holm: boolean;
  readonly projection: {
    readonly table: string;
    readonly row: string;
    readonly col: string;
    readonly filter: string;
    readonly ignore: string;
  };
  readonly tables: readonly CompareTable[];
  /** Reading diagnostics (benchstat's stderr): `file:line: message`. */
  readonly warnings: readonly string[];
  /** Said above the table when columns pool samples across runs (`--by ref` over several runs). */
  readonly pooling?: string;
  /** Present when the answer was asked without samples (`samples: false`): every cell's
   * `samples` is empty; `n` still counts them. */
  readonly samplesOmitted?: true;
}

/** Counts for a table's summary line (src/shared/compare-view.ts). */
export interface CompareCounts {
  readonly rows: number;
  readonly significant: number;
  readonly better: number;
  readonly worse: number;
  /** Rows with an undecided verdict in some column. */
  readonly undecided: number;
}

/** One table as the Compare view shows it (`compareView`): the table without its rows, the names
 * of the rows it shows in the order shown, and a window of those rows (`compareViewRows` gives
 * others as the table scrolls). Rows carry no samples (`compareSamples` gives an opened row's). */
export interface CompareViewTable extends Omit<CompareTable, 'rows'> {
  /** Index of the table in the whole comparison (every unit's tables). */
  readonly index: number;
  /** The configuration entries that tell this table from the others. */
  readonly distinct: readonly (readonly [string, string])[];
  /** Over every row of the table (not only those shown). */
  readonly counts: CompareCounts;
  /** Names of the rows shown, in order (the geomean row is not among them). */
  readonly names: readonly string[];
  /** Whether the geomean row shows under the rows. */
  readonly showGeomean: boolean;
  /** rows[i] is the row named names[offset + i]. */
  readonly offset: number;
  readonly rows: readonly CompareRow[];
}

/** The Compare view of a comparison: the header of Comparison, the units (one tab each), and
 * the tables of one unit (the one asked for, else the first). */
export interface CompareView extends Omit<Comparison, 'tables' | 'samplesOmitted'> {
  readonly units: readonly string[];
  /** null when there are no tables. */
  readonly unit: string | null;
  /** The configuration shared by every table of every unit. */
  readonly shared: readonly (readonly [string, string])[];
  readonly tables: readonly CompareViewTable[];
}

/** A window of a view table's rows (`compareViewRows`). */
export interface CompareViewRows {
  readonly tableIndex: number;
  /** The number of rows the table shows. */
  readonly total: number;
  readonly offset: number;
  readonly rows: readonly CompareRow[];
}

/** One row's samples per column (`compareSamples`), aligned with CompareTable.columns. */
export interface RowSamples {
  readonly columns: readonly string[];
  /** In the table's unit, in the order read; [] where the row has no cell in a column. */
  readonly samples: readonly (readonly number[])[];
}

/** Coefficient of variation above which a cell is flagged as noisy. */
export const NOISY_CV = 0.05;
