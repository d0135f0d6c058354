// A flame graph as a small text picture (one line per level, each frame as [name----] scaled to
// a character width): what the tests compare, and a debugging aid. Uses the same layout and
// culling as the canvas, so the picture is what would be drawn.
import type { FlameData } from '../../../shared/profile-types.js';
import { flameRects, type FlameLayout, type FlameViewport } from './flame-layout.js';

export function flameToText(
  d: FlameData,
  l: FlameLayout,
  width: number,
  zoom = -1,
  marks?: Uint8Array,
  range?: FlameViewport['range'],
): string {
  const rows = l.maxLevel + 1;
  const lines = Array.from({ length: rows }, () => Array<string>(width).fill(' '));
  const rects = flameRects(d, l, { zoom, width, rowHeight: 1, inverted: false, minPx: 1, range });
  for (let k = 0; k < rects.count; k++) {
    const i = rects.node[k];
    const row = rects.y[k];
    const x0 = Math.round(rects.x[k]);
    const x1 = Math.min(width, Math.round(rects.x[k] + rects.w[k]));
    const w = x1 - x0;
    if (w < 1) continue;
    const name = (marks?.[i] ? '*' : '') + d.names[d.label[i]];
    const cell = w === 1 ? '|' : `[${name.slice(0, w - 2).padEnd(w - 2, '-')}]`.slice(0, w);
    for (let c = 0; c < w; c++) lines[row][x0 + c] = cell[c];
  }
  return lines.map((l2) => l2.join('').trimEnd()).join('\n');
}
