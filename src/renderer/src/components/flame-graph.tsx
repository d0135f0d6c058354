// The flame graph on a <canvas>: lays out the columnar FlameData once (model/flame-layout.ts),
// then each draw paints only the rectangles a pixel or wider (components/flame-paint.ts).
// Navigation as in speedscope and pprof: click zooms to a frame (the breadcrumb zooms out), the
// wheel zooms around the pointer and a drag pans (model/flame-nav.ts), and the canvas is in the
// Tab order with keys: arrows move a selected frame (up/down parent/child as drawn, left/right
// along the row), Enter zooms to it, Backspace or u zooms out, + and - zoom the view. Hover and
// the selected frame show a labelled tooltip (total, self, file; base -> new in diff mode)
// without React. Every draw is timed with performance.measure('flame-draw') for bench/.
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { FlameData } from '../../../shared/profile-types.js';
import { diffColor, diffSteps, labelColors, DIFF_STEPS, type DiffMode, type Theme } from '../model/flame-color.js';
import { frameInfo } from '../model/flame-info.js';
import {
  flameRects,
  graphHeight,
  hitTest,
  layoutFlame,
  type FlameLayout,
  type FlameViewport,
  type RectList,
} from '../model/flame-layout.js';
import { inRange, moveSelection, panRange, wheelZoom, type FlameMove, type ViewRange } from '../model/flame-nav.js';
import { boxOf, paintFrames, paintOutlines, type Box } from './flame-paint.js';

export interface FlameGraphProps {
  readonly data: FlameData;
  /** The data's layout when the caller has it already (used unless diff mode widens frames). */
  readonly layout?: FlameLayout;
  readonly inverted: boolean;
  /** Colour by diff (red growth, blue shrink) instead of by package; needs baseValue. */
  readonly diff: DiffMode | null;
  /** Search matches: the other frames are greyed. */
  readonly highlight: Uint8Array | null;
  /** Frames of the selected function: outlined, colours kept. */
  readonly marked?: Uint8Array | null;
  readonly zoom: number;
  readonly onZoom: (node: number) => void;
  readonly onSelect?: (name: string) => void;
  /** The keyboard-selected frame, when the caller drives it (search next/previous). */
  readonly cursor?: number;
  readonly onCursor?: (node: number) => void;
  readonly theme: Theme;
  readonly label: string;
  readonly rowHeight?: number;
  readonly className?: string;
}

let drawCount = 0;
const KEY_MOVES: Record<string, readonly [FlameMove, FlameMove]> = {
  // [icicle, flame]: up and down follow the drawing.
  ArrowUp: ['parent', 'child'],
  ArrowDown: ['child', 'parent'],
  ArrowLeft: ['prev', 'prev'],
  ArrowRight: ['next', 'next'],
};

