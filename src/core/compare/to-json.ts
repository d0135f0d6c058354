// The comparison model as the wire type (src/shared/compare-types.ts) for the UI and
// `--format json`: every number (centers, bounds, samples, p, Holm p, delta interval, cv),
// benchstat's texts, and footnotes numbered per table as benchstat numbers them.
import { shareJson } from './json-text.js';
import {
  NOISY_CV,
  type CompareDelta,
  type CompareHint,
  type CompareSummary,
  type CompareTable,
  type CompareVerdict,
  type Comparison,
  type RowSamples,
} from '../../shared/compare-types.js';
import { commonScale, formatGoFloat, formatGoFloatSigned, formatScaled, scaleValue, unitClass, type Scaler } from '../benchunit/index.js';
import { DEFAULT_TOLERANCE_PCT, verdictOf, type SamplesHint } from '../stats/index.js';
import { formatInterval, pctRange } from './cell-text.js';
import type { CellComparison, ComparisonResult, ResultTable, TableCell } from './model.js';

/** The cell JSON kept with a sample's statistics, and the scale it was made at. */
interface KeptSummary {
  readonly prec: number;
  readonly factor: number;
  readonly prefix: string;
  readonly json: CompareSummary;
  /** The same without its samples (an answer asked without them), made when first needed. */
  lean?: CompareSummary;
}

/** The parts of a delta's JSON that follow from its pair and the table's settings; the hint (of a
 * `~` row) and the verdict by the pair's own p are filled in when first needed. */
interface FixedDelta {
  readonly ratio: number | null;
  readonly estimate: number | null;
  readonly ciLo: number | null;
  readonly ciHi: number | null;
  readonly ciText: string | null;
  hint: CompareHint | null | undefined;
  verdict: CompareVerdict | undefined;
  /** The last delta made from it (without footnotes), and whether it was judged by Holm's p. */
  json: CompareDelta | undefined;
  jsonHolm: boolean;
}

/** Shared by every empty footnote or note list (the JSON is read-only). */
const NONE: readonly never[] = [];

