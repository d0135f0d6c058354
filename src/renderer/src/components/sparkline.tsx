// A tiny SVG line per ref for a benchmark's first numbers in the Run view.
import { sparkPaths, type SparkSeries } from '../model/sparkline.js';

export function Sparkline({
  series,
  colors,
  width = 120,
  height = 24,
}: {
  series: readonly SparkSeries[];
  colors: readonly string[];
  width?: number;
  height?: number;
}) {
  const paths = sparkPaths(series, width, height);
  return (
    <svg className="sparkline" width={width} height={height} viewBox={`0 0 ${width} ${height}`} aria-hidden="true">
      {paths.map((p, i) => (
        <g key={p.key}>
          <path d={p.d} fill="none" stroke={colors[i % colors.length]} strokeWidth={1.5} />
          {p.last && <circle cx={p.last[0]} cy={p.last[1]} r={2} fill={colors[i % colors.length]} />}
        </g>
      ))}
    </svg>
  );
}
