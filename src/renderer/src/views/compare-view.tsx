// Compare: the comparison engine's table for one or more runs (columns by ref, cpu, benchtime,
// label or run), one unit per tab, benchstat's filter syntax in the filter box, sort by delta,
// only significant rows; selecting a row shows every sample per column (box plot with the
// samples as a strip), the environment warnings of the runs, and links to the profiles. The
// lab sorts and filters (`compareView`: row names in the order shown, counts, the first rows);
// the rest of the rows come as a table scrolls (state/use-view-rows.ts).
import { useEffect, useMemo, useState } from 'react';
import type { CompareSort } from '../../../shared/compare-view.js';
import { call } from '../api-client.js';
import { CompareTableView, ROW_HEIGHT } from '../components/compare-table.js';
import { CopyButton } from '../components/copy-button.js';
import { NotesList } from '../components/notes-list.js';
import { EmptyState, ErrorBox, Spinner } from '../components/error-box.js';
import type { CompareBy, Route } from '../model/route.js';
import { refText } from '../model/format.js';
import { useLabStore } from '../state/lab-store.js';
import { useShortcuts } from '../state/shortcut-bus.js';
import { useTheme } from '../state/theme.js';
import { useApi, usePersistent } from '../state/use-api.js';
import { BLOCK, useViewRows } from '../state/use-view-rows.js';
import type { CompareRequest } from './compare-request.js';
import { RowDetail } from './compare-row-detail.js';
import { Scaling } from './compare-scaling.js';
import { go, type ViewContext } from './view-context.js';

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
                    {r.refs.map((x) => refText(x.label)).join(' vs ')} · {r.resultCount} results
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
  const [sort, setSort] = usePersistent<CompareSort>('compare.sort', 'name');
  const by: CompareBy | undefined = route.by ?? (route.runs.length > 1 ? 'run' : undefined);
  useEffect(() => {
    const t = setTimeout(() => setFilter(filterText.trim()), 350);
    return () => clearTimeout(t);
  }, [filterText]);
  const request = useMemo(() => ({ runs: [...route.runs], by, filter: filter || undefined, holm }), [route.runs, by, filter, holm]);
  // The view: one unit's tables, their rows' names in the order shown and the first rows (the
  // server sorts and filters); the rest come as a table scrolls, an opened row's samples with it.
  const viewRequest = useMemo(
    () => ({ ...request, unit: route.unit, onlySignificant, sort }),
    [request, route.unit, onlySignificant, sort],
  );
  const cmp = useApi(async () => {
    const view = await call('compareView', { ...viewRequest, limit: BLOCK });
    performance.mark('compare-data');
    return { view, request: viewRequest };
  }, [viewRequest]);
  const rows = useViewRows(cmp.data, cmp.reload);
  const data = cmp.data?.view;
  const runsInfo = useApi(() => Promise.all(route.runs.map((id) => call('getRun', { run: id }))), [route.runs]);
  const units = data?.units ?? [];
  const unit = data?.unit ?? undefined;
  const views = data?.tables ?? [];
  // The selected row as `tableIndex:rowName`.
  const [selected, setSelected] = useState<string | null>(null);
  // A link naming a row (a finding, a history point) opens it, whatever was selected before.
  useEffect(() => setSelected(null), [route.row]);
  const flat = useMemo(() => views.flatMap((v) => v.names.map((n) => `${v.index}:${n}`)), [views]);
  const wanted = selected ?? (route.row ? (flat.find((k) => k.endsWith(`:${route.row}`)) ?? null) : null);
  const sel = wanted && flat.includes(wanted) ? wanted : null;
  const selView = sel ? views.find((v) => sel.startsWith(`${v.index}:`)) : undefined;
  const selName = sel && selView ? sel.slice(`${selView.index}:`.length) : null;
  const selAt = selView && selName !== null ? selView.names.indexOf(selName) : -1;
  const selRow = selView && selAt >= 0 ? rows.rowAt(selView.index, selAt) : undefined;
  useEffect(() => {
    if (selView && selAt >= 0) rows.need(selView.index, selAt, selAt + 1);
  }, [selView, selAt, rows]);
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
  const shared = data?.shared ?? [];

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
        {data?.pooling && (
          <div className="notice" data-testid="compare-pooling">
            {data.pooling}
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
            <select aria-label="Sort rows" value={sort} onChange={(e) => setSort(e.target.value as CompareSort)}>
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
        {rows.error && <ErrorBox error={rows.error} onRetry={cmp.reload} />}
        {cmp.loading && !data && <Spinner label="Comparing…" />}
        {data && data.warnings.length > 0 && (
          <details className="notice">
            <summary>
              {data.warnings.length} reading warning{data.warnings.length > 1 ? 's' : ''}
            </summary>
            <pre>{data.warnings.join('\n')}</pre>
          </details>
        )}
        {data && units.length === 0 && (
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
            <span>α = {data?.alpha}</span>
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
          const counts = v.counts;
          const distinct = v.distinct;
          const shownCount = v.names.length + (v.showGeomean && v.geomean ? 1 : 0);
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
              {v.names.length === 0 ? (
                <div className="muted small empty-table">No significant changes here. Turn off “only significant” to see every row.</div>
              ) : (
                <CompareTableView
                  table={v}
                  rowAt={(i) => rows.rowAt(v.index, i)}
                  version={rows.version}
                  onRange={(a, b) => rows.need(v.index, a, b)}
                  selected={sel && sel.startsWith(`${v.index}:`) ? sel.slice(`${v.index}:`.length) : null}
                  onSelect={(k) => setSelected(`${v.index}:${k}`)}
                  height={Math.min(Math.max(shownCount, 1) * ROW_HEIGHT + 2, 480)}
                />
              )}
              {v.footnotes.length > 0 && (
                <ol className="footnotes muted small">
                  {v.footnotes.map((f) => (
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
      {by === 'cpu' && unit && <Scaling request={request} unit={unit} selectedRow={selName} theme={theme} />}
      {selView && selName !== null && (
        <RowDetail
          request={request}
          tableIndex={selView.index}
          table={selView}
          name={selName}
          row={selRow}
          runs={route.runs}
          theme={theme}
        />
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
