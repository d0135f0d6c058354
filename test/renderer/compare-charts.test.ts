// The Compare view's row model (only significant, sort by delta, colour classes, CI/p/n text,
// footnotes) and the ECharts options built from view models, checked as plain objects.
import { describe, expect, it } from 'vitest';
import type { CompareDelta, CompareRow, CompareSummary, CompareTable } from '../../src/shared/compare-types.js';
import {
  benchmarkOfRow,
  deltaCiText,
  deltaClass,
  deltaStrength,
  footnoteText,
  pnText,
  tablesOfUnit,
  verdictBadge,
} from '../../src/renderer/src/model/compare-model.js';
import { distinctConfig, sharedConfig, showsGeomean, shownRows, tableCounts, unitsOf } from '../../src/shared/compare-view.js';
import {
  boxStats,
  distributionOption,
  historyOption,
  jitter,
  LIGHT_CHART,
  stepsOption,
  targetSeries,
} from '../../src/renderer/src/model/chart-options.js';
import type { Investigation } from '../../src/shared/workflow-types.js';

function cell(center: number, samples: number[] = [center]): CompareSummary {
  return {
    center,
    lo: center * 0.99,
    hi: center * 1.01,
    confidence: 0.95,
    n: samples.length,
    samples,
    cv: 0.01,
    noisy: false,
    text: `${center}`,
    range: '1%',
    footnotes: [],
    notes: [],
  };
}

function delta(ratio: number | null, significant: boolean, direction: CompareDelta['direction'], footnotes: number[] = []): CompareDelta {
  return {
    text: significant && ratio !== null ? `${((ratio - 1) * 100).toFixed(2)}%` : '~',
    p: significant ? 0.008 : 0.4,
    nText: 'n=5',
    n1: 5,
    n2: 5,
    significant,
    ratio,
    estimate: ratio,
    ciLo: ratio === null ? null : ratio - 0.02,
    ciHi: ratio === null ? null : ratio + 0.02,
    ciText: null,
    direction,
    holmP: null,
    hint: null,
    footnotes,
    verdict: {
      state: significant ? (direction === 'better' ? 'faster' : 'slower') : 'undecided',
      exact: false,
      reason: significant ? null : 'interval too wide for the tolerance',
      alpha: 0.05,
      minP: 0.008,
      tolerancePct: 2,
      detectablePct: 4,
      countNeeded: significant ? null : 12,
      cv: 0.01,
      text: significant ? 'decided' : 'undecided: interval too wide for the tolerance; measure with --count 12',
    },
  };
}

function row(name: string, ratio: number | null, significant: boolean, direction: CompareDelta['direction']): CompareRow {
  return { name, cells: [cell(10), cell(10 * (ratio ?? 1))], deltas: [null, delta(ratio, significant, direction)] };
}

const TABLE: CompareTable = {
  unit: 'sec/op',
  config: [['pkg', 'example.com/basic/parse']],
  columns: ['main', 'WORKTREE'],
  columnFields: ['ref'],
  columnKeys: [['main'], ['WORKTREE']],
  better: 'lower',
  assumeExact: false,
  rows: [
    row('Fields/size=4', 0.8, true, 'better'),
    row('Sum-2', 1.5, true, 'worse'),
    row('Join', 1.01, false, 'same'),
    row('Custom', null, false, 'unknown'),
  ],
  geomean: { values: [10, 10.5], texts: ['10.00', '10.50'], ratios: [null, 1.05], deltaTexts: [null, '+5.00%'], footnotes: [[], []] },
  footnotes: [{ id: 1, text: 'need >= 6 samples for confidence interval at level 0.95' }],
};

