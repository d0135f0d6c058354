// What the standalone flame graph files (flame-svg.ts, flame-html.ts) share: the horizontal
// layout of the columnar FlameData (each node's start offset in value units), frame colours
// (a stable hue per Go package; red growth and blue shrink in diff mode), the labelled
// tooltip text of a frame ("total 1.40s (54.9%)", "self 0ns (0.0%)"), and XML escaping that
// also drops the characters XML 1.0 cannot carry at all.
import type { FlameData } from '../../shared/profile-types.js';
import { formatValue } from './findings-markdown.js';
import { hash32, packageOf } from '../../shared/go-names.js';

export interface FlameExportOptions {
  /** The file's title (shown above the graph); default: the sample type. */
  readonly title?: string;
  /** Drawing width in pixels (SVG). */
  readonly width?: number;
}

/** Escapes text for XML/HTML text and double- or single-quoted attributes. */
export function escapeXml(s: string): string {
  return s
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '\ufffd')
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
    .replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;'));
}

/** Each node's start offset in value units (children laid out left to right in data order). */
export function flameOffsets(d: Pick<FlameData, 'level' | 'value'>, widths: readonly number[] = d.value): Float64Array {
  const n = d.level.length;
  const x = new Float64Array(n);
  const next: number[] = [];
  let total = 0;
  for (let i = 0; i < n; i++) {
    const lv = d.level[i];
    if (lv === 0) {
      x[i] = total;
      total += widths[i];
    } else {
      x[i] = next[lv] ?? 0;
    }
    next[lv] = x[i] + widths[i];
    next[lv + 1] = x[i];
  }
  return x;
}

/** A light-background colour per frame: by package, or by change in diff mode. */
export function frameColors(d: FlameData): string[] {
  const n = d.level.length;
  if (d.baseValue) {
    const t = d.total || 1;
    const bt = d.baseTotal || 1;
    const delta = new Float64Array(n);
    let max = 0;
    for (let i = 0; i < n; i++) {
      delta[i] = d.value[i] / t - (d.baseValue[i] ?? 0) / bt;
      max = Math.max(max, Math.abs(delta[i]));
    }
    return Array.from(delta, (v) => {
      const s = max > 0 ? Math.min(1, Math.abs(v) / max) : 0;
      if (s < 1e-9) return 'hsl(220 8% 84%)';
      return `hsl(${v > 0 ? 0 : 215} ${Math.round(25 + 60 * s)}% ${Math.round(84 - 30 * s)}%)`;
    });
  }
  const byPkg = new Map<string, string>();
  const byLabel = d.names.map((name) => {
    const p = packageOf(name);
    let c = byPkg.get(p);
    if (!c) {
      const h = hash32(p);
      c = `hsl(${h % 360} ${45 + ((h >>> 9) % 20)}% ${68 + ((h >>> 17) % 10)}%)`;
      byPkg.set(p, c);
    }
    return c;
  });
  return Array.from(d.label, (l) => byLabel[l]);
}

/** The tooltip of a frame, one line each: name, total, self, diff (base -> new), file. */
export function frameTitle(d: FlameData, i: number): string[] {
  const unit = d.sampleType.unit;
  const total = d.total || 1;
  const f = (v: number) => formatValue(v, unit);
  const pct = (v: number, of: number) => `${((100 * v) / of).toFixed(1)}%`;
  const lines = [
    d.names[d.label[i]],
    `total ${f(d.value[i])} (${pct(d.value[i], total)})`,
    `self ${f(d.self[i])} (${pct(d.self[i], total)})`,
  ];
  if (d.baseValue) {
    const b = d.baseValue[i] ?? 0;
    const change = b > 0 ? `${d.value[i] >= b ? '+' : ''}${(((d.value[i] - b) / b) * 100).toFixed(1)}%` : 'new';
    lines.push(`base ${f(b)} (${pct(b, d.baseTotal || 1)}) -> ${f(d.value[i])} (${pct(d.value[i], total)}): ${change}`);
  }
  const file = d.files[d.label[i]];
  if (file) lines.push(file);
  return lines;
}

/** The line under the title: sample type, total (and base total), frame count. */
export function flameSummary(d: FlameData): string {
  const unit = d.sampleType.unit;
  const base = d.baseValue && d.baseTotal !== undefined ? ` (base ${formatValue(d.baseTotal, unit)}; red grew, blue shrank)` : '';
  return `${d.sampleType.type}: total ${formatValue(d.total, unit)}${base}, ${d.level.length} frames`;
}

/** The part of a name that fits `chars` characters: the name, else without its package path, else cut with '…'. */
export function fitName(name: string, chars: number): string {
  if (chars < 3) return '';
  if (name.length <= chars) return name;
  const paren = name.indexOf('(');
  const slash = name.lastIndexOf('/', paren >= 0 ? paren : name.length);
  const short = slash >= 0 ? name.slice(slash + 1) : name;
  if (short.length <= chars) return short;
  return `${short.slice(0, chars - 1)}…`;
}
