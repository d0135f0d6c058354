// Compare: the comparison engine's table for one or more runs (columns by ref, cpu, benchtime,
// label or run), one unit per tab, benchstat's filter syntax in the filter box, sort by delta,
// only significant rows; selecting a row shows every sample per column (box plot with the
// samples as a strip), the environment warnings of the runs, and links to the profiles.
import { useEffect, useMemo, useState } from 'react';
import type { Input } from '../../../shared/api.js';
import type { Comparison as ComparisonData, CompareTable } from '../../../shared/compare-types.js';
import { call } from '../api-client.js';
import { CompareTableView, ROW_HEIGHT } from '../components/compare-table.js';
import { CopyButton } from '../components/copy-button.js';
import { NotesList } from '../components/notes-list.js';
import { EChart } from '../components/echart.js';
import { EmptyState, ErrorBox, Spinner } from '../components/error-box.js';
import { distributionOption } from '../model/chart-options.js';
import { isByCpu, scalingOption, scalingSeries } from '../model/scaling.js';
import { formatBench } from '../model/format.js';
import {
  benchmarkOfRow,
  distinctConfig,
  footnoteText,
  sharedConfig,
  tableCounts,
  tablesOfUnit,
  unitsOf,
  visibleRows,
  type SortKey,
  type ViewRow,
} from '../model/compare-model.js';
import type { CompareBy, Route } from '../model/route.js';
import { useLabStore } from '../state/lab-store.js';
import { useShortcuts } from '../state/shortcut-bus.js';
import { chartColors, useTheme } from '../state/theme.js';
import { useApi, usePersistent } from '../state/use-api.js';
import { go, type ViewContext } from './view-context.js';

/** What the view asks of the comparison (the table, its text forms and a row's samples alike). */
type CompareRequest = Pick<Input<'compare'>, 'runs' | 'by' | 'filter' | 'holm'>;

type CompareRoute = Extract<Route, { view: 'compare' }>;

export function CompareView({ ctx, route }: { ctx: ViewContext; route: CompareRoute }) {
  const store = useLabStore();
  const repoId = ctx.repo?.id;
  const recent = useApi(
    () => (route.runs.length ? null : call('listRuns', { repo: repoId, limit: 50 })),
    [route.runs.length, repoId, store.runsVersion],
  );
  if (route.runs.length === 0) {
    const done = (recent.data ?? []).filter((r) => r.resultCount > 0 && r.status === 'completed');
    return (
      <section className="panel">
        <h2>Compare</h2>
        {recent.error && <ErrorBox error={recent.error} onRetry={recent.reload} />}
        {recent.data && done.length === 0 ? (
          <EmptyState
            title="Nothing to compare yet"
            action={
              <button type="button" className="primary" onClick={() => go({ view: 'new', repoId })}>
                Build a matrix
              </button>
            }
          >
            Run a matrix with two refs (or two runs) first.
          </EmptyState>
        ) : (
          <EmptyState title="Pick a run to compare">
            <ul className="pick-list">
              {done.slice(0, 12).map((r) => (
                <li key={r.id}>
                  <a href={`#/compare?runs=${r.id}${r.refs.length > 1 ? '&by=ref' : ''}`}>
                    Run {r.id}
                    {r.label ? `: ${r.label}` : ''}
                  </a>{' '}
                  <span className="muted small">
                    {r.refs.map((x) => x.label).join(' vs ')} · {r.resultCount} results
                  </span>
                </li>
              ))}
            </ul>
          </EmptyState>
        )}
      </section>
    );
  }
  return <Comparison key={route.runs.join(',')} route={route} />;
}

