// The small strings benchstat prints in cells, shared by the text, CSV and markdown renderers:
// the `± x%` range, footnote superscripts, the column header tree (golang/perf KeyHeader), and
// Perflab's delta interval `[-18.0%, -16.4%]`.
import { formatGoFloat, formatGoFloatSigned } from '../benchunit/index.js';
import type { RatioInterval, Summary } from '../stats/index.js';

function sign(x: number): number {
  return x > 0 ? 1 : x < 0 ? -1 : 0;
}

/** benchstat's Summary.PctRangeString: `∞`, `?`, `0%` or the half-width as a whole percent. */
export function pctRange(s: Summary): string {
  if (!Number.isFinite(s.lo) && !Number.isNaN(s.lo)) return '∞';
  if (!Number.isFinite(s.hi) && !Number.isNaN(s.hi)) return '∞';
  const cs = sign(s.center);
  if (cs !== sign(s.lo) || cs !== sign(s.hi)) return '?';
  if (s.center === 0) return '0%';
  const a = s.hi / s.center - 1;
  const b = 1 - s.lo / s.center;
  const v = Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.max(a, b);
  return formatGoFloat(100 * v, 0) + '%';
}

const SUPER = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];

export function superscript(i: number): string {
  if (i === 0) return SUPER[0];
  let s = '';
  for (let n = i; n > 0; n = Math.floor(n / 10)) s = SUPER[n % 10] + s;
  return s;
}

export interface HeaderNode {
  readonly level: number;
  readonly value: string;
  readonly start: number;
  readonly len: number;
  readonly children: HeaderNode[];
}

/** Column keys combined into a forest by common leading field values. */
export function keyHeader(cols: readonly (readonly string[])[], nFields: number): HeaderNode[] {
  const walk = (parent: { level: number; start: number; len: number; children: HeaderNode[] }): void => {
    const level = parent.level + 1;
    if (level === nFields) return;
    let node: HeaderNode | null = null;
    for (let j = 0; j < parent.len; j++) {
      const val = cols[parent.start + j][level];
      if (node !== null && val === node.value) {
        (node as { len: number }).len++;
      } else {
        node = { level, value: val, start: parent.start + j, len: 1, children: [] };
        parent.children.push(node);
      }
    }
    for (const c of parent.children) walk(c as unknown as { level: number; start: number; len: number; children: HeaderNode[] });
  };
  const root = { level: -1, start: 0, len: cols.length, children: [] as HeaderNode[] };
  if (cols.length > 0) walk(root);
  return root.children;
}

/** A ratio interval as percent changes with one decimal: `[-18.0%, -16.4%]`. */
export function formatInterval(iv: RatioInterval): string {
  const pct = (r: number, d: number): string => (r === Infinity ? '+∞' : formatGoFloatSigned((r - 1) * 100, d) + '%');
  // A bound that is not zero never prints as `-0.0%`/`+0.0%`: up to three decimals, then `±0.0%`
  // for an interval that hugs zero closer than that (so `[-0.0%, +0.0%]` never appears).
  const roundsToZero = (r: number, d: number) => r !== 1 && r !== Infinity && Number(formatGoFloatSigned((r - 1) * 100, d)) === 0;
  let d = 1;
  while (d < 3 && (roundsToZero(iv.lo, d) || roundsToZero(iv.hi, d))) d++;
  if ((roundsToZero(iv.lo, d) || iv.lo === 1) && (roundsToZero(iv.hi, d) || iv.hi === 1)) return '±0.0%';
  return `[${pct(iv.lo, d)}, ${pct(iv.hi, d)}]`;
}
