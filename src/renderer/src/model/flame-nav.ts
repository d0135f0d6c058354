// Navigation in a flame graph beyond click-to-zoom: a continuous horizontal view range (in
// value units) for wheel zoom around the pointer and drag pan, kept inside the zoomed frame
// (zooming out past it climbs to its ancestors), and keyboard moves of a selected frame
// (parent, widest child, previous/next frame on the same row inside the zoomed subtree).
import type { FlameData } from '../../../shared/profile-types.js';
import { zoomRange, type FlameLayout } from './flame-layout.js';

export interface ViewRange {
  readonly x0: number;
  readonly span: number;
}

/** The smallest span a wheel may reach: a millionth of the graph (pixels stay finite). */
const MIN_FRACTION = 1e-6;

/** The range moved inside `bounds` and no wider than it. */
export function clampRange(r: ViewRange, bounds: ViewRange, total: number): ViewRange {
  const span = Math.min(bounds.span, Math.max(r.span, total * MIN_FRACTION));
  const x0 = Math.min(bounds.x0 + bounds.span - span, Math.max(bounds.x0, r.x0));
  return { x0, span };
}

/**
 * Zooms by `factor` (< 1 in, > 1 out) keeping the point at `at` (0..1 of the width) where it
 * is. Zooming out past the zoomed frame moves the zoom to the ancestor that holds the new span
 * (-1: the whole graph). Returns the new zoom node and range (null range: the zoom node's own).
 */
export function wheelZoom(
  d: Pick<FlameData, 'value'>,
  l: FlameLayout,
  zoom: number,
  r: ViewRange | null,
  at: number,
  factor: number,
): { readonly zoom: number; readonly range: ViewRange | null } {
  const cur = r ?? zoomRange(l, d, zoom);
  const span = cur.span * factor;
  const x0 = cur.x0 + at * cur.span - at * span;
  let z = zoom;
  while (z >= 0 && span > d.value[z] * (1 + 1e-9)) z = l.parent[z];
  const bounds = zoomRange(l, d, z);
  if (span >= bounds.span * (1 - 1e-9)) return { zoom: z, range: null };
  return { zoom: z, range: clampRange({ x0, span }, bounds, l.total) };
}

/** Pans by `dx` of the width (positive: content moves right, the view left). */
export function panRange(d: Pick<FlameData, 'value'>, l: FlameLayout, zoom: number, r: ViewRange | null, dx: number): ViewRange | null {
  if (!r) return null;
  return clampRange({ x0: r.x0 - dx * r.span, span: r.span }, zoomRange(l, d, zoom), l.total);
}

/** Whether node i lies (at least partly) inside the range. */
export function inRange(d: Pick<FlameData, 'value'>, l: FlameLayout, r: ViewRange | null, i: number): boolean {
  if (!r) return true;
  return l.x[i] + d.value[i] > r.x0 && l.x[i] < r.x0 + r.span;
}

export type FlameMove = 'parent' | 'child' | 'prev' | 'next';

/**
 * The frame a key moves the selection to, or `from` when there is none. Moves stay in the
 * zoomed subtree and its ancestors: `child` goes to the widest child, `prev`/`next` to the
 * nearest frame on the same row.
 */
export function moveSelection(d: Pick<FlameData, 'level' | 'value'>, l: FlameLayout, zoom: number, from: number, move: FlameMove): number {
  const lo = zoom >= 0 ? zoom : 0;
  const hi = zoom >= 0 ? l.end[zoom] : l.n;
  if (from < 0 || from >= l.n) return lo < l.n ? lo : -1;
  const lv = d.level[from];
  switch (move) {
    case 'parent':
      return l.parent[from] >= 0 ? l.parent[from] : from;
    case 'child': {
      let best = -1;
      for (let j = from + 1; j < l.end[from]; j = l.end[j]) if (best < 0 || d.value[j] > d.value[best]) best = j;
      return best >= 0 ? best : from;
    }
    case 'next':
      if (from < lo) return from;
      for (let j = l.end[from]; j < hi; j++) if (d.level[j] === lv) return j;
      return from;
    case 'prev':
      if (from <= lo) return from;
      for (let j = from - 1; j >= lo; j--) if (d.level[j] === lv) return j;
      return from;
  }
}
