// One table of a comparison (one table key and unit): its rows and columns in projection order,
// every cell's summary and its comparison against the row's baseline cell, and the geomean row,
// as benchstat's table builder computes them. builder.ts projects the results into raw cells and
// hands each table here. A table is built whole (buildTable, for every renderer) or row by row
// (tableRows, for the text renderer: a row's statistics are garbage once its text is laid out,
// so a big table's statistics are never all alive at once).
import { geomean } from '../stats/index.js';
import { formatGoFloat, formatGoFloatSigned } from '../benchunit/index.js';
import type { CellComparison, ColumnSummary, CompareOptions, ResultTable, TableCell } from './model.js';
import { assumesExact, betterDirection, type PreparedInput } from './prepare.js';
import { sortKeys, type Field, type Key, type Projection } from './projection.js';
import { hashSample, pairDerived, pairHint, pairInterval, type PairEntry, type StatsCache } from './stats-cache.js';

export interface BuilderCell {
  values: number[];
  /** The residue key of the cell's results; a set only once a second one shows up. */
  residue: Key | Set<Key> | null;
  /** How many (shape, value index) pairs feed the cell (counted on the shared-samples path). */
  sources: number;
  /** On the one-shot path: the cell's values are arena[offset, offset + count), in the order
   * read, and `values` is unused until its row is built (one array of numbers per cell alive
   * for the whole comparison was most of a big comparison's memory). */
  arena: Float64Array | null;
  offset: number;
  count: number;
}

/** The cell's values, in the order read (a new array when they are in the arena). */
function cellValues(c: BuilderCell): number[] {
  const a = c.arena;
  if (a === null) return c.values;
  const out: number[] = [];
  for (let i = c.offset, end = c.offset + c.count; i < end; i++) out.push(a[i]);
  return out;
}

export interface BuilderTable {
  readonly rows: Set<Key>;
  readonly cols: Set<Key>;
  /** By row key id, then column key id (key ids are small, dense integers). */
  readonly cells: (BuilderCell | undefined)[][];
}

const NO_WARNINGS: string[] = [];

/** benchstat's "benchmarks vary in a, b" from the residue keys of one cell. */
function nonSingularWarning(residue: Key | Set<Key> | null): string | null {
  if (!(residue instanceof Set) || residue.size <= 1) return null;
  const keys = [...residue];
  const fields = keys[0].proj.flattenedFields();
  const vary: string[] = [];
  for (const f of fields) {
    const base = keys[0].get(f);
    if (keys.some((k) => k.get(f) !== base)) vary.push(f.name);
  }
  return vary.length > 0 ? 'benchmarks vary in ' + vary.join(', ') : null;
}

function hasNaN(xs: readonly number[]): boolean {
  for (let i = 0; i < xs.length; i++) if (xs[i] !== xs[i]) return true;
  return false;
}

function formatDelta(c: { readonly p: number; readonly alpha: number }, old: number, nu: number): string {
  if (c.p > c.alpha) return '~';
  if (old === nu) return '0.00%';
  if (old === 0) return '?';
  return formatGoFloatSigned((nu / old - 1) * 100, 2) + '%';
}

function nText(p: number, n1: number, n2: number): string {
  const s = p !== 0 ? `p=${formatGoFloat(p, 3)} ` : '';
  return n1 === n2 ? `${s}n=${n1}` : `${s}n=${n1}+${n2}`;
}

/** A table's header and row order, before any statistics. */
interface Frame extends Omit<ResultTable, 'cells' | 'summary'> {
  readonly rowKeys: readonly Key[];
  readonly colKeys: readonly Key[];
}

function frameOf(
  tk: Key,
  bt: BuilderTable,
  unitField: Field,
  tableFields: readonly Field[],
  colBy: Projection,
  prepared: Pick<PreparedInput, 'units'>,
): Frame {
  const unit = tk.get(unitField);
  const rowKeys = sortKeys([...bt.rows]);
  const colKeys = sortKeys([...bt.cols]);
  const colFields = colBy.flattenedFields();
  return {
    keyValues: tableFields.map((f) => tk.get(f)),
    unit,
    assumeExact: assumesExact(prepared.units, unit),
    better: betterDirection(prepared.units, unit),
    colFields: colFields.map((f) => f.name),
    cols: colKeys.map((ck) => colFields.map((f) => ck.get(f))),
    rows: rowKeys.map((rk) => rk.stringValues()),
    rowKeys,
    colKeys,
  };
}

