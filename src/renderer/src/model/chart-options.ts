// ECharts options as pure functions of view models (`(model) => option`), tested without a
// DOM: the distribution of every sample per column (box plot with the samples as a strip), a
// benchmark's center and confidence interval across runs, and an investigation's distance to
// each target across verify steps. Colours come from the theme passed in.
import type { HistorySeries, Investigation } from '../../../shared/workflow-types.js';
import { formatBench, formatDate, refText, shortSha } from './format.js';

export interface ChartColors {
  readonly fg: string;
  readonly muted: string;
  readonly grid: string;
  readonly bg: string;
  readonly palette: readonly string[];
  readonly good: string;
  readonly bad: string;
}

export const LIGHT_CHART: ChartColors = {
  fg: '#1b1f24',
  muted: '#6a737d',
  grid: '#e3e7eb',
  bg: '#ffffff',
  palette: ['#0969da', '#cf6a00', '#1a7f37', '#8250df', '#bf3989', '#0a7b83'],
  good: '#1a7f37',
  bad: '#cf222e',
};
export const DARK_CHART: ChartColors = {
  fg: '#e6edf3',
  muted: '#8b949e',
  grid: '#30363d',
  bg: '#0d1117',
  palette: ['#4493f8', '#f0883e', '#3fb950', '#a371f7', '#db61a2', '#39c5cf'],
  good: '#3fb950',
  bad: '#f85149',
};

/** Tukey box numbers: [min, Q1, median, Q3, max] with linear-interpolated quartiles. */
export function boxStats(values: readonly number[]): [number, number, number, number, number] | null {
  const s = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (s.length === 0) return null;
  const q = (p: number) => {
    const pos = (s.length - 1) * p;
    const lo = Math.floor(pos);
    const hi = Math.ceil(pos);
    return s[lo] + (s[hi] - s[lo]) * (pos - lo);
  };
  return [s[0], q(0.25), q(0.5), q(0.75), s[s.length - 1]];
}

/** A deterministic jitter in [-0.5, 0.5) for sample j (no randomness: stable screenshots). */
export function jitter(j: number): number {
  const x = Math.sin((j + 1) * 12.9898) * 43758.5453;
  return x - Math.floor(x) - 0.5;
}

export interface DistributionModel {
  readonly title: string;
  readonly unit: string;
  readonly columns: readonly string[];
  readonly samples: readonly (readonly number[])[];
}

function axisLabel(unit: string) {
  return (v: number) => formatBench(v, unit);
}

export function distributionOption(m: DistributionModel, c: ChartColors) {
  const boxes = m.samples.map((s) => boxStats(s) ?? [NaN, NaN, NaN, NaN, NaN]);
  const points = m.samples.flatMap((s, col) => s.map((v, j) => [col + jitter(j) * 0.35, v, j + 1]));
  return {
    animation: false,
    backgroundColor: 'transparent',
    textStyle: { color: c.fg },
    grid: { left: 80, right: 24, top: 28, bottom: 36 },
    tooltip: { trigger: 'item' },
    xAxis: {
      type: 'value',
      min: -0.5,
      max: m.columns.length - 0.5,
      axisTick: { customValues: m.columns.map((_, i) => i) },
      axisLabel: { color: c.fg, customValues: m.columns.map((_, i) => i), formatter: (v: number) => m.columns[Math.round(v)] ?? '' },
      axisLine: { onZero: false, lineStyle: { color: c.muted } },
      splitLine: { show: false },
    },
    yAxis: {
      type: 'value',
      scale: true,
      name: m.unit,
      nameTextStyle: { color: c.muted },
      axisLine: { onZero: false },
      axisLabel: { color: c.muted, formatter: axisLabel(m.unit) },
      splitLine: { lineStyle: { color: c.grid } },
    },
    series: [
      {
        type: 'custom',
        name: 'box',
        z: 1,
        data: boxes.map((b, col) => [col, ...b]),
        renderItem: boxRenderer(c),
        encode: { x: 0, y: [1, 2, 3, 4, 5] },
        tooltip: {
          formatter: (p: { value: number[] }) =>
            `${m.columns[p.value[0]]}<br/>median ${formatBench(p.value[3], m.unit)}<br/>Q1 ${formatBench(p.value[2], m.unit)} · Q3 ${formatBench(p.value[4], m.unit)}<br/>min ${formatBench(p.value[1], m.unit)} · max ${formatBench(p.value[5], m.unit)}`,
        },
      },
      {
        type: 'scatter',
        name: 'samples',
        z: 3,
        symbolSize: 7,
        itemStyle: {
          color: (p: { value: number[] }) => c.palette[Math.round(p.value[0]) % c.palette.length],
          opacity: 0.85,
          borderColor: c.bg,
          borderWidth: 1,
        },
        data: points,
        tooltip: {
          formatter: (p: { value: number[] }) =>
            `${m.columns[Math.round(p.value[0])]} sample ${p.value[2]}: ${formatBench(p.value[1], m.unit)} ${m.unit}`,
        },
      },
    ],
  };
}

