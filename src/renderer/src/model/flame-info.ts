// What the flame graph says about one frame: the hover tooltip (`total 1.40s (54.9%)`,
// `self 0ns (0.0%)`, per op when the profile knows its iterations, file:line, and base -> new in diff mode), the breadcrumb labels, and the short label that fits
// a rectangle of a given width.
import type { FlameData } from '../../../shared/profile-types.js';
import { formatPct, formatProfileValue } from './format.js';
import { ancestry, type FlameLayout } from './flame-layout.js';

export interface FrameInfo {
  readonly name: string;
  readonly file: string;
  readonly cum: number;
  readonly self: number;
  readonly cumPct: number;
  readonly selfPct: number;
  /** `total 1.40s (54.9%)` */
  readonly total: string;
  /** `self 0ns (0.0%)` */
  readonly selfText: string;
  /** Diff mode: `base 1.20s -> 1.50s (+25.0%)`. */
  readonly diff: string | null;
  /** `per op: total 1.2µs, self 0ns` when the profile knows its iterations. */
  readonly perOp: string | null;
}

export function frameInfo(d: FlameData, i: number): FrameInfo {
  const unit = d.sampleType.unit;
  const total = d.total || 1;
  const cum = d.value[i];
  const self = d.self[i];
  const f = (v: number) => formatProfileValue(v, unit);
  const totalText = `total ${f(cum)} (${formatPct(cum / total, 1)})`;
  const selfText = `self ${f(self)} (${formatPct(self / total, 1)})`;
  let diff: string | null = null;
  if (d.baseValue) {
    const b = d.baseValue[i] ?? 0;
    const change = b > 0 ? `${cum >= b ? '+' : ''}${(((cum - b) / b) * 100).toFixed(1)}%` : 'new';
    const bt = d.baseTotal || 1;
    diff = `base ${f(b)} (${formatPct(b / bt, 1)}) -> ${f(cum)} (${formatPct(cum / total, 1)}): ${change}`;
  }
  const perOp = d.iterations && !d.baseValue ? `per op: total ${f(cum / d.iterations)}, self ${f(self / d.iterations)}` : null;
  return {
    name: d.names[d.label[i]],
    file: d.files[d.label[i]] ?? '',
    cum,
    self,
    cumPct: cum / total,
    selfPct: self / total,
    total: totalText,
    selfText,
    diff,
    perOp,
  };
}

/** The breadcrumb of a zoom: the names from the root to the zoomed frame. */
export function breadcrumb(d: FlameData, l: FlameLayout, zoom: number): { readonly node: number; readonly name: string }[] {
  if (zoom < 0) return [];
  return ancestry(l, zoom).map((i) => ({ node: i, name: d.names[d.label[i]] }));
}

/** The label that fits `maxChars`: the full name, else without the package path, else cut with '…' (nothing below 4 characters). */
export function fitLabel(name: string, maxChars: number): string {
  if (maxChars < 4) return name.length <= maxChars ? name : '';
  if (name.length <= maxChars) return name;
  const slash = name.lastIndexOf('/', name.indexOf('(') >= 0 ? name.indexOf('(') : name.length);
  const short = slash >= 0 ? name.slice(slash + 1) : name;
  if (short.length <= maxChars) return short;
  return `${short.slice(0, maxChars - 1)}…`;
}

/**
 * The note for a bounded flame graph: "1,234 frames below 0.01% hidden (5.2ms together)", or
 * null when the lab hid nothing.
 */
export function hiddenNote(d: Pick<FlameData, 'hidden' | 'sampleType'>): string | null {
  const h = d.hidden;
  if (!h || h.frames === 0) return null;
  const pct = h.minShare * 100;
  const share = `${pct >= 1 ? pct.toFixed(0) : Number(pct.toPrecision(2)).toString()}%`;
  return `${h.frames.toLocaleString('en-US')} frame${h.frames === 1 ? '' : 's'} below ${share} hidden (${formatProfileValue(h.value, d.sampleType.unit)} together)`;
}
