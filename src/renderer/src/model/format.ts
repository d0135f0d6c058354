// Number and time formatting for the views. Benchmark values are scaled the way the comparison
// engine (benchstat) does: one SI prefix (binary for bytes) chosen to keep about four
// significant digits; profile values the way `go tool pprof` labels them (10ms, 1.50s,
// 2.31MB). Where the API already sends text (CompareSummary.text, CompareDelta.text) the views
// show that text and never re-format.

const SI: readonly [number, string][] = [
  [1e12, 'T'],
  [1e9, 'G'],
  [1e6, 'M'],
  [1e3, 'k'],
  [1, ''],
  [1e-3, 'm'],
  [1e-6, 'µ'],
  [1e-9, 'n'],
];
const IEC: readonly [number, string][] = [
  [2 ** 40, 'Ti'],
  [2 ** 30, 'Gi'],
  [2 ** 20, 'Mi'],
  [2 ** 10, 'Ki'],
  [1, ''],
];

/** benchstat's unit classes: bytes scale by 1024, everything else by 1000. */
export function unitClass(unit: string): 'binary' | 'decimal' {
  return /^B(\/|$)/.test(unit) ? 'binary' : 'decimal';
}

/** The scale for a group of values, from the smallest non-zero magnitude (as benchstat). */
export function benchScale(
  values: readonly number[],
  unit: string,
): { readonly factor: number; readonly prefix: string; readonly prec: number } {
  let min = 0;
  for (const v0 of values) {
    const v = Math.abs(v0);
    if (v !== 0 && Number.isFinite(v) && (min === 0 || v < min)) min = v;
  }
  if (min === 0) return { factor: 1, prefix: '', prec: 3 };
  const table = unitClass(unit) === 'binary' ? IEC : SI;
  for (const [factor, prefix] of table) {
    const s = min / factor;
    if (s >= 99.995) return { factor, prefix, prec: 1 };
    if (s >= 9.9995) return { factor, prefix, prec: 2 };
    if (s >= 0.99995) return { factor, prefix, prec: 3 };
  }
  const [factor, prefix] = table[table.length - 1];
  const digits = Math.min(10, 3 + Math.max(0, Math.ceil(-Math.log10(min / factor))));
  return { factor, prefix, prec: digits };
}

/** One benchmark value on its own scale, e.g. `1.718µ` (append the unit where needed). */
export function formatBench(value: number, unit: string): string {
  if (!Number.isFinite(value)) return String(value);
  const s = benchScale([value], unit);
  return (value / s.factor).toFixed(s.prec) + s.prefix;
}

/** A benchmark value with its unit, for chart axes and tooltips: `1.718µ sec/op`. */
export function formatBenchWithUnit(value: number, unit: string): string {
  return `${formatBench(value, unit)} ${unit}`;
}

function trimZeros(s: string): string {
  return s.replace(/\.00$/, '');
}

/** A profile value labelled as `go tool pprof` labels it (ns -> s/ms/us, bytes -> kB/MB). */
export function formatProfileValue(value: number, unit: string): string {
  const a = Math.abs(value);
  switch (unit) {
    case 'nanoseconds': {
      if (a >= 3600e9) return `${trimZeros((value / 3600e9).toFixed(2))}hrs`;
      if (a >= 60e9) return `${trimZeros((value / 60e9).toFixed(2))}mins`;
      if (a >= 1e9) return `${trimZeros((value / 1e9).toFixed(2))}s`;
      if (a >= 1e6) return `${trimZeros((value / 1e6).toFixed(2))}ms`;
      if (a >= 1e3) return `${trimZeros((value / 1e3).toFixed(2))}us`;
      return `${trimZeros(value.toFixed(2))}ns`;
    }
    case 'bytes': {
      const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];
      let v = value;
      let i = 0;
      while (Math.abs(v) >= 1024 && i < units.length - 1) {
        v /= 1024;
        i++;
      }
      return `${trimZeros(v.toFixed(2))}${units[i]}`;
    }
    default:
      return Number.isInteger(value) ? groupThousands(value) : trimZeros(value.toFixed(2));
  }
}

export function groupThousands(n: number): string {
  const s = Math.abs(Math.round(n)).toString();
  return (n < 0 ? '-' : '') + s.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A share as pprof prints it: `12.34%`. */
export function formatPct(fraction: number, digits = 2): string {
  if (!Number.isFinite(fraction)) return '–';
  return `${(fraction * 100).toFixed(digits)}%`;
}

/** A ratio (0.9 = -10%) as a signed percentage change: `-10.0%`. */
export function formatRatioChange(ratio: number | null, digits = 1): string {
  if (ratio === null || !Number.isFinite(ratio)) return '?';
  const pct = (ratio - 1) * 100;
  const s = pct.toFixed(digits);
  return `${pct > 0 ? '+' : ''}${s === `-${(0).toFixed(digits)}` ? (0).toFixed(digits) : s}%`;
}

/** A duration in ms as `850ms`, `12s`, `1m 05s`, `2h 03m`. */
export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms) || ms < 0) return '–';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}

/** Milliseconds between two ISO dates, or null when either is missing. */
export function spanMs(from: string | null, to: string | null): number | null {
  if (!from || !to) return null;
  const d = Date.parse(to) - Date.parse(from);
  return Number.isFinite(d) ? d : null;
}

/** An ISO date as local `YYYY-MM-DD HH:MM` (stable across locales). */
export function formatDate(iso: string | null): string {
  if (!iso) return '–';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** A byte size: `1.2 MB` (decimal, as file managers show it). */
export function formatSize(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let v = bytes / 1000;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

/** A short SHA. */
export function shortSha(sha: string): string {
  return sha.slice(0, 10);
}

/** A column label for people: a range or bisect column is labelled by its full SHA, shown with 12 digits. */
export function refText(label: string): string {
  return /^[0-9a-f]{40,64}$/.test(label) ? label.slice(0, 12) : label;
}