/** Row i's cells: each summary, then each comparison against the row's first column. */
function buildRow(
  f: Frame,
  bt: BuilderTable,
  i: number,
  hashes: Int32Array,
  cache: StatsCache,
  opts: CompareOptions,
): (TableCell | null)[] {
  const byRow = bt.cells[f.rowKeys[i].id];
  const memo = cache.memoized;
  const row = f.colKeys.map((ck, j): TableCell | null => {
    const c = byRow?.[ck.id];
    if (c === undefined) return null;
    const w = nonSingularWarning(c.residue);
    let sampleWarnings: string[] = w === null ? NO_WARNINGS : [w];
    let values = cellValues(c);
    if (hasNaN(values)) {
      // benchstat would sort NaN first and print nonsense; Perflab leaves NaN out (documented).
      values = values.filter((v) => !Number.isNaN(v));
      sampleWarnings = [...sampleWarnings, 'NaN values left out'];
      if (values.length === 0) return null;
    }
    const h = hashSample(values);
    hashes[j] = h;
    const e = cache.sample(values, opts.confidence, f.assumeExact, h);
    return memo
      ? { samples: values, summary: e.summary, sampleWarnings, cv: e.cv, comparison: null, memo: e }
      : { samples: values, summary: e.summary, sampleWarnings, cv: e.cv, comparison: null };
  });
  const base = row[0];
  if (base !== null) {
    for (let j = 1; j < row.length; j++) {
      const cell = row[j];
      if (cell === null) continue;
      // Cells are fresh objects of this comparison: fill in place rather than copy.
      (cell as { comparison: CellComparison | null }).comparison = compareCells(
        cache,
        base,
        cell,
        hashes[0],
        hashes[j],
        f.assumeExact,
        opts.alpha,
      );
    }
  }
  return row;
}

/** The geomean row, from the rows' centers as they go by. */
class Geomeans {
  private nBase = 0;
  private readonly centers: number[][];
  private readonly ratios: number[][];
  private readonly badRatio: boolean[];

  constructor(private readonly nCols: number) {
    this.centers = Array.from({ length: nCols }, () => []);
    this.ratios = Array.from({ length: nCols }, () => []);
    this.badRatio = new Array<boolean>(nCols).fill(false);
  }

  add(row: readonly (TableCell | null)[]): void {
    if (row[0] !== null) this.nBase++;
    for (let j = 0; j < this.nCols; j++) {
      const cell = row[j];
      if (cell === null) continue;
      this.centers[j].push(cell.summary.center);
      if (j > 0 && row[0] !== null) {
        const a = cell.summary.center;
        const b = row[0].summary.center;
        if (a === b) this.ratios[j].push(1);
        else if (b === 0) {
          this.badRatio[j] = true;
          this.ratios[j].push(0);
        } else this.ratios[j].push(a / b);
      }
    }
  }

  finish(): ColumnSummary[] {
    return this.centers.map((centers, j) => {
      const isBase = j === 0;
      const warnings: string[] = [];
      if (!isBase && this.nBase !== this.ratios[j].length)
        warnings.push('benchmark set differs from baseline; geomeans may not be comparable');
      const gm = geomean(centers);
      if (Number.isNaN(gm)) warnings.push('summaries must be >0 to compute geomean');
      let ratio: number | null = null;
      if (!isBase && !this.badRatio[j]) {
        const gr = geomean(this.ratios[j]);
        if (Number.isNaN(gr)) warnings.push('ratios must be >0 to compute geomean');
        else ratio = gr;
      }
      return { geomean: Number.isNaN(gm) ? null : gm, ratio, warnings };
    });
  }
}

/** A table whose rows are computed when read: row(i) builds row i anew (read each once, in
 * order), and summary() is the geomean row of the rows read so far (call it after the last). */