function Comparison({ route }: { route: CompareRoute }) {
  const theme = useTheme();
  const [filterText, setFilterText] = useState(route.filter ?? '');
  const [filter, setFilter] = useState(route.filter ?? '');
  const [holm, setHolm] = usePersistent('compare.holm', false);
  const [onlySignificant, setOnlySignificant] = usePersistent('compare.significant', false);
  const [sort, setSort] = usePersistent<SortKey>('compare.sort', 'name');
  const by: CompareBy | undefined = route.by ?? (route.runs.length > 1 ? 'run' : undefined);
  useEffect(() => {
    const t = setTimeout(() => setFilter(filterText.trim()), 350);
    return () => clearTimeout(t);
  }, [filterText]);
  const request = useMemo(() => ({ runs: [...route.runs], by, filter: filter || undefined, holm }), [route.runs, by, filter, holm]);
  // The table without samples (a quarter of a 5,000-row answer); RowDetail asks for the open row's.
  const cmp = useApi(async () => {
    const c = await call('compare', { ...request, samples: false });
    performance.mark('compare-data');
    return c;
  }, [route.runs, by, filter, holm]);
  const runsInfo = useApi(() => Promise.all(route.runs.map((id) => call('getRun', { run: id }))), [route.runs]);
  const units = cmp.data ? unitsOf(cmp.data) : [];
  const unit = route.unit && units.includes(route.unit) ? route.unit : units[0];
  const tables = useMemo(() => (cmp.data && unit ? tablesOfUnit(cmp.data, unit) : []), [cmp.data, unit]);
  const views = useMemo(
    () => tables.map(({ index, table }) => ({ index, table, rows: visibleRows(table, { onlySignificant, sort }) })),
    [tables, onlySignificant, sort],
  );
  // The selected row as `tableIndex:rowName`.
  const [selected, setSelected] = useState<string | null>(null);
  const flat = views.flatMap((v) => v.rows.map((r) => `${v.index}:${r.key}`));
  const wanted = selected ?? (route.row ? (flat.find((k) => k.endsWith(`:${route.row}`)) ?? null) : null);
  const sel = wanted && flat.includes(wanted) ? wanted : null;
  const selView = sel ? views.find((v) => sel.startsWith(`${v.index}:`)) : undefined;
  const selRow = sel && selView ? selView.rows.find((r) => `${selView.index}:${r.key}` === sel) : undefined;
  const setRoute = (p: Partial<CompareRoute>) => go({ ...route, ...p });

  useShortcuts((a) => {
    if (a === 'toggle-significant') {
      setOnlySignificant(!onlySignificant);
      return true;
    }
    if (a === 'next-row' || a === 'prev-row') {
      const i = sel ? flat.indexOf(sel) : -1;
      const j = Math.max(0, Math.min(flat.length - 1, i + (a === 'next-row' ? 1 : -1)));
      if (flat[j]) setSelected(flat[j]);
      return true;
    }
  });
  const warnings = (runsInfo.data ?? []).flatMap((r) => (r.environment?.warnings ?? []).map((w) => ({ run: r.id, ...w })));
  const shared = cmp.data ? sharedConfig(cmp.data) : [];

  return (
    <div className="compare-page">
      <section className="panel">
        <div className="panel-head">
          <h2>
            Compare{' '}
            <span className="muted small">
              run{route.runs.length > 1 ? 's' : ''} {route.runs.join(', ')}
              {by ? ` by ${by}` : ''}
            </span>
          </h2>
          <div className="row">
            <label className="inline">
              Columns by
              <select
                aria-label="Columns by"
                value={by ?? ''}
                onChange={(e) => setRoute({ by: (e.target.value || undefined) as CompareBy | undefined, unit: undefined })}
              >
                <option value="">default</option>
                {(['ref', 'cpu', 'benchtime', 'label', 'run'] as CompareBy[]).map((b) => (
                  <option key={b} value={b}>
                    {b === 'run' ? 'run and ref' : b === 'ref' && route.runs.length > 1 ? 'commit (pools runs)' : b}
                  </option>
                ))}
              </select>
            </label>
            <button type="button" onClick={() => go({ view: 'export', runId: route.runs[route.runs.length - 1] })}>
              Export…
            </button>
          </div>
        </div>
        {cmp.data?.pooling && (
          <div className="notice" data-testid="compare-pooling">
            {cmp.data.pooling}
          </div>
        )}
        <AsText input={request} />
        <div className="toolbar">
          <input
            type="search"
            className="search grow"
            data-shortcut-search
            aria-label="Filter rows"
            placeholder="benchstat filter, e.g. .name:/Parse/ or pkg:example.com/x"
            value={filterText}
            onChange={(e) => setFilterText(e.target.value)}
            spellCheck={false}
          />
          <label className="inline">
            <input
              type="checkbox"
              checked={onlySignificant}
              onChange={(e) => setOnlySignificant(e.target.checked)}
              aria-label="Only significant"
            />{' '}
            only significant <kbd>s</kbd>
          </label>
          <label className="inline">
            Sort
            <select aria-label="Sort rows" value={sort} onChange={(e) => setSort(e.target.value as SortKey)}>
              <option value="name">as measured</option>
              <option value="delta">by delta, improvements first</option>
              <option value="-delta">by delta, regressions first</option>
              <option value="abs">by size of change</option>
            </select>
          </label>
          <label className="inline" title="Holm correction of p-values across the rows of a column">
            <input type="checkbox" checked={holm} onChange={(e) => setHolm(e.target.checked)} /> Holm
          </label>
        </div>
        {cmp.error && <ErrorBox error={cmp.error} onRetry={cmp.reload} />}
        {cmp.loading && !cmp.data && <Spinner label="Comparing…" />}
        {cmp.data && cmp.data.warnings.length > 0 && (
          <details className="notice">
            <summary>
              {cmp.data.warnings.length} reading warning{cmp.data.warnings.length > 1 ? 's' : ''}
            </summary>
            <pre>{cmp.data.warnings.join('\n')}</pre>
          </details>
        )}
        {cmp.data && units.length === 0 && (
          <EmptyState title="No rows">
            {filter ? 'Nothing matches the filter; clear it to see every row.' : 'These runs have no results to compare.'}
          </EmptyState>
        )}
        {shared.length > 0 && (
          <div className="table-meta muted small">
            {shared.map(([k, v]) => (
              <span key={k} className="config">
                {k}: {v}
              </span>
            ))}
            <span>α = {cmp.data?.alpha}</span>
          </div>
        )}
        {units.length > 0 && (
          <div className="tabs" role="tablist" aria-label="Units">
            {units.map((u) => (
              <button
                key={u}
                type="button"
                role="tab"
                aria-selected={u === unit}
                className={u === unit ? 'tab active' : 'tab'}
                onClick={() => setRoute({ unit: u })}
              >
                {u}
              </button>
            ))}
          </div>
        )}
        {views.map((v) => {
          const counts = tableCounts(v.table);
          const distinct = cmp.data ? distinctConfig(cmp.data, v.table) : [];
          return (
            <div key={v.index} className="cmp-section" data-table={v.index}>
              <div className="table-meta small">
                {distinct.map(([k, val]) => (
                  <span key={k} className="config strong">
                    {k}: {val}
                  </span>
                ))}
                <span className="muted" data-testid="counts">
                  {counts.rows} rows · {counts.significant} significant ({counts.better} better, {counts.worse} worse)
                  {counts.undecided > 0 ? ` · ${counts.undecided} undecided` : ''}
                </span>
              </div>
              {v.rows.length === 0 ? (
                <div className="muted small empty-table">No significant changes here. Turn off “only significant” to see every row.</div>
              ) : (
                <CompareTableView
                  table={v.table}
                  rows={v.rows}
                  selected={sel && sel.startsWith(`${v.index}:`) ? sel.slice(`${v.index}:`.length) : null}
                  onSelect={(k) => setSelected(`${v.index}:${k}`)}
                  height={Math.min(Math.max(v.rows.length, 1) * ROW_HEIGHT + 2, 480)}
                />
              )}
              {v.table.footnotes.length > 0 && (
                <ol className="footnotes muted small">
                  {v.table.footnotes.map((f) => (
                    <li key={f.id} value={f.id}>
                      {f.text}
                    </li>
                  ))}
                </ol>
              )}
            </div>
          );
        })}
      </section>
      {cmp.data && by === 'cpu' && isByCpu(tables.map((t) => t.table)) && (
        <ScalingPanel
          data={cmp.data}
          tables={tables.map((t) => t.table)}
          selectedRow={selRow?.kind === 'row' ? selRow.row.name : null}
          theme={theme}
        />
      )}
      {selView && selRow && selRow.kind === 'row' && (
        <RowDetail request={request} tableIndex={selView.index} table={selView.table} row={selRow} runs={route.runs} theme={theme} />
      )}
      {warnings.length > 0 && (
        <section className="panel">
          <h3>Environment warnings</h3>
          <NotesList
            items={warnings.map((w, i) => ({
              key: String(i),
              severity: w.severity,
              text: `${route.runs.length > 1 ? `run ${w.run}: ` : ''}${w.message}`,
            }))}
          />
        </section>
      )}
    </div>
  );
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

/** The same comparison as benchstat prints it (text), or as Markdown, to copy. */
function AsText({ input }: { input: CompareRequest }) {
  const [open, setOpen] = useState(false);
  const [format, setFormat] = useState<'text' | 'markdown' | 'csv'>('text');
  const r = useApi(() => (open ? call('compareRender', { ...input, format }) : null), [open, format, input]);
  return (
    <details className="as-text" onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}>
      <summary>As text (benchstat), Markdown or CSV</summary>
      <div className="row between">
        <div className="segmented" role="radiogroup" aria-label="Text format">
          {(['text', 'markdown', 'csv'] as const).map((f) => (
            <label key={f} className={format === f ? 'on' : ''}>
              <input type="radio" name="cmp-format" checked={format === f} onChange={() => setFormat(f)} />
              {f}
            </label>
          ))}
        </div>
        {r.data && <CopyButton text={r.data.stdout} label={`Copy ${format}`} />}
      </div>
      {r.error && <ErrorBox error={r.error} onRetry={r.reload} />}
      {r.data && <pre className="message">{r.data.stdout}</pre>}
    </details>
  );
}