type Api = { value(i: number): number; coord(v: [number, number]): [number, number]; size(v: [number, number]): [number, number] };

/** Draws one box: whiskers, the Q1..Q3 box and the median line, in the column's colour. */
function boxRenderer(c: ChartColors) {
  return (_params: unknown, api: Api) => {
    const col = api.value(0);
    const [min, q1, med, q3, max] = [1, 2, 3, 4, 5].map((k) => api.value(k));
    if (!Number.isFinite(med)) return { type: 'group', children: [] };
    const color = c.palette[col % c.palette.length];
    const half = api.size([0.3, 0])[0] / 2;
    const [x] = api.coord([col, med]);
    const y = (v: number) => api.coord([col, v])[1];
    const line = (x1: number, y1: number, x2: number, y2: number) => ({
      type: 'line',
      shape: { x1, y1, x2, y2 },
      style: { stroke: color, lineWidth: 1.5 },
    });
    return {
      type: 'group',
      children: [
        {
          type: 'rect',
          shape: { x: x - half, y: y(q3), width: 2 * half, height: Math.max(1, y(q1) - y(q3)) },
          style: { fill: color, opacity: 0.15, stroke: color, lineWidth: 1.5 },
        },
        line(x - half, y(med), x + half, y(med)),
        line(x, y(q3), x, y(max)),
        line(x, y(q1), x, y(min)),
        line(x - half / 2, y(max), x + half / 2, y(max)),
        line(x - half / 2, y(min), x + half / 2, y(min)),
      ],
    };
  };
}

/**
 * A benchmark across runs: one x category per run (`#3 2026-12-04 17:37`, one style for all) or,
 * by commit, per commit; one series per ref label (base and head are separate lines, not one
 * zig-zag through both), each with its interval as a band.
 */
export function historyOption(h: HistorySeries, c: ChartColors, order: 'date' | 'commit' = 'date') {
  const keyOf = (p: HistorySeries['points'][number]) => (order === 'commit' ? p.sha : String(p.runId));
  const categories: string[] = [];
  const labels: string[] = [];
  for (const p of h.points) {
    const k = keyOf(p);
    if (categories.includes(k)) continue;
    categories.push(k);
    labels.push(order === 'commit' ? shortSha(p.sha).slice(0, 7) : `#${p.runId} ${formatDate(p.date)}`);
  }
  // Series by column label; a range column's label (its full SHA) is shown with 12 digits.
  const refs = [...new Set(h.points.map((p) => p.refLabel))];
  const at = (ref: string) => categories.map((k) => h.points.find((p) => p.refLabel === ref && keyOf(p) === k) ?? null);
  const series = refs.flatMap((ref, i) => {
    const pts = at(ref);
    const color = c.palette[i % c.palette.length];
    const lo = pts.map((p) => (p ? (p.lo ?? p.center) : null));
    return [
      {
        name: `${ref} lo`,
        type: 'line',
        data: lo,
        stack: `ci-${i}`,
        symbol: 'none',
        lineStyle: { opacity: 0 },
        silent: true,
        connectNulls: true,
      },
      {
        name: `${ref} CI`,
        type: 'line',
        data: pts.map((p, j) => (p ? (p.hi ?? p.center) - (lo[j] as number) : null)),
        stack: `ci-${i}`,
        symbol: 'none',
        lineStyle: { opacity: 0 },
        areaStyle: { color, opacity: 0.14 },
        silent: true,
        connectNulls: true,
      },
      {
        name: refText(ref),
        type: 'line',
        data: pts.map((p) => (p ? p.center : null)),
        symbolSize: 6,
        itemStyle: { color },
        lineStyle: { color, width: 2 },
        connectNulls: true,
      },
    ];
  });
  return {
    animation: false,
    backgroundColor: 'transparent',
    textStyle: { color: c.fg },
    grid: { left: 80, right: 24, top: refs.length > 1 ? 36 : 24, bottom: 56 },
    legend: refs.length > 1 ? { data: refs.map(refText), top: 0, textStyle: { color: c.muted } } : undefined,
    tooltip: {
      trigger: 'axis',
      formatter: (ps: { dataIndex: number }[]) => {
        const k = categories[ps[0]?.dataIndex ?? 0];
        return h.points
          .filter((p) => keyOf(p) === k)
          .map((p) => {
            const ci = p.lo !== null && p.hi !== null ? ` [${formatBench(p.lo, h.unit)}, ${formatBench(p.hi, h.unit)}]` : '';
            return `run ${p.runId} · ${refText(p.refLabel)} ${shortSha(p.sha).slice(0, 7)} · ${formatDate(p.date)}<br/>${formatBench(p.center, h.unit)} ${h.unit}${ci} n=${p.n}`;
          })
          .join('<br/>');
      },
    },
    xAxis: {
      type: 'category',
      data: labels,
      boundaryGap: false,
      axisLabel: { color: c.muted, rotate: labels.length > 6 ? 30 : 0 },
      axisLine: { lineStyle: { color: c.muted } },
    },
    yAxis: {
      type: 'value',
      scale: true,
      name: h.unit,
      nameTextStyle: { color: c.muted },
      axisLabel: { color: c.muted, formatter: axisLabel(h.unit) },
      splitLine: { lineStyle: { color: c.grid } },
    },
    series,
  };
}

