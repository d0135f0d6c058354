// The flame graph on a <canvas>: lays out the columnar FlameData once (model/flame-layout.ts),
// then each draw paints only the rectangles a pixel or wider (subtrees below that are skipped
// whole), with labels where they fit. Hover hit-tests, outlines the frame on a transparent
// overlay canvas and updates a tooltip (`cum (cum%) | self (self%)`, file:line, base -> new in
// diff mode) without React; click zooms. Every draw is timed with performance.measure('flame-draw') for bench/.
import { useCallback, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { FlameData } from '../../../shared/profile-types.js';
import { diffColor, diffSteps, dimColor, labelColors, textColor, DIFF_STEPS, type DiffMode, type Theme } from '../model/flame-color.js';
import { fitLabel, frameInfo } from '../model/flame-info.js';
import { flameRects, graphHeight, hitTest, layoutFlame, type FlameLayout, type FlameViewport, type RectList } from '../model/flame-layout.js';

export interface FlameGraphProps {
  readonly data: FlameData;
  /** The data's layout when the caller has it already (used unless diff mode widens frames). */
  readonly layout?: FlameLayout;
  readonly inverted: boolean;
  /** Colour by diff (red growth, blue shrink) instead of by package; needs baseValue. */
  readonly diff: DiffMode | null;
  /** Frames to highlight (search or the selected function); others are greyed. */
  readonly highlight: Uint8Array | null;
  readonly zoom: number;
  readonly onZoom: (node: number) => void;
  readonly onSelect?: (name: string) => void;
  readonly theme: Theme;
  readonly label: string;
  readonly rowHeight?: number;
  readonly className?: string;
}

const FONT = '11px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace';
/** Frames narrower than this get no label: four characters is the least that says anything. */
const MIN_LABEL_PX = 34;
let drawCount = 0;

export function FlameGraph(p: FlameGraphProps) {
  const rowHeight = p.rowHeight ?? 18;
  const wrap = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const tip = useRef<HTMLDivElement>(null);
  const hover = useRef(-1);
  const rects = useRef<RectList | undefined>(undefined);
  const [width, setWidth] = useState(0);

  const geom = useMemo(() => {
    const t0 = performance.now();
    if (!(p.diff && p.data.baseValue) && p.layout) return { g: { level: p.data.level, value: p.data.value }, layout: p.layout };
    const both = p.diff && p.data.baseValue ? p.data.value.map((v, i) => v + (p.data.baseValue?.[i] ?? 0)) : p.data.value;
    const g = { level: p.data.level, value: both };
    const layout = layoutFlame(g);
    performance.measure('flame-layout', { start: t0, end: performance.now() });
    return { g, layout };
  }, [p.data, p.diff, p.layout]);

  const colors = useMemo(() => {
    if (p.diff && p.data.baseValue) {
      const steps = diffSteps(p.data, p.diff);
      const palette = Array.from({ length: 2 * DIFF_STEPS + 1 }, (_, k) => diffColor(k - DIFF_STEPS, p.theme));
      return (i: number) => palette[steps[i] + DIFF_STEPS];
    }
    const byLabel = labelColors(p.data.names, p.theme);
    return (i: number) => byLabel[p.data.label[i]];
  }, [p.data, p.diff, p.theme]);

  const viewport = useCallback((): FlameViewport => ({ zoom: p.zoom, width, rowHeight, inverted: p.inverted, minPx: 0.5 }), [p.zoom, width, rowHeight, p.inverted]);

  // Two canvases: the frames are painted into the main canvas when what they show changes
  // (data, zoom, width, colours, highlight); the hovered frame's outline goes on a transparent
  // overlay above it, so a hover repaints one rectangle, not the graph.
  const overlay = useRef<HTMLCanvasElement>(null);
  const paintedFor = useRef<unknown>(null);
  const outlined = useRef<readonly [number, number, number, number] | null>(null);

  const paintMain = useCallback((target: HTMLCanvasElement, dpr: number, height: number): void => {
    const { g, layout } = geom;
    const v = viewport();
    const tw = Math.round(width * dpr);
    const th = Math.round(height * dpr);
    if (target.width !== tw || target.height !== th) {
      target.width = tw;
      target.height = th;
      target.style.width = `${width}px`;
      target.style.height = `${height}px`;
    }
    const ctx = target.getContext('2d', { alpha: false });
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.fillStyle = p.theme === 'dark' ? '#0d1117' : '#ffffff';
    ctx.fillRect(0, 0, width, height);
    const r = (rects.current = flameRects(g, layout, v, rects.current));
    const hl = p.highlight;
    const dim = dimColor(p.theme);
    // Grouped by colour: one fillStyle change per colour, not per frame.
    const byColor = new Map<string, number[]>();
    const labels: number[] = [];
    for (let k = 0; k < r.count; k++) {
      const i = r.node[k];
      const c = hl && !hl[i] ? dim : colors(i);
      let list = byColor.get(c);
      if (!list) byColor.set(c, (list = []));
      list.push(k);
      if (r.w[k] >= MIN_LABEL_PX) labels.push(k);
    }
    for (const [c, list] of byColor) {
      ctx.fillStyle = c;
      for (const k of list) ctx.fillRect(r.x[k], r.y[k], r.w[k] > 2 ? r.w[k] - 1 : r.w[k], rowHeight - 1);
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
  }, [geom, viewport, colors, p.highlight, p.theme, p.data, width, rowHeight]);

  /** Outlines the hovered frame on the overlay (sized on first use), erasing the last outline. */
  const paintOverlay = useCallback((dpr: number) => {
    const o = overlay.current;
    const c = canvas.current;
    const r = rects.current;
    if (!o || !c) return;
    if (o.width !== c.width || o.height !== c.height) {
      o.width = c.width;
      o.height = c.height;
      o.style.width = c.style.width;
      o.style.height = c.style.height;
      outlined.current = null;
    }
    const ctx = o.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const last = outlined.current;
    if (last) ctx.clearRect(last[0] - 2, last[1] - 2, last[2] + 4, last[3] + 4);
    outlined.current = null;
    const h = hover.current;
    if (h < 0 || !r) return;
    for (let k = 0; k < r.count; k++) {
      if (r.node[k] !== h) continue;
      const box = [r.x[k] + 0.75, r.y[k] + 0.75, Math.max(1, r.w[k] - 2.5), rowHeight - 2.5] as const;
      ctx.strokeStyle = p.theme === 'dark' ? '#ffffff' : '#000000';
      ctx.lineWidth = 1.5;
      ctx.strokeRect(box[0], box[1], box[2], box[3]);
      outlined.current = box;
      break;
    }
  }, [p.theme, rowHeight]);

  const draw = useCallback(() => {
    const c = canvas.current;
    if (!c || width <= 0) return;
    const t0 = performance.now();
    const dpr = window.devicePixelRatio || 1;
    const repaint = paintedFor.current !== paintMain;
    if (repaint) {
      paintMain(c, dpr, graphHeight(geom.layout, rowHeight));
      paintedFor.current = paintMain;
    }
    if (hover.current >= 0 || outlined.current) paintOverlay(dpr);
    const t1 = performance.now();
    if (++drawCount > 5000) {
      performance.clearMeasures('flame-draw');
      performance.clearMeasures('flame-hover');
      drawCount = 0;
    }
    const count = rects.current?.count ?? 0;
    performance.measure('flame-draw', { start: t0, end: t1, detail: { rects: count, repaint } });
    c.dataset.rects = String(count);
    c.dataset.draws = String(Number(c.dataset.draws ?? 0) + 1);
  }, [geom, paintMain, paintOverlay, width, rowHeight]);

  // Layout effects: the width is read and the first frame drawn before the browser paints.
  useLayoutEffect(() => {
    const el = wrap.current;
    if (!el) return;
    setWidth(Math.floor(el.clientWidth));
    const ro = new ResizeObserver(() => setWidth(Math.floor(el.clientWidth)));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  useLayoutEffect(() => {
    draw();
  }, [draw]);

  const pointAt = (e: React.MouseEvent) => {
    const rect = canvas.current!.getBoundingClientRect();
    return [e.clientX - rect.left, e.clientY - rect.top] as const;
  };

  const onMove = (e: React.MouseEvent) => {
    const t0 = performance.now();
    const [x, y] = pointAt(e);
    const i = hitTest(geom.g, geom.layout, viewport(), x, y);
    const t = tip.current;
    if (i !== hover.current) {
      hover.current = i;
      draw();
      if (t) {
        if (i < 0) t.hidden = true;
        else {
          const f = frameInfo(p.data, i);
          t.hidden = false;
          t.replaceChildren(...[f.name, f.summary, f.diff, f.file].filter((s): s is string => !!s).map((s, k) => {
            const d = document.createElement('div');
            d.className = k === 0 ? 'tip-name' : 'tip-line';
            d.textContent = s;
            return d;
          }));
        }
      }
    }
    if (t && i >= 0) {
      const wr = wrap.current!.getBoundingClientRect();
      const left = Math.min(e.clientX - wr.left + 14, wr.width - 340);
      t.style.transform = `translate(${Math.max(0, left)}px, ${e.clientY - wr.top + wrap.current!.scrollTop + 16}px)`;
    }
    performance.measure('flame-hover', { start: t0, end: performance.now() });
  };

  const onLeave = () => {
    hover.current = -1;
    if (tip.current) tip.current.hidden = true;
    draw();
  };

  const onClick = (e: React.MouseEvent) => {
    performance.mark('flame-click');
    const [x, y] = pointAt(e);
    const i = hitTest(geom.g, geom.layout, viewport(), x, y);
    if (i < 0) return;
    p.onZoom(i === p.zoom ? -1 : i);
    p.onSelect?.(p.data.names[p.data.label[i]]);
  };

  return (
    <div className={`flame-wrap ${p.className ?? ''}`} ref={wrap}>
      <canvas ref={canvas} className="flame-canvas" role="img" aria-label={p.label} onMouseMove={onMove} onMouseLeave={onLeave} onClick={onClick} />
      <canvas ref={overlay} className="flame-overlay" aria-hidden="true" />
      <div className="flame-tip" ref={tip} hidden />
    </div>
  );
}
