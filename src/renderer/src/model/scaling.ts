// The scaling view of a comparison by -cpu (`compare --by cpu`): for one benchmark row, its
// center at each GOMAXPROCS value, one line per table (a table per ref when the run has
// several: the ref is then part of the table's configuration). Time per op, or throughput
// (operations per second, 1 / sec/op) for "does it scale" at a glance. Pure functions of the
// comparison; scalingOption is the ECharts option, tested without a DOM.
import type { CompareTable } from '../../../shared/compare-types.js';
import type { ChartColors } from './chart-options.js';
import { formatBench } from './format.js';

export interface ScalingLine {
  readonly name: string;
  /** Center per cpu value (null: no cell there). */
  readonly values: readonly (number | null)[];
  readonly lo: readonly (number | null)[];
  readonly hi: readonly (number | null)[];
}

export interface ScalingModel {
  readonly row: string;
  readonly unit: string;
  readonly cpus: readonly number[];
  readonly lines: readonly ScalingLine[];
}

/** GOMAXPROCS of a column key by cpu (benchstat leaves 1 empty). */
function cpuOf(key: string): number | null {
  if (key === '') return 1;
  return /^\d+$/.test(key) ? Number(key) : null;
}

/** Whether a comparison's columns are -cpu values. */
export function isByCpu(tables: readonly CompareTable[]): boolean {
  return tables.length > 0 && tables.every((t) => t.columnFields.length === 1 && t.columnFields[0] === '/gomaxprocs');
}

/** The row's center per -cpu value, one line per table; `names` labels the tables (by index). */
export function scalingSeries(
  tables: readonly CompareTable[],
  names: readonly string[],
  row: string,
  mode: 'time' | 'throughput',
): ScalingModel | null {
  const all = tables.flatMap((t) => t.columnKeys.map((k) => cpuOf(k[0] ?? '')).filter((x): x is number => x !== null));
  const cpus = [...new Set(all)].sort((a, b) => a - b);
  if (cpus.length === 0) return null;
  const unit = tables[0]?.unit ?? '';
  const inv = mode === 'throughput' && unit === 'sec/op';
  const tx = (v: number | null) => (v === null || !Number.isFinite(v) ? null : inv ? (v > 0 ? 1 / v : null) : v);
  const lines: ScalingLine[] = [];
  tables.forEach((t, i) => {
    const r = t.rows.find((x) => x.name === row);
    if (!r) return;
    const at = (cpu: number) => {
      const j = t.columnKeys.findIndex((k) => cpuOf(k[0] ?? '') === cpu);
      return j < 0 ? null : (r.cells[j] ?? null);
    };
    lines.push({
      name: names[i] ?? `table ${i + 1}`,
      values: cpus.map((c) => tx(at(c)?.center ?? null)),
      // Throughput inverts: the interval's high end of time is the low end of throughput.
      lo: cpus.map((c) => tx((inv ? at(c)?.hi : at(c)?.lo) ?? null)),
      hi: cpus.map((c) => tx((inv ? at(c)?.lo : at(c)?.hi) ?? null)),
    });
  });
  if (lines.length === 0) return null;
  return { row, unit: inv ? 'op/s' : unit, cpus, lines };
}

export function scalingOption(m: ScalingModel, c: ChartColors) {
  const fmt = (v: number) => formatBench(v, m.unit);
  return {
    animation: false,
    backgroundColor: 'transparent',
    textStyle: { color: c.fg },
    grid: { left: 80, right: 24, top: 36, bottom: 44 },
    legend: { top: 0, textStyle: { color: c.fg } },
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => (v === null || v === undefined ? '–' : `${fmt(v)} ${m.unit}`) },
    xAxis: {
      type: 'category',
      name: '-cpu (GOMAXPROCS)',
      nameLocation: 'middle',
      nameGap: 28,
      nameTextStyle: { color: c.muted },
      data: m.cpus.map(String),
      axisLabel: { color: c.fg },
      axisLine: { lineStyle: { color: c.muted } },
    },
    yAxis: {
      type: 'value',
      scale: true,
      name: m.unit,
      nameTextStyle: { color: c.muted },
      axisLabel: { color: c.muted, formatter: fmt },
      splitLine: { lineStyle: { color: c.grid } },
    },
    series: m.lines.map((l, i) => ({
      type: 'line',
      name: l.name,
      data: l.values,
      connectNulls: false,
      symbolSize: 8,
      lineStyle: { color: c.palette[i % c.palette.length], width: 2 },
      itemStyle: { color: c.palette[i % c.palette.length] },
    })),
  };
}
