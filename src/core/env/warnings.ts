// Judging how far numbers can be trusted: conditions of the machine before a run (governor,
// turbo, battery, load), results that look optimised away (< 1 ns/op), cells whose samples
// vary too much, and differences between the environments of two runs being compared. Pure
// functions over plain data; each warning carries a stable code, one message and a severity.
import type { Environment, EnvWarning } from '../../shared/models.js';
import { commonScale, formatScaled } from '../benchunit/index.js';
import type { TwoModes } from '../stats/index.js';

export interface EnvironmentThresholds {
  /** 1-minute load average per CPU above which the machine counts as busy (default 0.5). */
  readonly loadPerCpu?: number;
}

const DEFAULT_LOAD_PER_CPU = 0.5;

function warn(code: string, message: string): EnvWarning {
  return { code, message, severity: 'warning' };
}

function info(code: string, message: string): EnvWarning {
  return { code, message, severity: 'info' };
}

/** Warnings about the machine's state before a run. */
export function environmentWarnings(env: Environment, thresholds: EnvironmentThresholds = {}): EnvWarning[] {
  const out: EnvWarning[] = [];
  const limit = thresholds.loadPerCpu ?? DEFAULT_LOAD_PER_CPU;
  if (env.governor !== null && env.governor !== 'performance') {
    out.push(
      warn(
        'cpu-governor',
        `the CPU frequency governor is "${env.governor}", not "performance": clock speed follows load, so timings drift (e.g. cpupower frequency-set -g performance)`,
      ),
    );
  }
  if (env.turbo === 'on') {
    out.push(info('turbo-boost', 'turbo/boost is on: clock speed depends on temperature and on what else runs, so timings vary more'));
  }
  if (env.onBattery === true) {
    out.push(warn('on-battery', 'the machine runs on battery: power saving lowers and varies clock speed; plug it in'));
  }
  const load = env.loadBefore[0];
  if (load !== undefined && env.cpuCount > 0 && load / env.cpuCount > limit) {
    const perCpu = load / env.cpuCount;
    out.push(
      warn(
        'high-load',
        `load average ${load.toFixed(2)} on ${env.cpuCount} CPUs (${perCpu.toFixed(2)} per CPU, above ${limit}) before the run: other processes compete with the benchmarks`,
      ),
    );
  }
  if (env.gomaxprocs > env.cpuCount && env.cpuCount > 0) {
    out.push(
      info(
        'gomaxprocs-above-cpus',
        `GOMAXPROCS ${env.gomaxprocs} exceeds the ${env.cpuCount} CPUs of this machine: parallel benchmarks time-share CPUs`,
      ),
    );
  }
  return out;
}

/** Formats seconds per op in ns with enough digits to tell 0.25 from 0.3. */
function ns(secPerOp: number): string {
  return `${Number((secPerOp * 1e9).toPrecision(3))} ns/op`;
}

/** Results under 1 ns/op, one warning per benchmark (its fastest result named). */
export function resultLints(rows: readonly { name: string; secPerOp: number | null }[]): EnvWarning[] {
  const fastest = new Map<string, number>();
  for (const r of rows) {
    if (r.secPerOp === null || !Number.isFinite(r.secPerOp) || r.secPerOp >= 1e-9) continue;
    const prev = fastest.get(r.name);
    if (prev === undefined || r.secPerOp < prev) fastest.set(r.name, r.secPerOp);
  }
  return [...fastest].map(([name, s]) =>
    warn('sub-nanosecond', `${name}: ${ns(s)} is under 1 ns/op: the compiler probably removed the work: use b.Loop or a sink`),
  );
}

/** Go environment settings whose difference between two runs changes the generated code or the runtime. */
const GO_ENV_KEYS_THAT_MATTER = [
  'GOAMD64',
  'GOARM',
  'GOARM64',
  'GO386',
  'GOEXPERIMENT',
  'CGO_ENABLED',
  'GOGC',
  'GOMEMLIMIT',
  'GODEBUG',
  'GOFLAGS',
  'GOTOOLCHAIN',
];