export function FlameGraph(p: FlameGraphProps) {
  const rowHeight = p.rowHeight ?? 18;
  const wrap = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const overlay = useRef<HTMLCanvasElement>(null);
  const tip = useRef<HTMLDivElement>(null);
  const live = useRef<HTMLDivElement>(null);
  const hover = useRef(-1);
  const rects = useRef<RectList | undefined>(undefined);
  const [width, setWidth] = useState(0);
  const [ownCursor, setOwnCursor] = useState(-1);
  const cursor = p.cursor ?? ownCursor;
  const setCursor = p.onCursor ?? setOwnCursor;

  const geom = useMemo(() => {
    const t0 = performance.now();
    if (!(p.diff && p.data.baseValue) && p.layout) return { g: { level: p.data.level, value: p.data.value }, layout: p.layout };
    const both = p.diff && p.data.baseValue ? p.data.value.map((v, i) => v + (p.data.baseValue?.[i] ?? 0)) : p.data.value;
    const g = { level: p.data.level, value: both };
    const layout = layoutFlame(g);
    performance.measure('flame-layout', { start: t0, end: performance.now() });
    return { g, layout };
  }, [p.data, p.diff, p.layout]);

  // The wheel/drag range belongs to one zoom of one graph: a click zoom or new data resets it.
  const [view, setView] = useState<{ readonly zoom: number; readonly geom: unknown; readonly range: ViewRange } | null>(null);
  const range = view && view.zoom === p.zoom && view.geom === geom ? view.range : null;

  const colors = useMemo(() => {
    if (p.diff && p.data.baseValue) {
      const steps = diffSteps(p.data, p.diff);
      const palette = Array.from({ length: 2 * DIFF_STEPS + 1 }, (_, k) => diffColor(k - DIFF_STEPS, p.theme));
      return (i: number) => palette[steps[i] + DIFF_STEPS];
    }
    const byLabel = labelColors(p.data.names, p.theme);
    return (i: number) => byLabel[p.data.label[i]];
  }, [p.data, p.diff, p.theme]);

  const viewport = useCallback(
    (): FlameViewport => ({ zoom: p.zoom, width, rowHeight, inverted: p.inverted, minPx: 0.5, range }),
    [p.zoom, width, rowHeight, p.inverted, range],
  );

  // Two canvases: the frames are painted into the main canvas when what they show changes
  // (data, zoom, range, width, colours, highlight); the hovered and selected frames' outlines go
  // on a transparent overlay above it, so a hover repaints one rectangle, not the graph.
  const paintedFor = useRef<unknown>(null);
  const outlined = useRef<Box[]>([]);

  const paintMain = useCallback(
    (target: HTMLCanvasElement, dpr: number, height: number): void => {
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
      const r = (rects.current = flameRects(geom.g, geom.layout, viewport(), rects.current));
      paintFrames(ctx, {
        data: p.data,
        rects: r,
        colorOf: colors,
        highlight: p.highlight,
        marked: p.marked ?? null,
        theme: p.theme,
        width,
        height,
        rowHeight,
      });
    },
    [geom, viewport, colors, p.highlight, p.marked, p.theme, p.data, width, rowHeight],
  );

  const paintOverlay = useCallback(
    (dpr: number) => {
      const o = overlay.current;
      const c = canvas.current;
      if (!o || !c) return;
      if (o.width !== c.width || o.height !== c.height) {
        o.width = c.width;
        o.height = c.height;
        o.style.width = c.style.width;
        o.style.height = c.style.height;
        outlined.current = [];
      }
      const ctx = o.getContext('2d');
      if (!ctx) return;
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      outlined.current = paintOutlines(
        ctx,
        outlined.current,
        boxOf(rects.current, hover.current, rowHeight),
        boxOf(rects.current, cursor, rowHeight),
        p.theme,
      );
    },
    [p.theme, rowHeight, cursor],
  );

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
    paintOverlay(dpr);
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

  /** Shows the tooltip of node i at (x, y) in the wrapper's coordinates (hidden for -1). */
  const tipNode = useRef(-1);
  const tipData = useRef<FlameData | null>(null);
  const showTip = useCallback(
    (i: number, x: number, y: number) => {
      const t = tip.current;
      const w = wrap.current;
      if (!t || !w) return;
      if (i < 0) {
        t.hidden = true;
        tipNode.current = -1;
        return;
      }
      t.hidden = false;
      // The text is rebuilt only for another frame; moving within one frame only moves the box.
      if (tipNode.current !== i || tipData.current !== p.data) {
        tipNode.current = i;
        tipData.current = p.data;
        const f = frameInfo(p.data, i);
        t.replaceChildren(
          ...[f.name, f.total, f.selfText, f.perOp, f.diff, f.file]
            .filter((s): s is string => !!s)
            .map((s, k) => {
              const d = document.createElement('div');
              d.className = k === 0 ? 'tip-name' : 'tip-line';
              d.textContent = s;
              return d;
            }),
        );
      }
      const left = Math.min(x + 14, w.clientWidth - 340);
      t.style.transform = `translate(${Math.max(0, left)}px, ${y + 16}px)`;
    },
    [p.data],
  );

  // The wheel zooms around the pointer (horizontal wheel and Shift+wheel pan). A native
  // listener: React's wheel listener is passive and cannot keep the page from scrolling.
  const state = useRef({ geom, zoom: p.zoom, range, width, onZoom: p.onZoom });
  state.current = { geom, zoom: p.zoom, range, width, onZoom: p.onZoom };
  const applyView = useCallback((zoom: number, r: ViewRange | null) => {
    const s = state.current;
    if (zoom !== s.zoom) s.onZoom(zoom);
    setView(r ? { zoom, geom: s.geom, range: r } : null);
  }, []);
  useEffect(() => {
    const c = canvas.current;
    if (!c) return;
    const onWheel = (e: WheelEvent) => {
      const s = state.current;
      if (s.width <= 0) return;
      e.preventDefault();
      const unit = e.deltaMode === 1 ? 16 : e.deltaMode === 2 ? 400 : 1;
      const dx = (e.shiftKey ? e.deltaY : e.deltaX) * unit;
      const dy = e.shiftKey ? 0 : e.deltaY * unit;
      if (Math.abs(dx) > Math.abs(dy)) {
        const r = panRange(s.geom.g, s.geom.layout, s.zoom, s.range, -dx / s.width);
        if (r) applyView(s.zoom, r);
        return;
      }
      const at = Math.min(1, Math.max(0, (e.clientX - c.getBoundingClientRect().left) / s.width));
      const z = wheelZoom(s.geom.g, s.geom.layout, s.zoom, s.range, at, Math.exp(Math.max(-1, Math.min(1, dy * 0.0025))));
      applyView(z.zoom, z.range);
    };
    c.addEventListener('wheel', onWheel, { passive: false });
    return () => c.removeEventListener('wheel', onWheel);
  }, [applyView]);

  const pointAt = (e: React.MouseEvent) => {
    const rect = canvas.current!.getBoundingClientRect();
    return [e.clientX - rect.left, e.clientY - rect.top] as const;
  };

  // A drag pans the range (and scrolls the wrapper vertically); a drag is not a click.
  const drag = useRef<{ x: number; y: number; range: ViewRange | null; top: number; moved: boolean } | null>(null);
  const dragged = useRef(false);
  const onPointerDown = (e: React.PointerEvent) => {
    if (e.button !== 0) return;
    drag.current = { x: e.clientX, y: e.clientY, range, top: wrap.current?.scrollTop ?? 0, moved: false };
    canvas.current?.setPointerCapture?.(e.pointerId);
  };
  const onPointerUp = (e: React.PointerEvent) => {
    dragged.current = !!drag.current?.moved;
    drag.current = null;
    canvas.current?.releasePointerCapture?.(e.pointerId);
  };

  const onMove = (e: React.PointerEvent) => {
    const t0 = performance.now();
    const d = drag.current;
    if (d && e.buttons & 1) {
      const dx = e.clientX - d.x;
      const dy = e.clientY - d.y;
      if (!d.moved && Math.abs(dx) + Math.abs(dy) > 4) d.moved = true;
      if (d.moved) {
        const r = panRange(geom.g, geom.layout, p.zoom, d.range, dx / Math.max(1, width));
        if (r) setView({ zoom: p.zoom, geom, range: r });
        if (wrap.current) wrap.current.scrollTop = d.top - dy;
        showTip(-1, 0, 0);
        return;
      }
    }
    const [x, y] = pointAt(e);
    const i = hitTest(geom.g, geom.layout, viewport(), x, y);
    if (i !== hover.current) {
      hover.current = i;
      draw();
    }
    const wr = wrap.current!.getBoundingClientRect();
    showTip(i, e.clientX - wr.left, e.clientY - wr.top + wrap.current!.scrollTop);
    performance.measure('flame-hover', { start: t0, end: performance.now() });
  };

  const onLeave = () => {
    hover.current = -1;
    showTip(-1, 0, 0);
    draw();
  };

  const zoomTo = (i: number) => {
    setView(null);
    p.onZoom(i);
  };

  const onClick = (e: React.MouseEvent) => {
    if (dragged.current) {
      dragged.current = false;
      return;
    }
    performance.mark('flame-click');
    // Focus for the keys without scrolling the page (a focused element is scrolled into view).
    canvas.current?.focus({ preventScroll: true });
    const [x, y] = pointAt(e);
    const i = hitTest(geom.g, geom.layout, viewport(), x, y);
    if (i < 0) return;
    setCursor(i);
    zoomTo(i === p.zoom && range === null ? geom.layout.parent[i] : i);
    p.onSelect?.(p.data.names[p.data.label[i]]);
  };

  const announce = (i: number) => {
    if (!live.current || i < 0) return;
    const f = frameInfo(p.data, i);
    live.current.textContent = `${f.name}: ${f.total}, ${f.selfText}`;
  };

  // The selected frame's tooltip follows it; it is drawn (or the range reset so that it is).
  useEffect(() => {
    if (cursor < 0 || document.activeElement !== canvas.current) return;
    const b = boxOf(rects.current, cursor, rowHeight);
    if (b) showTip(cursor, b[0] + Math.min(b[2], 200) / 2, b[1]);
  }, [cursor, rowHeight, showTip, draw]);

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const move = KEY_MOVES[e.key];
    const { layout } = geom;
    let handled = true;
    if (move) {
      const next = moveSelection(geom.g, layout, p.zoom, cursor, move[p.inverted ? 1 : 0]);
      setCursor(next);
      if (next >= 0 && !inRange(geom.g, layout, range, next)) setView(null);
      announce(next);
    } else if (e.key === 'Enter' || e.key === ' ') {
      const i = cursor >= 0 ? cursor : p.zoom;
      if (i >= 0) {
        zoomTo(i);
        p.onSelect?.(p.data.names[p.data.label[i]]);
        announce(i);
      }
    } else if (e.key === 'Backspace' || e.key === 'u') {
      if (range) setView(null);
      else if (p.zoom >= 0) zoomTo(layout.parent[p.zoom]);
    } else if (e.key === '+' || e.key === '=' || e.key === '-') {
      const z = wheelZoom(geom.g, layout, p.zoom, range, 0.5, e.key === '-' ? 1.5 : 1 / 1.5);
      applyView(z.zoom, z.range);
    } else handled = false;
    if (handled) {
      e.preventDefault();
      e.stopPropagation();
    }
  };

  return (
    <div className={`flame-wrap ${p.className ?? ''}`} ref={wrap}>
      <canvas
        ref={canvas}
        className="flame-canvas"
        role="img"
        tabIndex={0}
        aria-label={`${p.label}: arrows select a frame, Enter zooms to it, Backspace zooms out, wheel zooms, drag pans`}
        aria-roledescription="flame graph"
        data-cursor={cursor}
        data-zoom={p.zoom}
        data-range={range ? `${range.x0}:${range.span}` : ''}
        onPointerMove={onMove}
        onPointerDown={onPointerDown}
        onPointerUp={onPointerUp}
        onPointerLeave={onLeave}
        onClick={onClick}
        onKeyDown={onKeyDown}
        onBlur={() => showTip(-1, 0, 0)}
      />
      <canvas ref={overlay} className="flame-overlay" aria-hidden="true" />
      <div className="flame-tip" ref={tip} hidden />
      <div className="sr-only" aria-live="polite" ref={live} />
    </div>
  );
}
