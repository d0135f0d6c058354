// The Compare view's row detail: every sample of the opened row per column (box plot with the
// samples as a strip, asked with compareSamples when the row is opened), its hints, notes and
// footnotes, and a link to the profiles of its benchmark.
import { useMemo } from 'react';
import type { CompareRow, CompareViewTable } from '../../../shared/compare-types.js';
import { call } from '../api-client.js';
import { EChart } from '../components/echart.js';
import { ErrorBox, Spinner } from '../components/error-box.js';
import { distributionOption } from '../model/chart-options.js';
import { benchmarkOfRow, footnoteText } from '../model/compare-model.js';
import { chartColors } from '../state/theme.js';
import { useApi } from '../state/use-api.js';
import type { CompareRequest } from './compare-request.js';
import { go } from './view-context.js';

/** The opened row of a table. */
export function RowDetail({
  request,
  tableIndex,
  table,
  name,
  row,
  runs,
  theme,
}: {
  request: CompareRequest;
  tableIndex: number;
  table: CompareViewTable;
  name: string;
  /** The row as the table has it (undefined while it loads). */
  row: CompareRow | undefined;
  runs: readonly number[];
  theme: 'light' | 'dark';
}) {
  const samples = useApi(
    async () => ({ key: `${tableIndex}:${name}`, ...(await call('compareSamples', { ...request, tableIndex, rowName: name })) }),
    [request, tableIndex, name],
  );
  // The answer for this row only (the last row's stays in `data` until this one's arrives).
  const s = samples.data?.key === `${tableIndex}:${name}` ? samples.data : undefined;
  const option = useMemo(
    () => (s ? distributionOption({ title: name, unit: table.unit, columns: s.columns, samples: s.samples }, chartColors(theme)) : null),
    [name, table.unit, theme, s],
  );
  const bench = benchmarkOfRow(name);
  const profiles = useApi(() => Promise.all(runs.map((r) => call('listProfiles', { run: r }))), [runs]);
  const mine = (profiles.data ?? []).flat().filter((p) => p.benchmark === bench);
  const notes = (row?.cells ?? []).flatMap((c, i) => (c ? c.notes.map((n) => `${table.columns[i]}: ${n}`) : []));
  const hints = (row?.deltas ?? []).flatMap((d, i) => (d?.hint ? [`${table.columns[i]}: ${d.hint.text}`] : []));
  return (
    <section className="panel row-detail" data-testid="row-detail">
      <div className="panel-head">
        <h3>
          {name} <span className="muted small">every sample, per column ({table.unit})</span>
        </h3>
        <div className="row">
          {mine.length > 0 && (
            <button
              type="button"
              className="primary"
              onClick={() =>
                go({
                  view: 'profile',
                  run: mine[0].runId,
                  bench,
                  ref: mine[mine.length - 1].refLabel,
                  kind: mine.some((p) => p.kind === 'cpu') ? 'cpu' : mine[0].kind,
                })
              }
            >
              Profiles of {bench} ({mine.length})
            </button>
          )}
          {mine.length === 0 && profiles.data && (
            <span className="muted small">No profiles of {bench}: run with profiles to see why it changed.</span>
          )}
        </div>
      </div>
      {samples.error && <ErrorBox error={samples.error} onRetry={samples.reload} />}
      {option ? (
        <EChart option={option} height={300} label={`distribution of ${name}`} className="distribution-chart" />
      ) : (
        !samples.error && (
          <div style={{ height: 300 }}>
            <Spinner label="Loading the samples…" />
          </div>
        )
      )}
      {(notes.length > 0 || hints.length > 0) && (
        <ul className="notes">
          {[...hints, ...notes].map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
      {row?.cells.some((c) => c && c.footnotes.length) && (
        <div className="muted small">{footnoteText(table, [...new Set(row.cells.flatMap((c) => c?.footnotes ?? []))])}</div>
      )}
    </section>
  );
}
