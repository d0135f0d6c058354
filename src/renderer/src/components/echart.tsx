// One ECharts chart from an option built by a pure function (model/chart-options.ts). ECharts is
// loaded on first use from its own chunk (echarts/core plus the few charts and components we
// use), so the main bundle stays small; the chart follows its box's size.
import { useEffect, useRef, useState } from 'react';
import type { EChartsType } from 'echarts/core';

let loader: Promise<typeof import('./echarts-setup.js')> | null = null;
function loadECharts() {
  // A failed load (the lab server stopped, say) is forgotten, so the next chart tries again.
  loader ??= import('./echarts-setup.js').catch((err: unknown) => {
    loader = null;
    throw err;
  });
  return loader;
}

export function EChart({ option, height = 260, className, label }: { option: object; height?: number; className?: string; label: string }) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);
  const [ready, setReady] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);
  useEffect(() => {
    let disposed = false;
    let ro: ResizeObserver | null = null;
    void loadECharts().then(
      (m) => {
        if (disposed || !el.current) return;
        chart.current = m.echarts.init(el.current, undefined, { renderer: 'canvas' });
        ro = new ResizeObserver(() => chart.current?.resize());
        ro.observe(el.current);
        setReady(true);
      },
      (err: unknown) => {
        if (!disposed) setFailed(err instanceof Error ? err.message : String(err));
      },
    );
    return () => {
      disposed = true;
      ro?.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    if (ready && chart.current) chart.current.setOption(option as Record<string, unknown>, { notMerge: true });
  }, [ready, option]);
  if (failed)
    return (
      <div className={`echart ${className ?? ''} muted small`} style={{ height }} role="note">
        The chart could not be loaded: {failed}
      </div>
    );
  return (
    <div ref={el} className={`echart ${className ?? ''}`} style={{ height }} role="img" aria-label={label} data-ready={ready ? '1' : '0'} />
  );
}
