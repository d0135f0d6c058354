// Sparkline geometry for the Run view's first numbers: one SVG path per series, all series of
// a benchmark on a shared y scale (so refs compare at a glance), x by sample index.

export interface SparkSeries {
  readonly key: string;
  readonly values: readonly number[];
}

export interface SparkPath {
  readonly key: string;
  readonly d: string;
  /** The last point, for a dot. */
  readonly last: readonly [number, number] | null;
}

function r1(n: number): string {
  return String(Math.round(n * 10) / 10);
}

/** Paths in a width x height box with `pad` pixels inside; flat series sit in the middle. */
export function sparkPaths(series: readonly SparkSeries[], width: number, height: number, pad = 2): SparkPath[] {
  let lo = Infinity;
  let hi = -Infinity;
  let n = 0;
  for (const s of series) {
    n = Math.max(n, s.values.length);
    for (const v of s.values) {
      if (!Number.isFinite(v)) continue;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  }
  const w = width - 2 * pad;
  const h = height - 2 * pad;
  const x = (i: number) => pad + (n <= 1 ? w / 2 : (i * w) / (n - 1));
  const y = (v: number) => (hi === lo ? pad + h / 2 : pad + h - ((v - lo) / (hi - lo)) * h);
  return series.map((s) => {
    const pts: [number, number][] = [];
    s.values.forEach((v, i) => {
      if (Number.isFinite(v)) pts.push([x(i), y(v)]);
    });
    const d = pts.map(([px, py], i) => `${i ? 'L' : 'M'}${r1(px)} ${r1(py)}`).join('');
    return { key: s.key, d, last: pts.length ? pts[pts.length - 1] : null };
  });
}
