// Pure checks: machine warnings with thresholds, sub-nanosecond results, noisy cells, and
// differences between the environments of two runs.
import { describe, expect, it } from 'vitest';
import type { Environment } from '../../../src/shared/models.js';
import { compareEnvironments, environmentWarnings, noiseWarnings, onBatteryFrom, resultLints } from '../../../src/core/env/index.js';

const quiet: Environment = {
  perflabVersion: '0.1.0',
  goVersion: 'go1.26.8',
  goos: 'linux',
  goarch: 'amd64',
  hostname: 'box',
  os: 'Debian 12',
  kernel: 'Linux 6.1',
  cpuModel: 'AMD EPYC',
  cpuCount: 4,
  gomaxprocs: 4,
  memoryBytes: 8e9,
  governor: 'performance',
  turbo: 'off',
  onBattery: false,
  loadBefore: [0.4, 0.3, 0.2],
  loadAfter: null,
  goEnv: { GOAMD64: 'v1' },
  warnings: [],
};

const codes = (ws: readonly { code: string }[]): string[] => ws.map((w) => w.code);

describe('environmentWarnings', () => {
  it('is silent on a quiet, well-set machine', () => {
    expect(environmentWarnings(quiet)).toEqual([]);
    expect(environmentWarnings({ ...quiet, governor: null, turbo: null, onBattery: null })).toEqual([]);
  });
  it('warns about the governor, battery and turbo', () => {
    const ws = environmentWarnings({ ...quiet, governor: 'powersave', onBattery: true, turbo: 'on' });
    expect(codes(ws)).toEqual(['cpu-governor', 'turbo-boost', 'on-battery']);
    expect(ws[0]).toMatchObject({ severity: 'warning' });
    expect(ws[0].message).toContain('powersave');
    expect(ws[1].severity).toBe('info');
  });
  it('warns when the load per CPU is above the threshold', () => {
    expect(codes(environmentWarnings({ ...quiet, loadBefore: [2.0, 1, 1] }))).toEqual([]); // 0.5 per CPU: not above
    const ws = environmentWarnings({ ...quiet, loadBefore: [2.4, 1, 1] });
    expect(codes(ws)).toEqual(['high-load']);
    expect(ws[0].message).toContain('0.60 per CPU');
    expect(codes(environmentWarnings({ ...quiet, loadBefore: [1.2, 1, 1] }, { loadPerCpu: 0.25 }))).toEqual(['high-load']);
    expect(codes(environmentWarnings({ ...quiet, loadBefore: [] }))).toEqual([]);
  });
  it('notes GOMAXPROCS above the CPU count', () => {
    expect(codes(environmentWarnings({ ...quiet, gomaxprocs: 8 }))).toEqual(['gomaxprocs-above-cpus']);
  });
});

describe('onBatteryFrom', () => {
  it('needs a battery to say anything', () => {
    expect(onBatteryFrom([])).toBeNull();
    expect(onBatteryFrom([{ type: 'Mains', online: '1', status: null }])).toBeNull();
    expect(onBatteryFrom([{ type: 'Battery', online: null, status: 'Discharging' }])).toBe(true);
    expect(
      onBatteryFrom([
        { type: 'Battery', online: null, status: 'Discharging' },
        { type: 'USB', online: '1', status: null },
      ]),
    ).toBe(false);
    expect(onBatteryFrom([{ type: 'Battery', online: null, status: 'Full' }])).toBe(false);
  });
});

describe('resultLints', () => {
  it('names each benchmark under 1 ns/op once, with its fastest result', () => {
    const ws = resultLints([
      { name: 'BenchmarkNop', secPerOp: 0.3e-9 },
      { name: 'BenchmarkNop', secPerOp: 0.25e-9 },
      { name: 'BenchmarkReal', secPerOp: 12e-9 },
      { name: 'BenchmarkEdge', secPerOp: 1e-9 },
      { name: 'BenchmarkNoTime', secPerOp: null },
    ]);
    expect(ws).toHaveLength(1);
    expect(ws[0]).toMatchObject({ code: 'sub-nanosecond', severity: 'warning' });
    expect(ws[0].message).toBe('BenchmarkNop: 0.25 ns/op is under 1 ns/op: the compiler probably removed the work: use b.Loop or a sink');
  });
});

describe('compareEnvironments', () => {
  it('finds nothing between identical environments', () => {
    expect(compareEnvironments(quiet, { ...quiet, loadBefore: [3, 3, 3], memoryBytes: 1 })).toEqual([]);
  });
  it('names different machines, CPUs, Go versions, platforms and Go settings', () => {
    const other: Environment = {
      ...quiet,
      hostname: 'ci',
      cpuModel: 'Intel Xeon',
      goVersion: 'go1.25.3',
      goarch: 'arm64',
      goEnv: { GOAMD64: 'v3', GOEXPERIMENT: 'greenteagc' },
    };
    const ws = compareEnvironments(quiet, other);
    expect(codes(ws)).toEqual(['different-machine', 'different-cpu', 'different-go', 'different-platform', 'different-go-env']);
    expect(ws[2].message).toContain('"go1.26.8" vs "go1.25.3"');
    expect(ws[3].message).toContain('linux/amd64');
    expect(ws[4].message).toContain('GOAMD64 "v1" vs "v3"');
    expect(ws[4].message).toContain('GOEXPERIMENT');
  });
  it('notes governor, power, GOMAXPROCS and OS differences', () => {
    const ws = compareEnvironments(quiet, { ...quiet, governor: 'powersave', onBattery: true, gomaxprocs: 2, kernel: 'Linux 6.8' });
    expect(codes(ws)).toEqual(['different-gomaxprocs', 'different-governor', 'different-power', 'different-os']);
  });
});

describe('noiseWarnings', () => {
  it('lists noisy cells, noisiest first, above the default 5%', () => {
    const ws = noiseWarnings([
      { name: 'BenchmarkA', column: 'main', cv: 0.02 },
      { name: 'BenchmarkB', column: 'main', cv: 0.08 },
      { name: 'BenchmarkC', column: 'feature', cv: 0.21 },
      { name: 'BenchmarkD', column: '', cv: Number.NaN },
    ]);
    expect(ws.map((w) => w.message.split(':')[0])).toEqual(['BenchmarkC (feature)', 'BenchmarkB (main)']);
    expect(ws[0].message).toContain('21%');
    expect(noiseWarnings([{ name: 'BenchmarkA', column: 'x', cv: 0.02 }], 0.01)).toHaveLength(1);
  });
  it('summarises past 20 cells', () => {
    const cells = Array.from({ length: 25 }, (_, i) => ({ name: `Benchmark${i}`, column: 'c', cv: 0.1 + i / 100 }));
    const ws = noiseWarnings(cells);
    expect(ws).toHaveLength(21);
    expect(ws[20].message).toBe('5 more cells vary by more than 5%');
    expect(ws[0].message.startsWith('Benchmark24 (c)')).toBe(true);
  });
});