describe('compare rows', () => {
  it('keeps the engine order with the geomean last, or sorts by delta', () => {
    const names = (s: Parameters<typeof shownRows>[1]) => [
      ...shownRows(TABLE, s).map((r) => r.name),
      ...(showsGeomean(TABLE, s) ? ['geomean'] : []),
    ];
    expect(names({ onlySignificant: false, sort: 'name' })).toEqual(['Fields/size=4', 'Sum-2', 'Join', 'Custom', 'geomean']);
    expect(names({ onlySignificant: false, sort: 'delta' })).toEqual(['Fields/size=4', 'Join', 'Sum-2', 'Custom', 'geomean']);
    expect(names({ onlySignificant: false, sort: '-delta' })).toEqual(['Sum-2', 'Join', 'Fields/size=4', 'Custom', 'geomean']);
    expect(names({ onlySignificant: false, sort: 'abs' })).toEqual(['Sum-2', 'Fields/size=4', 'Join', 'Custom', 'geomean']);
    expect(names({ onlySignificant: true, sort: 'name' })).toEqual(['Fields/size=4', 'Sum-2']);
    // the delta column that sorts: the first column has no delta, so nothing moves
    expect(names({ onlySignificant: false, sort: 'abs', deltaColumn: 0 })).toEqual(['Fields/size=4', 'Sum-2', 'Join', 'Custom', 'geomean']);
    // the table itself is not reordered
    expect(TABLE.rows.map((r) => r.name)).toEqual(['Fields/size=4', 'Sum-2', 'Join', 'Custom']);
  });

  it('colours by direction only when significant, stronger for larger changes', () => {
    expect(TABLE.rows.map((r) => deltaClass(r.deltas[1]))).toEqual(['better', 'worse', 'insignificant', 'unknown']);
    // the verdict badge: undecided stands apart and names the count; its tooltip says why
    expect(TABLE.rows.map((r) => verdictBadge(r.deltas[1])?.label)).toEqual(['faster', 'slower', 'undecided · n≥12', 'undecided · n≥12']);
    expect(verdictBadge(TABLE.rows[2].deltas[1])).toMatchObject({
      cls: 'verdict-undecided',
      title: 'undecided: interval too wide for the tolerance; measure with --count 12',
    });
    expect(verdictBadge(null)).toBeNull();
    // 0 B/op but for one sporadic sample: no count decides it, and the badge says why
    const tied = delta(null, false, 'unknown');
    const tiedVerdict = {
      ...tied.verdict,
      reason: 'samples tied' as const,
      countNeeded: null,
      text: 'undecided: 11 of 12 samples are tied at 0, ...',
    };
    expect(verdictBadge({ ...tied, verdict: tiedVerdict })).toMatchObject({ label: 'undecided · tied', title: tiedVerdict.text });
    expect(deltaStrength(TABLE.rows[2].deltas[1])).toBe(0);
    expect(deltaStrength(TABLE.rows[1].deltas[1])).toBeGreaterThan(deltaStrength(TABLE.rows[0].deltas[1]));
    expect(tableCounts(TABLE)).toEqual({ rows: 4, significant: 2, better: 1, worse: 1, undecided: 2 });
  });

  it('writes CI, p and n, and footnotes', () => {
    const d = TABLE.rows[0].deltas[1];
    expect(deltaCiText(d)).toBe('[-22.0%, -18.0%]');
    expect(deltaCiText(d && { ...d, ciText: '[-1%, +2%]' })).toBe('[-1%, +2%]');
    expect(pnText(d)).toBe('p=0.008 n=5');
    expect(pnText(d && { ...d, nText: 'p=0.000 n=10' })).toBe('p=0.000 n=10');
    expect(footnoteText(TABLE, [1])).toBe('(1) need >= 6 samples for confidence interval at level 0.95');
    expect(benchmarkOfRow('Fields/size=4')).toBe('BenchmarkFields');
    expect(benchmarkOfRow('Sum-2')).toBe('BenchmarkSum');
  });
});

describe('units and tables', () => {
  it('gives one tab per unit and tells same-unit tables apart by the config that differs', () => {
    const other = { ...TABLE, config: [['pkg', 'example.com/basic/encode']] as [string, string][] };
    const bytes = { ...TABLE, unit: 'B/op' };
    const c = {
      alpha: 0.05,
      tolerancePct: 2,
      confidence: 0.95,
      by: 'ref',
      holm: false,
      projection: { table: '', row: '', col: '', filter: '', ignore: '' },
      tables: [TABLE, other, bytes],
      warnings: [],
    };
    expect(unitsOf(c)).toEqual(['sec/op', 'B/op']);
    expect(tablesOfUnit(c, 'sec/op').map((x) => x.index)).toEqual([0, 1]);
    expect(distinctConfig(c, other)).toEqual([['pkg', 'example.com/basic/encode']]);
    expect(sharedConfig({ ...c, tables: [TABLE, bytes] })).toEqual([['pkg', 'example.com/basic/parse']]);
  });
});