/** What differs between the environments of two runs whose numbers are compared. */
export function compareEnvironments(a: Environment, b: Environment): EnvWarning[] {
  const out: EnvWarning[] = [];
  const pair = (x: string | number, y: string | number): string => `"${x}" vs "${y}"`;
  if (a.hostname !== b.hostname)
    out.push(
      warn(
        'different-machine',
        `the runs come from different machines (${pair(a.hostname, b.hostname)}): differences may be the machines, not the code`,
      ),
    );
  if (a.cpuModel !== b.cpuModel) out.push(warn('different-cpu', `different CPU models (${pair(a.cpuModel, b.cpuModel)})`));
  if (a.cpuCount !== b.cpuCount) out.push(warn('different-cpu-count', `different CPU counts (${a.cpuCount} vs ${b.cpuCount})`));
  if (a.goVersion !== b.goVersion)
    out.push(warn('different-go', `different Go versions (${pair(a.goVersion, b.goVersion)}): the compiler and runtime changed too`));
  if (a.goos !== b.goos || a.goarch !== b.goarch)
    out.push(warn('different-platform', `different GOOS/GOARCH (${pair(`${a.goos}/${a.goarch}`, `${b.goos}/${b.goarch}`)})`));
  if (a.gomaxprocs !== b.gomaxprocs) out.push(warn('different-gomaxprocs', `different GOMAXPROCS (${a.gomaxprocs} vs ${b.gomaxprocs})`));
  if (a.governor !== b.governor)
    out.push(warn('different-governor', `different CPU frequency governors (${pair(a.governor ?? 'unknown', b.governor ?? 'unknown')})`));
  if (a.turbo !== b.turbo) out.push(info('different-turbo', `turbo/boost differs (${pair(a.turbo ?? 'unknown', b.turbo ?? 'unknown')})`));
  if (a.onBattery !== b.onBattery && (a.onBattery === true || b.onBattery === true))
    out.push(warn('different-power', 'one run was on battery and the other was not'));
  if (a.kernel !== b.kernel || a.os !== b.os) out.push(info('different-os', `different OS or kernel (${pair(a.kernel, b.kernel)})`));
  const keys = GO_ENV_KEYS_THAT_MATTER.filter((k) => (a.goEnv[k] ?? '') !== (b.goEnv[k] ?? ''));
  if (keys.length > 0) {
    out.push(
      warn('different-go-env', `different Go settings: ${keys.map((k) => `${k} ${pair(a.goEnv[k] ?? '', b.goEnv[k] ?? '')}`).join(', ')}`),
    );
  }
  return out;
}

/** Default coefficient of variation above which a cell counts as noisy (5%). */
export const DEFAULT_NOISE_THRESHOLD = 0.05;
const MAX_NOISE_WARNINGS = 20;

/**
 * Cells whose samples vary more than `threshold` (coefficient of variation, 0.05 = 5%), the
 * noisiest first; past 20 the rest are summarised in one more warning.
 */
/**
 * Cells whose sec/op samples fall in two groups: the machine ran the benchmark at two speeds.
 * More rounds do not settle their median; pinning the process or a quieter machine does.
 */
export function bimodalWarnings(cells: readonly { name: string; column: string; modes: TwoModes }[]): EnvWarning[] {
  const sorted = [...cells].sort((x, y) => y.modes.ratio - x.modes.ratio || x.name.localeCompare(y.name));
  const out = sorted.slice(0, MAX_NOISE_WARNINGS).map(({ name, column, modes: m }) => {
    const sc = commonScale([m.lower.median, m.upper.median], 'decimal');
    const near = (g: TwoModes['lower']) => `${g.count} near ${formatScaled(sc, g.median)}s`;
    return warn(
      'bimodal',
      `${name}${column ? ` (${column})` : ''}: samples fall in two groups, ${near(m.lower)} and ${near(m.upper)} ` +
        `(${m.ratio.toFixed(2)}x apart): each process ran at one of two speeds (outside the code: which core, CPU frequency, ` +
        `a noisy neighbour; or inside it: memory layout, GC timing), so its median can land in either group and more ` +
        `rounds will not settle it: find what switches before trusting a comparison of it`,
    );
  });
  if (sorted.length > MAX_NOISE_WARNINGS)
    out.push(warn('bimodal', `${sorted.length - MAX_NOISE_WARNINGS} more cells fall in two groups of samples`));
  return out;
}

export function noiseWarnings(
  cells: readonly { name: string; column: string; cv: number }[],
  threshold = DEFAULT_NOISE_THRESHOLD,
): EnvWarning[] {
  const noisy = cells.filter((c) => Number.isFinite(c.cv) && c.cv > threshold).sort((x, y) => y.cv - x.cv || x.name.localeCompare(y.name));
  const pct = (v: number): string => `${Number((v * 100).toPrecision(3))}%`;
  const out = noisy
    .slice(0, MAX_NOISE_WARNINGS)
    .map((c) =>
      warn(
        'noisy',
        `${c.name}${c.column ? ` (${c.column})` : ''}: samples vary by ${pct(c.cv)} (above ${pct(threshold)}): small changes cannot be told from noise; run more repetitions on a quieter machine`,
      ),
    );
  if (noisy.length > MAX_NOISE_WARNINGS)
    out.push(warn('noisy', `${noisy.length - MAX_NOISE_WARNINGS} more cells vary by more than ${pct(threshold)}`));
  return out;
}
