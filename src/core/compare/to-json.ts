// The comparison model as the wire type (src/shared/compare-types.ts) for the UI and
// `--format json`: every number (centers, bounds, samples, p, Holm p, delta interval, cv),
// benchstat's texts, and footnotes numbered per table as benchstat numbers them.
import {
  NOISY_CV,
  type CompareDelta,
  type CompareHint,
  type CompareSummary,
  type CompareTable,
  type Comparison,
} from '../../shared/compare-types.js';
import { commonScale, formatGoFloat, formatGoFloatSigned, formatScaled, scaleValue, unitClass } from '../benchunit/index.js';
import { DEFAULT_TOLERANCE_PCT, verdictOf, type SamplesHint } from '../stats/index.js';
import { formatInterval, pctRange } from './cell-text.js';
import type { CellComparison, ComparisonResult, ResultTable, TableCell } from './model.js';

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

function tableJson(t: ResultTable, o: { readonly alpha: number; readonly holm: boolean; readonly tolerancePct: number }): CompareTable {
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
  const summaryOf = (cell: TableCell, scale: ReturnType<typeof commonScale>): CompareSummary => {
    const range = pctRange(cell.summary);
    const cv = finite(cell.cv);
    return {
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
      footnotes: note(cell.sampleWarnings, cell.summary.warnings),
      notes:
        cv !== null && cv > NOISY_CV ? [`noisy: coefficient of variation ${formatGoFloat(cv * 100, 1)}% (above ${NOISY_CV * 100}%)`] : [],
    };
  };
  const better = t.better > 0 ? 'higher' : t.better < 0 ? 'lower' : 'unknown';
  const deltaOf = (c: CellComparison, exact: boolean, base: TableCell, cell: TableCell): CompareDelta => {
    const iv = c.interval;
    const ciLo = iv === null ? null : finite(iv.lo);
    const ciHi = iv === null ? null : finite(iv.hi);
    const estimate = iv === null ? null : finite(iv.estimate);
    const ratio = c.ratio === null ? null : finite(c.ratio);
    const p = exact ? null : o.holm && c.holmP !== null ? c.holmP : c.p;
    // Everything else the verdict reads follows from the pair of samples (and exact, alpha).
    const compute = () =>
      verdictOf({
        a: base.samples,
        b: cell.samples,
        unit: t.unit,
        better,
        assumeExact: exact,
        p,
        alpha: o.alpha,
        ciLo,
        ciHi,
        estimate,
        ratio,
        centers: [base.summary.center, cell.summary.center],
        tolerancePct: o.tolerancePct,
        test: c.test,
      });
    const verdict = () =>
      c.derived
        ? c.derived(`verdict\u0000${t.unit}\u0000${better}\u0000${exact}\u0000${p}\u0000${o.alpha}\u0000${o.tolerancePct}`, compute)
        : compute();
    return {
      text: c.deltaText,
      p: exact ? null : c.p,
      nText: c.nText,
      n1: c.n1,
      n2: c.n2,
      significant: c.significant,
      ratio,
      estimate,
      ciLo,
      ciHi,
      ciText: iv === null ? null : formatInterval(iv),
      direction: c.direction,
      holmP: c.holmP,
      hint: hintOf(c.hint),
      footnotes: note(c.warnings),
      verdict: verdict(),
    };
  };
  const rows = t.rows.map((name, ri) => {
    const row = t.cells[ri];
    const scale = commonScale(
      row.filter((c): c is TableCell => c !== null).map((c) => c.summary.center),
      cls,
    );
    const cells: (CompareSummary | null)[] = [];
    const deltas: (CompareDelta | null)[] = [];
    row.forEach((cell, j) => {
      cells.push(cell === null ? null : summaryOf(cell, scale));
      deltas.push(
        j === 0 || cell === null || cell.comparison === null || row[0] === null
          ? null
          : deltaOf(cell.comparison, t.assumeExact, row[0], cell),
      );
    });
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

/** The wire form of a comparison; verdicts judge `no change` against ±tolerancePct. */
export function toComparisonJson(r: ComparisonResult, o: { readonly tolerancePct?: number } = {}): Comparison {
  const tolerancePct = o.tolerancePct ?? DEFAULT_TOLERANCE_PCT;
  return {
    alpha: r.alpha,
    tolerancePct,
    confidence: r.confidence,
    by: r.projection.col,
    holm: r.holm,
    projection: r.projection,
    tables: r.tables.map((t) => ({
      ...tableJson(t, { alpha: r.alpha, holm: r.holm, tolerancePct }),
      config: r.tableFields.map((f, k) => [f, t.keyValues[k]] as const),
    })),
    warnings: r.diagnostics,
  };
}