describe('chart options', () => {
  it('computes box numbers and a stable jitter', () => {
    expect(boxStats([5, 1, 3, 2, 4])).toEqual([1, 2, 3, 4, 5]);
    expect(boxStats([])).toBeNull();
    expect(jitter(3)).toBe(jitter(3));
    expect(Math.abs(jitter(10))).toBeLessThan(0.5);
  });

  it('draws a box and every sample per column', () => {
    const o = distributionOption({ title: 'Sum', unit: 'sec/op', columns: ['main', 'new'], samples: [[1, 2, 3], [4]] }, LIGHT_CHART);
    expect(o.series[0].data).toEqual([
      [0, 1, 1.5, 2, 2.5, 3],
      [1, 4, 4, 4, 4, 4],
    ]);
    expect(o.series[1].data).toHaveLength(4);
    expect(o.xAxis.axisLabel.formatter(1)).toBe('new');
    expect(o.yAxis.axisLabel.formatter(2e-6)).toBe('2.000µ');
  });

  it('draws a history line with its interval as a band', () => {
    const h = {
      name: 'BenchmarkSum',
      unit: 'sec/op',
      cpu: 2,
      benchtime: '1s',
      build: 'default build',
      otherBuilds: [],
      points: [
        { runId: 1, date: '2026-01-01T00:00:00Z', refLabel: 'main', sha: 'a'.repeat(40), center: 10, lo: 9, hi: 12, n: 5 },
        { runId: 2, date: '2026-01-02T00:00:00Z', refLabel: 'main', sha: 'b'.repeat(40), center: 8, lo: null, hi: null, n: 1 },
      ],
    };
    const o = historyOption(h, LIGHT_CHART, 'commit');
    expect(o.xAxis.data).toEqual(['aaaaaaa', 'bbbbbbb']);
    expect(o.series.map((s) => s.data)).toEqual([
      [9, 8],
      [3, 0],
      [10, 8],
    ]);
  });

  it('draws a run with several refs as one category with a line per ref', () => {
    const pt = (runId: number, refLabel: string, date: string) => ({
      runId,
      date,
      refLabel,
      sha: 'c'.repeat(40),
      center: 1,
      lo: null,
      hi: null,
      n: 1,
    });
    const h = {
      name: 'BenchmarkSum',
      unit: 'sec/op',
      cpu: 2,
      benchtime: '1s',
      build: 'default build',
      otherBuilds: [],
      points: [pt(1, 'main', '2026-01-01T00:00:00Z'), pt(2, 'nopgo', '2026-01-02T00:00:00Z'), pt(2, 'pgo', '2026-01-02T00:00:00Z')],
    };
    const o = historyOption(h, LIGHT_CHART, 'date');
    const labels = o.xAxis.data as string[];
    // One category per run, all in one style; one line per ref, not one zig-zag through both.
    expect(labels).toHaveLength(2);
    for (const l of labels) expect(l).toMatch(/^#\d+ \d{4}-\d\d-\d\d \d\d:\d\d$/);
    const lines = o.series.filter((x) => !/ (lo|CI)$/.test(x.name));
    expect(lines.map((x) => x.name)).toEqual(['main', 'nopgo', 'pgo']);
    expect(lines.map((x) => x.data)).toEqual([
      [1, null],
      [null, 1],
      [null, 1],
    ]);
    // a range run's columns are labelled by full SHAs: lines and legend show 12 digits
    const sha = (d: string) => d.repeat(40);
    const range = historyOption(
      { ...h, points: [pt(3, sha('d'), '2026-01-03T00:00:00Z'), pt(3, sha('e'), '2026-01-03T00:00:00Z')] },
      LIGHT_CHART,
      'date',
    );
    expect(range.series.filter((x) => !/ (lo|CI)$/.test(x.name)).map((x) => x.name)).toEqual([
      sha('d').slice(0, 12),
      sha('e').slice(0, 12),
    ]);
    expect(range.legend?.data).toEqual([sha('d').slice(0, 12), sha('e').slice(0, 12)]);
  });

  it('follows each target across investigation steps', () => {
    const noExtras = { snapshot: null, files: [], tests: null, notes: [], findingsRunId: null, warnings: [] };
    const t = (distancePct: number | null, state: 'met' | 'unmet' | 'undecided') => ({
      name: 'BenchmarkSum',
      unit: 'sec/op',
      target: '-10%',
      current: 1,
      lo: 1,
      hi: 1,
      distancePct,
      state,
      verdict: null,
    });
    const inv: Investigation = {
      id: 1,
      repoId: 1,
      title: 't',
      base: 'main',
      baseSha: 'a'.repeat(40),
      bench: 'Sum',
      status: 'open',
      createdAt: '',
      targets: [{ name: 'BenchmarkSum', unit: 'sec/op', improvePct: 10 }],
      packages: [],
      tests: 'on',
      maxAttempts: null,
      commitBlocked: null,
      steps: [
        {
          index: 0,
          attempt: null,
          runId: 1,
          runStatus: 'completed',
          kind: 'baseline',
          ref: 'main',
          createdAt: '',
          targets: [t(10, 'unmet')],
          ...noExtras,
        },
        {
          index: 1,
          attempt: 1,
          runId: 2,
          runStatus: 'completed',
          kind: 'verify',
          ref: 'WORKTREE',
          createdAt: '',
          targets: [t(-2, 'met')],
          ...noExtras,
        },
      ],
    };
    expect(targetSeries(inv, 'BenchmarkSum')).toEqual({ steps: ['baseline', '#1 WORKTREE'], distance: [10, -2], states: ['unmet', 'met'] });
    expect(stepsOption(inv, 'BenchmarkSum', LIGHT_CHART).series[0].data).toEqual([10, -2]);
    // two targets on one row (a limit and a relative one): each its own series, by its text
    const limit = { ...t(-4, 'undecided'), target: '<= 900.0n sec/op' };
    const two: Investigation = { ...inv, steps: inv.steps.map((st) => ({ ...st, targets: [...st.targets, limit] })) };
    expect(targetSeries(two, 'BenchmarkSum', 'sec/op', '<= 900.0n sec/op').states).toEqual(['undecided', 'undecided']);
    expect(targetSeries(two, 'BenchmarkSum', 'sec/op', '-10%').states).toEqual(['unmet', 'met']);
    expect(stepsOption(two, 'BenchmarkSum', LIGHT_CHART, 'sec/op', '<= 900.0n sec/op').title.text).toBe(
      'BenchmarkSum sec/op <= 900.0n sec/op',
    );
  });
});
