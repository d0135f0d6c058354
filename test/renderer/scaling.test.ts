// The scaling view's model and chart option, from a real comparison by -cpu (the engine's
// `col: /gomaxprocs`, tables by ref) of Go benchmark text: one line per ref, x the -cpu values
// (benchstat's empty key is 1), time per op or its inverse.
import { describe, expect, it } from 'vitest';
import { readBenchfmtAll } from '../../src/core/benchfmt/index.js';
import { compare, toComparisonJson } from '../../src/core/compare/index.js';
import { LIGHT_CHART } from '../../src/renderer/src/model/chart-options.js';
import { isByCpu, scalingOption, scalingSeries } from '../../src/renderer/src/model/scaling.js';

function text(ref: string, perCpu: Record<number, number>): string {
  const lines = [`ref: ${ref}`, 'pkg: example.com/p'];
  for (const [cpu, ns] of Object.entries(perCpu)) {
    for (let i = 0; i < 6; i++) lines.push(`BenchmarkParse${cpu === '1' ? '' : `-${cpu}`} 1000 ${ns + i} ns/op`);
  }
  return `${lines.join('\n')}\n`;
}

describe('scaling by -cpu', () => {
  const c = toComparisonJson(
    compare(
      [
        { name: 'a', records: readBenchfmtAll(text('main', { 1: 400, 2: 200, 4: 100 })) },
        { name: 'b', records: readBenchfmtAll(text('feature', { 1: 400, 2: 390, 4: 380 })) },
      ],
      { alpha: 0.05, confidence: 0.95, col: '/gomaxprocs', table: '.config' },
    ),
  );
  const tables = c.tables.filter((t) => t.unit === 'sec/op');
  const names = tables.map((t) => t.config.find(([k]) => k === 'ref')![1]);
  const line = (m: NonNullable<ReturnType<typeof scalingSeries>>, ref: string) => m.lines.find((l) => l.name === ref)!;

  it('has one line per ref with the center at each -cpu value', () => {
    expect(isByCpu(tables)).toBe(true);
    const m = scalingSeries(tables, names, 'Parse', 'time')!;
    expect(m.cpus).toEqual([1, 2, 4]);
    expect(m.unit).toBe('sec/op');
    expect(m.lines.map((l) => l.name).sort()).toEqual(['feature', 'main']);
    const ns = (l: { values: readonly (number | null)[] }) => l.values.map((v) => Math.round(v! * 1e10) / 10);
    expect(ns(line(m, 'main'))).toEqual([402.5, 202.5, 102.5]);
    expect(ns(line(m, 'feature'))).toEqual([402.5, 392.5, 382.5]);
    for (const l of m.lines)
      l.values.forEach((v, i) => {
        expect(l.lo[i]!).toBeLessThanOrEqual(v!);
        expect(l.hi[i]!).toBeGreaterThanOrEqual(v!);
      });
  });

  it('as throughput: operations per second, the interval inverted', () => {
    const m = scalingSeries(tables, names, 'Parse', 'throughput')!;
    expect(m.unit).toBe('op/s');
    expect(line(m, 'main').values[2]).toBeCloseTo(1 / 102.5e-9, 0);
    expect(line(m, 'main').lo[2]!).toBeLessThanOrEqual(line(m, 'main').values[2]!);
    expect(line(m, 'main').hi[2]!).toBeGreaterThanOrEqual(line(m, 'main').values[2]!);
    const o = scalingOption(m, LIGHT_CHART);
    expect(o.xAxis.data).toEqual(['1', '2', '4']);
    expect(o.series.map((s) => s.name)).toEqual(m.lines.map((l) => l.name));
    expect(o.series[1].data).toEqual(m.lines[1].values);
  });

  it('is not offered for columns that are not -cpu values, nor for an unknown row', () => {
    const byRef = toComparisonJson(
      compare([{ name: 'a', records: readBenchfmtAll(text('main', { 2: 200 })) }], { alpha: 0.05, confidence: 0.95 }),
    );
    expect(isByCpu(byRef.tables)).toBe(false);
    expect(scalingSeries(tables, [], 'Nope', 'time')).toBeNull();
  });
});