/** One target's distance (%) across the investigation's steps: 0 is the target, below is met. */
/** A target's distance across steps; `unit` picks one unit when a benchmark has targets in several. */
export function targetSeries(
  inv: Investigation,
  target: string,
  unit?: string,
  goal?: string,
): { readonly steps: string[]; readonly distance: (number | null)[]; readonly states: string[] } {
  const steps = inv.steps.map((s) => (s.kind === 'baseline' ? 'baseline' : `#${s.index} ${s.ref}`));
  // goal: the target's own text, when one row has two targets (`B/s >= 400Mi` and `15% better`)
  const ts = inv.steps.map(
    (s) =>
      s.targets.find((t) => t.name === target && (unit === undefined || t.unit === unit) && (goal === undefined || t.target === goal)) ??
      null,
  );
  return { steps, distance: ts.map((t) => t?.distancePct ?? null), states: ts.map((t) => t?.state ?? 'undecided') };
}

export function stepsOption(inv: Investigation, target: string, c: ChartColors, unit?: string, goal?: string) {
  const s = targetSeries(inv, target, unit, goal);
  return {
    animation: false,
    backgroundColor: 'transparent',
    textStyle: { color: c.fg },
    title: {
      text: `${unit ? `${target} ${unit}` : target}${goal ? ` ${goal}` : ''}`,
      left: 4,
      top: 0,
      textStyle: { color: c.fg, fontSize: 12, fontWeight: 500 },
    },
    grid: { left: 48, right: 12, top: 28, bottom: 24 },
    tooltip: { trigger: 'axis', valueFormatter: (v: number | null) => (v === null ? 'n/a' : `${v.toFixed(1)}% from target`) },
    xAxis: { type: 'category', data: s.steps, axisLabel: { color: c.muted, fontSize: 10 } },
    yAxis: { type: 'value', axisLabel: { color: c.muted, formatter: '{value}%' }, splitLine: { lineStyle: { color: c.grid } } },
    series: [
      {
        type: 'line',
        data: s.distance,
        connectNulls: true,
        symbolSize: 7,
        itemStyle: {
          color: (p: { dataIndex: number }) =>
            s.states[p.dataIndex] === 'met' ? c.good : s.states[p.dataIndex] === 'unmet' ? c.bad : c.muted,
        },
        lineStyle: { color: c.palette[0] },
        markLine: {
          silent: true,
          symbol: 'none',
          data: [{ yAxis: 0 }],
          lineStyle: { color: c.good, type: 'dashed' },
          label: { formatter: 'target', color: c.good, position: 'insideEndTop' },
        },
      },
    ],
  };
}
