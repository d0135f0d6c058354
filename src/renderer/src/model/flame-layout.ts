// Layout of a flame graph over the columnar nested set the lab sends (FlameData: nodes in
// depth-first order, children after their parent, with level/value/self): each node's start
// offset in value units, the end of its subtree, its parent; then, for a zoom and a width, the
// rectangles to draw (culling whole subtrees narrower than a pixel fraction) and hit testing.
// Everything is typed arrays and index loops: 100,000 nodes lay out in a few milliseconds.
import type { FlameData } from '../../../shared/profile-types.js';

export interface FlameLayout {
  readonly n: number;
  /** Start offset of each node, in value units from the left edge of the whole graph. */
  readonly x: Float64Array;
  /** Index one past the node's last descendant. */
  readonly end: Int32Array;
  /** Parent index, -1 for roots. */
  readonly parent: Int32Array;
  readonly maxLevel: number;
  /** Sum of the roots' values (the graph's full width in value units). */
  readonly total: number;
}

export function layoutFlame(d: Pick<FlameData, 'level' | 'value'>): FlameLayout {
  const n = d.level.length;
  const x = new Float64Array(n);
  const end = new Int32Array(n);
  const parent = new Int32Array(n);
  // next[L]: where the next child at level L starts; stack[L]: the open node at level L.
  const next = new Float64Array(256);
  const stack = new Int32Array(256);
  let nextBuf = next;
  let stackBuf = stack;
  let maxLevel = 0;
  let total = 0;
  let top = -1; // deepest open level
  for (let i = 0; i < n; i++) {
    const lv = d.level[i];
    if (lv + 2 > nextBuf.length) {
      const grow = (lv + 2) * 2;
      const nb = new Float64Array(grow);
      nb.set(nextBuf);
      nextBuf = nb;
      const sb = new Int32Array(grow);
      sb.set(stackBuf);
      stackBuf = sb;
    }
    // Close the open nodes at this level and deeper.
    while (top >= lv) {
      end[stackBuf[top]] = i;
      top--;
    }
    if (lv === 0) {
      parent[i] = -1;
      x[i] = total;
      total += d.value[i];
    } else {
      parent[i] = top === lv - 1 ? stackBuf[lv - 1] : -1;
      x[i] = nextBuf[lv];
    }
    nextBuf[lv] = x[i] + d.value[i];
    nextBuf[lv + 1] = x[i];
    stackBuf[lv] = i;
    top = lv;
    if (lv > maxLevel) maxLevel = lv;
  }
  while (top >= 0) {
    end[stackBuf[top]] = n;
    top--;
  }
  return { n, x, end, parent, maxLevel, total };
}

/** The zoom's horizontal range in value units: the zoomed node, or everything for -1. */
export function zoomRange(l: FlameLayout, d: Pick<FlameData, 'value'>, zoom: number): { readonly x0: number; readonly span: number } {
  if (zoom < 0 || zoom >= l.n) return { x0: 0, span: l.total };
  return { x0: l.x[zoom], span: d.value[zoom] };
}

/** The path from a root to the node (the breadcrumb), root first. */
export function ancestry(l: FlameLayout, node: number): number[] {
  const out: number[] = [];
  for (let i = node; i >= 0; i = l.parent[i]) out.push(i);
  return out.reverse();
}

export interface FlameViewport {
  readonly zoom: number;
  /** Canvas width in CSS pixels. */
  readonly width: number;
  readonly rowHeight: number;
  /** true: roots at the bottom (flame); false: roots at the top (icicle). */
  readonly inverted: boolean;
  /** Subtrees narrower than this many pixels are not drawn. */
  readonly minPx: number;
  /** A narrower horizontal range inside the zoomed node (wheel zoom, drag pan), in value units. */
  readonly range?: { readonly x0: number; readonly span: number } | null;
}

export interface RectList {
  count: number;
  node: Int32Array;
  x: Float32Array;
  y: Float32Array;
  w: Float32Array;
}

