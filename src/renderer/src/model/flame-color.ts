// Colours of flame graph frames: by Go package (a stable hue per package, so a package reads the
// same across graphs and refs), greyed when a search is active and the frame does not match,
// and in diff mode red for growth and blue for shrink, in steps scaled by the change relative to
// the largest change in the graph (absolute values or shares of the total).
import type { FlameData } from '../../../shared/profile-types.js';
import { hash32, packageOf } from '../../../shared/go-names.js';

export { hash32, packageOf };

export type Theme = 'light' | 'dark';

/** A colour per package name, stable across runs. */
export function packageColor(pkg: string, theme: Theme): string {
  const h = hash32(pkg);
  const hue = h % 360;
  const sat = 45 + ((h >>> 9) % 20);
  const light = theme === 'light' ? 68 + ((h >>> 17) % 10) : 34 + ((h >>> 17) % 10);
  return `hsl(${hue} ${sat}% ${light}%)`;
}

/** One colour per entry of `names` (frames index names by label). */
export function labelColors(names: readonly string[], theme: Theme): string[] {
  const byPkg = new Map<string, string>();
  return names.map((n) => {
    const p = packageOf(n);
    let c = byPkg.get(p);
    if (!c) byPkg.set(p, (c = packageColor(p, theme)));
    return c;
  });
}

export const DIFF_STEPS = 8;

export type DiffMode = 'absolute' | 'relative';

/** The change of each node: absolute (value - base) or relative (share - base share). */
export function diffDelta(d: FlameData, mode: DiffMode, i: number): number {
  const base = d.baseValue?.[i] ?? 0;
  if (mode === 'absolute') return d.value[i] - base;
  const t = d.total || 1;
  const bt = d.baseTotal || 1;
  return d.value[i] / t - base / bt;
}

/**
 * The diff step of every node, -DIFF_STEPS (shrank most) .. +DIFF_STEPS (grew most), scaled
 * by the largest |change| in the graph; 0 for no change or no base data.
 */
export function diffSteps(d: FlameData, mode: DiffMode): Int8Array {
  const n = d.level.length;
  const out = new Int8Array(n);
  if (!d.baseValue) return out;
  let max = 0;
  const delta = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    delta[i] = diffDelta(d, mode, i);
    const a = Math.abs(delta[i]);
    if (a > max) max = a;
  }
  if (max === 0) return out;
  for (let i = 0; i < n; i++) {
    const s = Math.round((delta[i] / max) * DIFF_STEPS);
    out[i] = s === 0 && delta[i] !== 0 ? Math.sign(delta[i]) : s;
  }
  return out;
}

/** The colour of a diff step: red for growth, blue for shrink, neutral grey for none. */
export function diffColor(step: number, theme: Theme): string {
  const t = Math.min(1, Math.abs(step) / DIFF_STEPS);
  if (step === 0) return theme === 'light' ? 'hsl(220 8% 84%)' : 'hsl(220 8% 30%)';
  const hue = step > 0 ? 0 : 215;
  const sat = 25 + 60 * t;
  const light = theme === 'light' ? 84 - 30 * t : 30 + 14 * t;
  return `hsl(${hue} ${Math.round(sat)}% ${Math.round(light)}%)`;
}

export function dimColor(theme: Theme): string {
  return theme === 'light' ? 'hsl(220 10% 90%)' : 'hsl(220 10% 20%)';
}

export function textColor(theme: Theme, dim = false): string {
  if (dim) return theme === 'light' ? 'hsl(220 8% 60%)' : 'hsl(220 8% 50%)';
  return theme === 'light' ? '#1b1f24' : '#e6edf3';
}
