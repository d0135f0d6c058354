// Windowing for long lists (Compare rows, top tables): which rows to render for a scroll
// position, with a few rows of overscan, at a fixed row height.

export interface VirtualWindow {
  readonly start: number;
  readonly end: number;
  readonly offsetTop: number;
  readonly totalHeight: number;
}

export function virtualWindow(scrollTop: number, viewport: number, rowHeight: number, count: number, overscan = 8): VirtualWindow {
  const totalHeight = count * rowHeight;
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const visible = Math.ceil(Math.max(0, viewport) / rowHeight) + 1;
  const start = Math.max(0, Math.min(count, first - overscan));
  const end = Math.max(start, Math.min(count, first + visible + overscan));
  return { start, end, offsetTop: start * rowHeight, totalHeight };
}

/** The scrollTop that brings row i into view (unchanged when it already is). */
export function scrollToRow(i: number, scrollTop: number, viewport: number, rowHeight: number): number {
  const top = i * rowHeight;
  if (top < scrollTop) return top;
  if (top + rowHeight > scrollTop + viewport) return top + rowHeight - viewport;
  return scrollTop;
}