export function graphHeight(l: FlameLayout, rowHeight: number): number {
  return (l.maxLevel + 1) * rowHeight;
}

function ensure(out: RectList | undefined, n: number): RectList {
  if (out && out.node.length >= n) return out;
  return { count: 0, node: new Int32Array(n), x: new Float32Array(n), y: new Float32Array(n), w: new Float32Array(n) };
}

/**
 * The rectangles to draw: the zoomed node's subtree (or the part of it in `range`) scaled to
 * the width and clipped to it, its ancestors full width, nothing else. Reuses `out` when it is large enough.
 */
export function flameRects(d: Pick<FlameData, 'level' | 'value'>, l: FlameLayout, v: FlameViewport, out?: RectList): RectList {
  const r = ensure(out, l.n);
  const { x0, span } = v.range ?? zoomRange(l, d, v.zoom);
  const z = v.zoom >= 0 && v.zoom < l.n ? v.zoom : -1;
  const scale = span > 0 ? v.width / span : 0;
  const h = graphHeight(l, v.rowHeight);
  let c = 0;
  let i = 0;
  while (i < l.n) {
    const lv = d.level[i];
    let px: number;
    let pw: number;
    if (z >= 0 && i < z) {
      if (l.end[i] <= z) {
        // A subtree before the zoomed node: not drawn.
        i = l.end[i];
        continue;
      }
      // An ancestor of the zoomed node: full width.
      px = 0;
      pw = v.width;
    } else if (z >= 0 && i >= l.end[z]) {
      break;
    } else {
      pw = d.value[i] * scale;
      if (pw < v.minPx) {
        i = l.end[i];
        continue;
      }
      px = (l.x[i] - x0) * scale;
      if (px + pw <= 0 || px >= v.width) {
        // Outside a panned or wheel-zoomed range: so is its subtree.
        i = l.end[i];
        continue;
      }
      if (px < 0) {
        pw += px;
        px = 0;
      }
      if (px + pw > v.width) pw = v.width - px;
    }
    r.node[c] = i;
    r.x[c] = px;
    r.w[c] = pw;
    r.y[c] = v.inverted ? h - (lv + 1) * v.rowHeight : lv * v.rowHeight;
    c++;
    i++;
  }
  r.count = c;
  return r;
}

/** The node under a point (CSS pixels in the canvas), or -1. */
export function hitTest(d: Pick<FlameData, 'level' | 'value'>, l: FlameLayout, v: FlameViewport, px: number, py: number): number {
  if (px < 0 || px > v.width || py < 0) return -1;
  const h = graphHeight(l, v.rowHeight);
  const level = v.inverted ? Math.floor((h - py) / v.rowHeight) : Math.floor(py / v.rowHeight);
  if (level < 0 || level > l.maxLevel) return -1;
  const { x0, span } = v.range ?? zoomRange(l, d, v.zoom);
  const z = v.zoom >= 0 && v.zoom < l.n ? v.zoom : -1;
  if (z >= 0 && level < d.level[z]) {
    // The ancestors row: the one ancestor at that level.
    for (let i = z; i >= 0; i = l.parent[i]) if (d.level[i] === level) return i;
    return -1;
  }
  const at = x0 + (px / v.width) * span;
  // Walk down from the zoomed node (or the roots), into the child that contains `at`.
  let i: number;
  if (z >= 0) {
    i = z;
  } else {
    i = -1;
    for (let j = 0; j < l.n; j = l.end[j]) {
      if (at >= l.x[j] && at < l.x[j] + d.value[j]) {
        i = j;
        break;
      }
    }
    if (i < 0) return -1;
  }
  while (d.level[i] < level) {
    let found = -1;
    for (let j = i + 1; j < l.end[i]; j = l.end[j]) {
      if (at >= l.x[j] && at < l.x[j] + d.value[j]) {
        found = j;
        break;
      }
    }
    if (found < 0) return -1;
    i = found;
  }
  return i;
}
