// Painting a flame graph's rectangles on a canvas (the FlameGraph component decides when):
// frames grouped by colour (one fillStyle change per colour), labels where they fit, frames of
// the selected function outlined (they keep their colours: only a search greys the others),
// and on the overlay canvas the outlines of the hovered and the keyboard-selected frame.
import type { FlameData } from '../../../shared/profile-types.js';
import { dimColor, textColor, type Theme } from '../model/flame-color.js';
import { fitLabel } from '../model/flame-info.js';
import type { RectList } from '../model/flame-layout.js';

const FONT = '11px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace';
/** Frames narrower than this get no label: four characters is the least that says anything. */
const MIN_LABEL_PX = 34;

export interface PaintInput {
  readonly data: FlameData;
  readonly rects: RectList;
  readonly colorOf: (node: number) => string;
  /** Search matches: the others are greyed. */
  readonly highlight: Uint8Array | null;
  /** Frames of the selected function: outlined. */
  readonly marked: Uint8Array | null;
  readonly theme: Theme;
  readonly width: number;
  readonly height: number;
  readonly rowHeight: number;
}

export function paintFrames(ctx: CanvasRenderingContext2D, p: PaintInput): void {
  const { rects: r, highlight: hl, marked, rowHeight } = p;
  ctx.fillStyle = p.theme === 'dark' ? '#0d1117' : '#ffffff';
  ctx.fillRect(0, 0, p.width, p.height);
  const dim = dimColor(p.theme);
  const byColor = new Map<string, number[]>();
  const labels: number[] = [];
  for (let k = 0; k < r.count; k++) {
    const i = r.node[k];
    const c = hl && !hl[i] ? dim : p.colorOf(i);
    let list = byColor.get(c);
    if (!list) byColor.set(c, (list = []));
    list.push(k);
    if (r.w[k] >= MIN_LABEL_PX) labels.push(k);
  }
  for (const [c, list] of byColor) {
    ctx.fillStyle = c;
    for (const k of list) ctx.fillRect(r.x[k], r.y[k], r.w[k] > 2 ? r.w[k] - 1 : r.w[k], rowHeight - 1);
  }
  if (marked) {
    ctx.strokeStyle = p.theme === 'dark' ? '#58a6ff' : '#0550ae';
    ctx.lineWidth = 2;
    for (let k = 0; k < r.count; k++)
      if (marked[r.node[k]] && r.w[k] >= 3) ctx.strokeRect(r.x[k] + 1, r.y[k] + 1, Math.max(1, r.w[k] - 3), rowHeight - 3);
  }
  ctx.font = FONT;
  ctx.textBaseline = 'middle';
  const charW = ctx.measureText('abcdefghijklmnopqrstuvwxyz').width / 26;
  const text = textColor(p.theme);
  const textDim = textColor(p.theme, true);
  for (const k of labels) {
    const i = r.node[k];
    const s = fitLabel(p.data.names[p.data.label[i]], Math.floor((r.w[k] - 6) / charW));
    if (!s) continue;
    ctx.fillStyle = hl && !hl[i] ? textDim : text;
    ctx.fillText(s, r.x[k] + 3, r.y[k] + rowHeight / 2);
  }
}

export type Box = readonly [number, number, number, number];

/** The box of a node among the drawn rectangles, or null when it is not drawn. */
export function boxOf(r: RectList | undefined, node: number, rowHeight: number): Box | null {
  if (!r || node < 0) return null;
  for (let k = 0; k < r.count; k++) if (r.node[k] === node) return [r.x[k], r.y[k], r.w[k], rowHeight];
  return null;
}

/** Outlines boxes on the overlay after erasing the last ones: the hovered frame thin, the selected one thick and dashed. */
export function paintOutlines(
  ctx: CanvasRenderingContext2D,
  erase: readonly Box[],
  hover: Box | null,
  cursor: Box | null,
  theme: Theme,
): Box[] {
  for (const b of erase) ctx.clearRect(b[0] - 3, b[1] - 3, b[2] + 6, b[3] + 6);
  const drawn: Box[] = [];
  const ink = theme === 'dark' ? '#ffffff' : '#000000';
  if (hover) {
    ctx.setLineDash([]);
    ctx.strokeStyle = ink;
    ctx.lineWidth = 1.5;
    ctx.strokeRect(hover[0] + 0.75, hover[1] + 0.75, Math.max(1, hover[2] - 2.5), hover[3] - 2.5);
    drawn.push(hover);
  }
  if (cursor) {
    ctx.strokeStyle = ink;
    ctx.lineWidth = 2.5;
    ctx.setLineDash([4, 2]);
    ctx.strokeRect(cursor[0] + 1.25, cursor[1] + 1.25, Math.max(1, cursor[2] - 3.5), cursor[3] - 3.5);
    ctx.setLineDash([]);
    drawn.push(cursor);
  }
  return drawn;
}