export interface RowTable extends Omit<ResultTable, 'cells' | 'summary'> {
  row(i: number): readonly (TableCell | null)[];
  summary(): readonly ColumnSummary[];
}

type TableArgs = [
  tk: Key,
  bt: BuilderTable,
  unitField: Field,
  tableFields: readonly Field[],
  colBy: Projection,
  prepared: Pick<PreparedInput, 'cache' | 'units'>,
  opts: CompareOptions,
];

/** The table, whole. */
export function buildTable(...[tk, bt, unitField, tableFields, colBy, prepared, opts]: TableArgs): ResultTable {
  const f = frameOf(tk, bt, unitField, tableFields, colBy, prepared);
  const hashes = new Int32Array(f.colKeys.length);
  const geomeans = new Geomeans(f.colKeys.length);
  const cells = f.rows.map((_, i) => {
    const row = buildRow(f, bt, i, hashes, prepared.cache, opts);
    geomeans.add(row);
    return row;
  });
  const { rowKeys: _r, colKeys: _c, ...header } = f;
  return { ...header, cells, summary: geomeans.finish() };
}

/** The table, row by row (see RowTable). Without Holm's adjustment, which needs every row first. */
export function tableRows(...[tk, bt, unitField, tableFields, colBy, prepared, opts]: TableArgs): RowTable {
  const f = frameOf(tk, bt, unitField, tableFields, colBy, prepared);
  const hashes = new Int32Array(f.colKeys.length);
  const geomeans = new Geomeans(f.colKeys.length);
  const { rowKeys: _r, colKeys: _c, ...header } = f;
  return {
    ...header,
    row: (i) => {
      const row = buildRow(f, bt, i, hashes, prepared.cache, opts);
      geomeans.add(row);
      return row;
    },
    summary: () => geomeans.finish(),
  };
}

/** A comparison whose delta interval and hint (costlier than the test, and never shown in plain
 * text) are computed on first read, with the pair's entry in the statistics cache. */
class LazyComparison {
  direction: CellComparison['direction'] = 'unknown';
  holmP: number | null = null;
  constructor(
    readonly p: number,
    readonly n1: number,
    readonly n2: number,
    readonly alpha: number,
    public significant: boolean,
    readonly warnings: readonly string[],
    public deltaText: string,
    public nText: string,
    readonly ratio: number | null,
    private readonly hb: number,
    private readonly hc: number,
    private readonly pair: PairEntry,
  ) {}

  get hashes(): readonly [number, number] {
    return [this.hb, this.hc];
  }

  get interval(): CellComparison['interval'] {
    return pairInterval(this.pair);
  }

  get test(): CellComparison['test'] {
    return this.pair.test;
  }

  derived<T>(key: string, compute: () => T): T {
    return pairDerived(this.pair, key, compute);
  }

  get hint(): CellComparison['hint'] {
    if (this.significant) return null;
    return pairHint(this.pair);
  }
}

function compareCells(
  cache: StatsCache,
  base: TableCell,
  cell: TableCell,
  hb: number,
  hc: number,
  exact: boolean,
  alpha: number,
): CellComparison {
  const pair = cache.entry(base.samples, cell.samples, hb, hc, alpha, exact);
  const c = pair.comparison;
  // benchstat's exact comparison carries alpha 0, so its p of 0 always shows the delta.
  const a = exact ? 0 : c.alpha;
  const old = base.summary.center;
  const nu = cell.summary.center;
  const n1 = base.samples.length;
  const n2 = cell.samples.length;
  // The texts follow from the pair (a re-projection that meets it again reuses them).
  let t = pair.texts;
  if (t === undefined || t.old !== old || t.nu !== nu) {
    t = { old, nu, delta: formatDelta({ p: c.p, alpha: a }, old, nu), n: nText(c.p, n1, n2) };
    pair.texts = t;
  }
  return new LazyComparison(c.p, n1, n2, a, !(c.p > a), c.warnings, t.delta, t.n, old === 0 ? null : nu / old, hb, hc, pair);
}