function finite(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

function hintOf(h: SamplesHint | null): CompareHint | null {
  if (h === null) return null;
  switch (h.kind) {
    case 'enough-power-at':
      return { kind: h.kind, runs: h.n, text: `about ${h.n} runs per side would detect this shift (80% power)` };
    case 'within-noise':
      return { kind: h.kind, text: 'the observed shift is within the noise' };
    case 'cannot-tell':
      return { kind: h.kind, text: 'too few samples to estimate the runs needed' };
  }
}

interface TableJsonOptions {
  readonly alpha: number;
  readonly holm: boolean;
  readonly tolerancePct: number;
  /** false: every cell's samples are left out (`[]`; Comparison.samplesOmitted). */
  readonly samples: boolean;
}

function tableJson(t: ResultTable, o: TableJsonOptions): CompareTable {
  const footnotes: { id: number; text: string }[] = [];
  const ids = new Map<string, number>();
  const note = (...lists: (readonly string[])[]): number[] => {
    const out: number[] = [];
    for (const l of lists)
      for (const m of l) {
        let id = ids.get(m);
        if (id === undefined) {
          id = footnotes.length + 1;
          ids.set(m, id);
          footnotes.push({ id, text: m });
        }
        out.push(id);
      }
    return out;
  };
  const cls = unitClass(t.unit);
  const summaryOf = (cell: TableCell, scale: Scaler): CompareSummary => {
    // A cell without footnotes is its sample's JSON at the row's scale: kept with the sample's
    // statistics (cell.memo), a re-projection that shows the sample at that scale reuses it.
    const memo = cell.sampleWarnings.length === 0 && cell.summary.warnings.length === 0 ? cell.memo : undefined;
    const kept = memo?.json as KeptSummary | undefined;
    if (kept !== undefined && kept.prec === scale.prec && kept.factor === scale.factor && kept.prefix === scale.prefix)
      return o.samples ? kept.json : (kept.lean ??= shareJson({ ...kept.json, samples: NONE }));
    const range = pctRange(cell.summary);
    const cv = finite(cell.cv);
    const json: CompareSummary = {
      center: cell.summary.center,
      lo: finite(cell.summary.lo),
      hi: finite(cell.summary.hi),
      confidence: cell.summary.confidence,
      n: cell.summary.n,
      samples: cell.samples,
      cv,
      noisy: cv !== null && cv > NOISY_CV,
      text: `${formatScaled(scale, cell.summary.center)} ± ${range}`,
      range,
      footnotes: memo !== undefined ? NONE : note(cell.sampleWarnings, cell.summary.warnings),
      notes:
        cv !== null && cv > NOISY_CV ? [`noisy: coefficient of variation ${formatGoFloat(cv * 100, 1)}% (above ${NOISY_CV * 100}%)`] : NONE,
    };
    if (memo === undefined) return o.samples ? json : { ...json, samples: NONE };
    const made: KeptSummary = { prec: scale.prec, factor: scale.factor, prefix: scale.prefix, json: shareJson(json) };
    memo.json = made;
    return o.samples ? json : (made.lean = shareJson({ ...json, samples: NONE }));
  };
  const better = t.better > 0 ? 'higher' : t.better < 0 ? 'lower' : 'unknown';
  // What a delta's JSON takes from its pair of samples and this table's settings alone, kept
  // with the pair (c.derived) under one key per table: a re-projection reuses it.
  const fixedKey = `json\u0000${t.unit}\u0000${better}\u0000${t.assumeExact}\u0000${o.alpha}\u0000${o.tolerancePct}`;
  // The delta being built: the memoized computations below read it (no closures per row).
  const cur = {} as { c: CellComparison; exact: boolean; base: TableCell; cell: TableCell; p: number | null; f: FixedDelta };
  const fixedOf = (): FixedDelta => {
    const iv = cur.c.interval;
    const ratio = cur.c.ratio;
    return {
      ratio: ratio === null ? null : finite(ratio),
      estimate: iv === null ? null : finite(iv.estimate),
      ciLo: iv === null ? null : finite(iv.lo),
      ciHi: iv === null ? null : finite(iv.hi),
      ciText: iv === null ? null : formatInterval(iv),
      hint: undefined,
      verdict: undefined,
      json: undefined,
      jsonHolm: false,
    };
  };
  // Everything else the verdict reads follows from the pair of samples (and exact, alpha).
  const verdictNow = (): CompareVerdict =>
    verdictOf({
      a: cur.base.samples,
      b: cur.cell.samples,
      unit: t.unit,
      better,
      assumeExact: cur.exact,
      p: cur.p,
      alpha: o.alpha,
      ciLo: cur.f.ciLo,
      ciHi: cur.f.ciHi,
      estimate: cur.f.estimate,
      ratio: cur.f.ratio,
      centers: [cur.base.summary.center, cur.cell.summary.center],
      tolerancePct: o.tolerancePct,
      test: cur.c.test,
    });
  const deltaOf = (c: CellComparison, exact: boolean, base: TableCell, cell: TableCell): CompareDelta => {
    cur.c = c;
    cur.exact = exact;
    cur.base = base;
    cur.cell = cell;
    const f = c.derived ? c.derived(fixedKey, fixedOf) : fixedOf();
    const kept = f.json;
    // The whole delta again when this projection leaves its column's Holm p (and so its texts
    // and verdict) as they were; footnote ids are per table, so only a delta without any.
    if (
      kept !== undefined &&
      f.jsonHolm === o.holm &&
      kept.holmP === c.holmP &&
      kept.significant === c.significant &&
      kept.direction === c.direction &&
      kept.text === c.deltaText &&
      kept.nText === c.nText
    )
      return kept;
    const p = exact ? null : o.holm && c.holmP !== null ? c.holmP : c.p;
    cur.p = p;
    cur.f = f;
    let verdict: CompareVerdict;
    if (p === (exact ? null : c.p)) verdict = f.verdict ??= verdictNow();
    else verdict = c.derived ? c.derived(`verdict\u0000${fixedKey}\u0000${p}`, verdictNow) : verdictNow();
    let hint: CompareHint | null = null;
    if (!c.significant) hint = f.hint !== undefined ? f.hint : (f.hint = hintOf(c.hint));
    const json: CompareDelta = {
      text: c.deltaText,
      p: exact ? null : c.p,
      nText: c.nText,
      n1: c.n1,
      n2: c.n2,
      significant: c.significant,
      ratio: f.ratio,
      estimate: f.estimate,
      ciLo: f.ciLo,
      ciHi: f.ciHi,
      ciText: f.ciText,
      direction: c.direction,
      holmP: c.holmP,
      hint,
      footnotes: c.warnings.length === 0 ? NONE : note(c.warnings),
      verdict,
    };
    if (c.warnings.length === 0 && c.derived) {
      f.json = shareJson(json);
      f.jsonHolm = o.holm;
    }
    return json;
  };
  const centers: number[] = [];
  const rows = t.rows.map((name, ri) => {
    const row = t.cells[ri];
    centers.length = 0;
    for (const c of row) if (c !== null) centers.push(c.summary.center);
    const scale = commonScale(centers, cls);
    const cells = new Array<CompareSummary | null>(row.length);
    const deltas = new Array<CompareDelta | null>(row.length);
    for (let j = 0; j < row.length; j++) {
      const cell = row[j];
      cells[j] = cell === null ? null : summaryOf(cell, scale);
      deltas[j] =
        j === 0 || cell === null || cell.comparison === null || row[0] === null
          ? null
          : deltaOf(cell.comparison, t.assumeExact, row[0], cell);
    }
    return { name, cells, deltas };
  });
  const geomean =
    t.rows.length > 1
      ? {
          values: t.summary.map((s) => s.geomean),
          texts: t.summary.map((s) => (s.geomean === null ? null : scaleValue(s.geomean, cls))),
          ratios: t.summary.map((s) => s.ratio),
          deltaTexts: t.summary.map((s, j) =>
            j === 0 ? null : s.ratio !== null ? formatGoFloatSigned((s.ratio - 1) * 100, 2) + '%' : '?',
          ),
          footnotes: t.summary.map((s) => note(s.warnings)),
        }
      : null;
  return {
    unit: t.unit,
    config: [],
    columns: t.cols.map((c) => c.filter((v) => v !== '').join(' ')),
    columnFields: t.colFields,
    columnKeys: t.cols,
    better,
    assumeExact: t.assumeExact,
    rows,
    geomean,
    footnotes,
  };
}

/** The wire form of a comparison; verdicts judge `no change` against ±tolerancePct. With
 * `samples: false` every cell's samples are left out (rowSamples gives one row's). */
export function toComparisonJson(r: ComparisonResult, o: { readonly tolerancePct?: number; readonly samples?: boolean } = {}): Comparison {
  const tolerancePct = o.tolerancePct ?? DEFAULT_TOLERANCE_PCT;
  const samples = o.samples ?? true;
  return {
    alpha: r.alpha,
    tolerancePct,
    confidence: r.confidence,
    by: r.projection.col,
    holm: r.holm,
    projection: r.projection,
    tables: r.tables.map((t) => ({
      ...tableJson(t, { alpha: r.alpha, holm: r.holm, tolerancePct, samples }),
      config: r.tableFields.map((f, k) => [f, t.keyValues[k]] as const),
    })),
    warnings: r.diagnostics,
    ...(samples ? {} : { samplesOmitted: true as const }),
  };
}

/** One row's samples per column (in the table's unit, in the order read; [] where the row has no
 * cell), for an answer that left them out. Null when the comparison has no such table or row. */
export function rowSamples(r: ComparisonResult, tableIndex: number, row: string): RowSamples | null {
  const t = r.tables[tableIndex];
  const ri = t ? t.rows.indexOf(row) : -1;
  if (!t || ri < 0) return null;
  return {
    columns: t.cols.map((c) => c.filter((v) => v !== '').join(' ')),
    samples: t.cells[ri].map((c) => (c === null ? [] : c.samples)),
  };
}
