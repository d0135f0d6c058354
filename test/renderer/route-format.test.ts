// Hash routes (including the Electron menu's hashes), number formatting as benchstat and pprof
// label values, shortcuts, windowing and sparklines.
import { describe, expect, it } from 'vitest';
import { formatRoute, parseRoute, type Route } from '../../src/renderer/src/model/route.js';
import {
  benchScale,
  formatBench,
  formatDuration,
  formatPct,
  formatProfileValue,
  formatRatioChange,
  formatSize,
} from '../../src/renderer/src/model/format.js';
import { SHORTCUTS, shortcutFor } from '../../src/renderer/src/model/shortcuts.js';
import { scrollToRow, virtualWindow } from '../../src/renderer/src/model/virtual.js';
import { sparkPaths } from '../../src/renderer/src/model/sparkline.js';

describe('routes', () => {
  it('parses the hashes the Electron menu sends', () => {
    expect(parseRoute('#/repos?add=1')).toEqual({ view: 'repos', add: true });
    expect(parseRoute('#/new')).toEqual({ view: 'new' });
    expect(parseRoute('#/runs')).toEqual({ view: 'runs' });
    expect(parseRoute('#/compare')).toEqual({ view: 'compare', runs: [] });
    expect(parseRoute('#/help')).toEqual({ view: 'help' });
    expect(parseRoute('')).toEqual({ view: 'repos' });
    expect(parseRoute('#/nonsense/3')).toEqual({ view: 'repos' });
  });

  it('round-trips every view with its parameters', () => {
    const routes: Route[] = [
      { view: 'repos', repoId: 3 },
      { view: 'new', repoId: 2, from: 9 },
      { view: 'run', runId: 12 },
      { view: 'runs', repoId: 1, bench: 'BenchmarkX/a=1' },
      { view: 'compare', runs: [3, 4], by: 'cpu', unit: 'B/op', row: 'Fields/size=4', filter: '.name:/Parse/' },
      { view: 'profile', run: 5, bench: 'BenchmarkSum', ref: 'main', kind: 'cpu', baseRef: 'WORKTREE' },
      { view: 'profile', path: '/tmp/cpu profile.pb.gz' },
      { view: 'investigation', id: 2 },
      { view: 'export', runId: 7 },
      { view: 'help' },
      { view: 'bisect', id: 4 },
      { view: 'bisect' },
    ];
    for (const r of routes) expect(parseRoute(formatRoute(r))).toEqual(r);
  });

  it('drops malformed numbers instead of guessing', () => {
    expect(parseRoute('#/run/abc')).toEqual({ view: 'runs' });
    expect(parseRoute('#/compare?runs=1,x,3&by=nope')).toEqual({ view: 'compare', runs: [1, 3] });
  });
});

describe('formatting', () => {
  it('scales benchmark values with four significant digits as benchstat does', () => {
    expect(formatBench(1.718e-6, 'sec/op')).toBe('1.718µ');
    expect(formatBench(0.0123, 'sec/op')).toBe('12.30m');
    expect(formatBench(123456, 'sec/op')).toBe('123.5k');
    expect(formatBench(2048, 'B/op')).toBe('2.000Ki');
    expect(formatBench(3, 'allocs/op')).toBe('3.000');
    expect(benchScale([0, 0], 'sec/op').prefix).toBe('');
  });

  it('labels profile values as go tool pprof does', () => {
    expect(formatProfileValue(10e6, 'nanoseconds')).toBe('10ms');
    expect(formatProfileValue(1.5e9, 'nanoseconds')).toBe('1.50s');
    expect(formatProfileValue(2.31 * 1024 * 1024, 'bytes')).toBe('2.31MB');
    expect(formatProfileValue(12345, 'count')).toBe('12,345');
  });

  it('formats shares, changes, durations and sizes', () => {
    expect(formatPct(0.1234)).toBe('12.34%');
    expect(formatRatioChange(0.9)).toBe('-10.0%');
    expect(formatRatioChange(1.0004)).toBe('+0.0%');
    expect(formatRatioChange(null)).toBe('?');
    expect(formatDuration(850)).toBe('850ms');
    expect(formatDuration(65_000)).toBe('1m 05s');
    expect(formatDuration(2 * 3600_000 + 3 * 60_000)).toBe('2h 03m');
    expect(formatSize(1_234_567)).toBe('1.2 MB');
  });
});

describe('shortcuts', () => {
  const k = (key: string, o: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean; inField: boolean }> = {}) =>
    shortcutFor({ key, ctrlKey: false, metaKey: false, altKey: false, inField: false, ...o });
  it('maps keys to actions, and ignores letters typed into fields', () => {
    expect(k('?')).toBe('help');
    expect(k('c')).toBe('go-compare');
    expect(k('c', { inField: true })).toBeNull();
    expect(k('Escape', { inField: true })).toBe('escape');
    expect(k('Enter', { ctrlKey: true, inField: true })).toBe('submit');
    expect(k('c', { ctrlKey: true })).toBeNull();
  });
  it('lists every action it handles in the help table', () => {
    const listed = new Set(SHORTCUTS.map((s) => s.action));
    for (const key of ['?', 'r', 'n', 'h', 'c', 'p', 'i', 'e', '/', 's', 'd', 'f', 'u', 'j']) {
      const a = k(key);
      expect(a && listed.has(a)).toBe(true);
    }
  });
});

describe('windowing and sparklines', () => {
  it('renders only the rows in view plus overscan', () => {
    expect(virtualWindow(0, 260, 26, 5000, 5)).toEqual({ start: 0, end: 16, offsetTop: 0, totalHeight: 130000 });
    const w = virtualWindow(26 * 1000, 260, 26, 5000, 5);
    expect([w.start, w.end, w.offsetTop]).toEqual([995, 1016, 995 * 26]);
    expect(virtualWindow(1e9, 260, 26, 50, 5).end).toBe(50);
    expect(scrollToRow(20, 0, 260, 26)).toBe(20 * 26 + 26 - 260);
    expect(scrollToRow(2, 100, 260, 26)).toBe(52);
  });

  it('draws all refs of a benchmark on one scale', () => {
    const [a, b] = sparkPaths(
      [
        { key: 'main', values: [1, 2] },
        { key: 'new', values: [3] },
      ],
      100,
      20,
      0,
    );
    expect(a.d).toBe('M0 20L100 10');
    expect(b.d).toBe('M0 0');
    expect(sparkPaths([{ key: 'x', values: [5, 5] }], 10, 10, 0)[0].d).toBe('M0 5L10 5');
  });
});
