// The Compare view's scaling panel (columns by -cpu): time or throughput against -cpu for one
// benchmark, one line per ref, with the numbers as a table under the chart.
import { useMemo, useState } from 'react';
import type { Comparison as ComparisonData, CompareTable } from '../../../shared/compare-types.js';
import { distinctConfig } from '../../../shared/compare-view.js';
import { call } from '../api-client.js';
import { EChart } from '../components/echart.js';
import { isByCpu, scalingOption, scalingSeries } from '../model/scaling.js';
import { formatBench } from '../model/format.js';
import { tablesOfUnit } from '../model/compare-model.js';
import { chartColors } from '../state/theme.js';
import { useApi, usePersistent } from '../state/use-api.js';
import type { CompareRequest } from './compare-request.js';

/** The scaling chart's data: every row of the unit's tables (each -cpu value is a table), from
 * the whole comparison (without samples), asked only when the columns are by -cpu. */
export function Scaling({
  request,
  unit,
  selectedRow,
  theme,
}: {
  request: CompareRequest;
  unit: string;
  selectedRow: string | null;
  theme: 'light' | 'dark';
}) {
  const full = useApi(() => call('compare', { ...request, samples: false }), [request]);
  const tables = useMemo(() => (full.data ? tablesOfUnit(full.data, unit).map((t) => t.table) : []), [full.data, unit]);
  if (!full.data || !isByCpu(tables)) return null;
  return <ScalingPanel data={full.data} tables={tables} selectedRow={selectedRow} theme={theme} />;
}

/** Time (or throughput) against -cpu for one benchmark, one line per ref: does it scale? */
function ScalingPanel({
  data,
  tables,
  selectedRow,
  theme,
}: {
  data: ComparisonData;
  tables: readonly CompareTable[];
  selectedRow: string | null;
  theme: 'light' | 'dark';
}) {
  const rows = [...new Set(tables.flatMap((t) => t.rows.map((r) => r.name)))];
  const [picked, setPicked] = useState<string | null>(null);
  const [mode, setMode] = usePersistent<'time' | 'throughput'>('compare.scaling', 'time');
  const row = picked && rows.includes(picked) ? picked : selectedRow && rows.includes(selectedRow) ? selectedRow : rows[0];
  const names = tables.map(
    (t) =>
      distinctConfig(data, t)
        .map(([, v]) => v)
        .join(' · ') || 'all',
  );
  const unit = tables[0]?.unit ?? '';
  const model = row ? scalingSeries(tables, names, row, unit === 'sec/op' ? mode : 'time') : null;
  const option = useMemo(() => (model ? scalingOption(model, chartColors(theme)) : null), [model, theme]);
  if (!model || !option) return null;
  return (
    <section className="panel" data-testid="scaling">
      <div className="panel-head">
        <h3>
          Scaling <span className="muted small">{model.unit} vs -cpu, one line per ref</span>
        </h3>
        <div className="row">
          <label className="inline">
            Benchmark
            <select aria-label="Scaling benchmark" value={row} onChange={(e) => setPicked(e.target.value)}>
              {rows.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          </label>
          {unit === 'sec/op' && (
            <div className="segmented" role="radiogroup" aria-label="Scaling measure">
              {(['time', 'throughput'] as const).map((m) => (
                <label key={m} className={mode === m ? 'on' : ''}>
                  <input type="radio" name="scaling-mode" checked={mode === m} onChange={() => setMode(m)} />
                  {m}
                </label>
              ))}
            </div>
          )}
        </div>
      </div>
      <EChart option={option} height={300} label={`scaling of ${model.row}`} className="scaling-chart" />
      <details className="small">
        <summary>As a table</summary>
        <table className="scaling-data" data-testid="scaling-data">
          <thead>
            <tr>
              <th>{model.unit}</th>
              {model.cpus.map((c) => (
                <th key={c}>-cpu {c}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {model.lines.map((l) => (
              <tr key={l.name} data-line={l.name}>
                <th>{l.name}</th>
                {l.values.map((v, i) => (
                  <td key={i}>{v === null ? '–' : formatBench(v, model.unit)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  );
}