function RowDetail({
  request,
  tableIndex,
  table,
  row,
  runs,
  theme,
}: {
  request: CompareRequest;
  tableIndex: number;
  table: CompareTable;
  row: ViewRow & { kind: 'row' };
  runs: readonly number[];
  theme: 'light' | 'dark';
}) {
  const name = row.row.name;
  const samples = useApi(
    async () => ({ key: `${tableIndex}:${name}`, ...(await call('compareSamples', { ...request, tableIndex, rowName: name })) }),
    [request, tableIndex, name],
  );
  // The answer for this row only (the last row's stays in `data` until this one's arrives).
  const s = samples.data?.key === `${tableIndex}:${name}` ? samples.data : undefined;
  const option = useMemo(
    () =>
      s ? distributionOption({ title: row.row.name, unit: table.unit, columns: s.columns, samples: s.samples }, chartColors(theme)) : null,
    [row, table, theme, s],
  );
  const bench = benchmarkOfRow(row.row.name);
  const profiles = useApi(() => Promise.all(runs.map((r) => call('listProfiles', { run: r }))), [runs]);
  const mine = (profiles.data ?? []).flat().filter((p) => p.benchmark === bench);
  const notes = row.row.cells.flatMap((c, i) => (c ? c.notes.map((n) => `${table.columns[i]}: ${n}`) : []));
  const hints = row.row.deltas.flatMap((d, i) => (d?.hint ? [`${table.columns[i]}: ${d.hint.text}`] : []));
  return (
    <section className="panel row-detail" data-testid="row-detail">
      <div className="panel-head">
        <h3>
          {row.row.name} <span className="muted small">every sample, per column ({table.unit})</span>
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
        <EChart option={option} height={300} label={`distribution of ${row.row.name}`} className="distribution-chart" />
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
      {row.row.cells.some((c) => c && c.footnotes.length) && (
        <div className="muted small">{footnoteText(table, [...new Set(row.row.cells.flatMap((c) => c?.footnotes ?? []))])}</div>
      )}
    </section>
  );
}
