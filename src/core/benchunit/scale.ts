// Scaling numbers for display with SI (k, M, µ, n...) or IEC (Ki, Mi...) prefixes, benchstat's
// way: one scale per table row, chosen from the smallest non-zero |value| so that it keeps about
// four significant digits. compare's text and markdown renderers use it; values must already be
// tidied (tidy.ts), or `123456789 ns` would print as "123.5M" nanoseconds.
import { formatGoFloat } from './go-format.js';

/** A scale: digits after the point, the unscaled value of one prefix, and the prefix. */
export interface Scaler {
  readonly prec: number;
  readonly factor: number;
  readonly prefix: string;
}

interface Factor {
  readonly factor: number;
  readonly prefix: string;
  // Thresholds at which a scaled value prints as 100.0, 10.00 and 1.000.
  readonly t100: number;
  readonly t10: number;
  readonly t1: number;
}

// Exact powers of ten as float64 literals (Go's math.Pow(10, n) gives the same doubles).
const SI_EXPS: readonly [number, number, string][] = [
  [12, 1e12, 'T'],
  [9, 1e9, 'G'],
  [6, 1e6, 'M'],
  [3, 1e3, 'k'],
  [0, 1, ''],
  [-3, 1e-3, 'm'],
  [-6, 1e-6, 'µ'],
  [-9, 1e-9, 'n'],
];

const SI_FACTORS: readonly Factor[] = SI_EXPS.map(([exp, factor, prefix]) => ({
  factor,
  prefix,
  // Parsing the printed thresholds makes them match how printing rounds.
  t100: Number(`99.995e${exp}`),
  t10: Number(`9.9995e${exp}`),
  t1: Number(`.99995e${exp}`),
}));

// 99.995, 9.9995 and .99995 as the hex mantissas Go parses (each exactly a double), scaled.
const M100 = Number(0x18ffae147ae148n) / 2 ** 52; // 0x1.8ffae147ae148
const M10 = Number(0x13ffbe76c8b439n) / 2 ** 52; // 0x1.3ffbe76c8b439
const M1 = Number(0x1fff972474538fn) / 2 ** 52; // 0x1.fff972474538f

const IEC_FACTORS: readonly Factor[] = (['Ti', 'Gi', 'Mi', 'Ki', ''] as const).map((prefix, i) => {
  const exp = 40 - 10 * i;
  return { factor: 2 ** exp, prefix, t100: M100 * 2 ** (6 + exp), t10: M10 * 2 ** (3 + exp), t1: M1 * 2 ** (-1 + exp) };
});

// Thresholds for 3..10 digits after the point below the smallest prefix.
const SIGFIGS: readonly number[] = [-1, -2, -3, -4, -5, -6, -7, -8].map((e) => Number(`9.9995e${e}`));
const SIGFIGS_BASE = 3;

/** Formats with the scale: `123.4M`, `1.718µ`, `307.3Mi`. */
export function formatScaled(s: Scaler, value: number): string {
  return formatGoFloat(value / s.factor, s.prec) + s.prefix;
}

/** The scale for a set of values (a table row): from the smallest non-zero |value|. */
export function commonScale(values: readonly number[], cls: 'binary' | 'decimal'): Scaler {
  let min = 0;
  for (const v0 of values) {
    const v = Math.abs(v0);
    if (v !== 0 && (min === 0 || v < min)) min = v;
  }
  if (min === 0) return { prec: 3, factor: 1, prefix: '' };
  const factors = cls === 'binary' ? IEC_FACTORS : SI_FACTORS;
  for (const f of factors) {
    if (min >= f.t100) return { prec: 1, factor: f.factor, prefix: f.prefix };
    if (min >= f.t10) return { prec: 2, factor: f.factor, prefix: f.prefix };
    if (min >= f.t1) return { prec: 3, factor: f.factor, prefix: f.prefix };
  }
  // Smaller than the smallest prefix: more digits after the point.
  const last = factors[factors.length - 1];
  const val = min / last.factor;
  for (let i = 0; i < SIGFIGS.length; i++) {
    if (val >= SIGFIGS[i] || i === SIGFIGS.length - 1) return { prec: i + SIGFIGS_BASE, factor: last.factor, prefix: last.prefix };
  }
  /* c8 ignore next */
  throw new Error('unreachable');
}

/** One value on its own scale (benchstat's geomean cells). */
export function scaleValue(value: number, cls: 'binary' | 'decimal'): string {
  return formatScaled(commonScale([value], cls), value);
}
