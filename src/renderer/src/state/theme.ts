// Light and dark follow the system (prefers-color-scheme); canvases and charts read colours
// from here, the rest of the UI from CSS variables in styles.css.
import { useSyncExternalStore } from 'react';
import type { Theme } from '../model/flame-color.js';
import { DARK_CHART, LIGHT_CHART, type ChartColors } from '../model/chart-options.js';

const query = () => window.matchMedia('(prefers-color-scheme: dark)');

function subscribe(cb: () => void): () => void {
  const m = query();
  m.addEventListener('change', cb);
  return () => m.removeEventListener('change', cb);
}

export function useTheme(): Theme {
  return useSyncExternalStore(subscribe, () => (query().matches ? 'dark' : 'light'));
}

export function chartColors(t: Theme): ChartColors {
  return t === 'dark' ? DARK_CHART : LIGHT_CHART;
}
