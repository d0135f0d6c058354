// History: the runs of a repository (label, refs, status, date, duration), to open, relabel,
// delete with confirmation, or compare two of; and one benchmark's center and confidence
// interval across runs as an ECharts line with a band.
import { useMemo, useState } from 'react';
import type { RunSummary } from '../../../shared/models.js';
import { call } from '../api-client.js';
import { ConfirmDialog } from '../components/dialogs.js';
import { EChart } from '../components/echart.js';
import { EmptyState, ErrorBox, Spinner } from '../components/error-box.js';
import { historyOption } from '../model/chart-options.js';
import { formatDate, formatDuration, refText, spanMs } from '../model/format.js';
import { useLabStore } from '../state/lab-store.js';
import { chartColors, useTheme } from '../state/theme.js';
import { toError, useApi } from '../state/use-api.js';
import { go, type ViewContext } from './view-context.js';

export function HistoryView({ ctx, bench }: { ctx: ViewContext; bench?: string }) {
  const store = useLabStore();
  const repoId = ctx.repo?.id;
  const runs = useApi(() => call('listRuns', { repo: repoId, limit: 500 }), [repoId, store.runsVersion]);
  const [checked, setChecked] = useState<readonly number[]>([]);
  const [editing, setEditing] = useState<number | null>(null);
  const [deleting, setDeleting] = useState<RunSummary | null>(null);
  const [error, setError] = useState<ReturnType<typeof toError> | null>(null);
  const toggle = (id: number) => setChecked((c) => (c.includes(id) ? c.filter((x) => x !== id) : [...c, id].slice(-2)));
  const list = runs.data ?? [];
  const compareChecked = () => {
    const ids = [...checked].sort((a, b) => a - b);
    if (ids.length === 2) go({ view: 'compare', runs: ids, by: 'run' });
    else if (ids.length === 1) go({ view: 'compare', runs: ids, by: 'ref' });
  };
  return (
    <div className="history-page">
      <section className="panel">
        <div className="panel-head">
          <h2>
            History{' '}
            {ctx.repo ? (
              <span className="muted small">of {ctx.repo.modulePath}</span>
            ) : (
              <span className="muted small">of every repository</span>
            )}
          </h2>
          <div className="row">
            <button type="button" className="primary" disabled={checked.length === 0} onClick={compareChecked}>
              {checked.length === 2
                ? `Compare runs ${[...checked].sort((a, b) => a - b).join(' and ')}`
                : checked.length === 1
                  ? `Compare refs of run ${checked[0]}`
                  : 'Compare (check one or two runs)'}
            </button>
            <button type="button" onClick={() => go({ view: 'new', repoId })} disabled={!ctx.repo}>
              New run…
            </button>
          </div>
        </div>
        {runs.error && <ErrorBox error={runs.error} onRetry={runs.reload} />}
        {error && <ErrorBox error={error} onDismiss={() => setError(null)} />}
        {runs.loading && !runs.data && <Spinner label="Loading runs…" />}
        {runs.data && list.length === 0 && (
          <EmptyState
            title="No runs yet"
            action={
              <button type="button" className="primary" onClick={() => go({ view: 'new', repoId })}>
                Build a matrix
              </button>
            }
          >
            Start a run from New run, or import Go benchmark output with <code>perflab import FILE</code>.
          </EmptyState>
        )}
        {list.length > 0 && (
          <table className="runs-table">
            <thead>
              <tr>
                <th aria-label="select" />
                <th>Run</th>
                <th>Label</th>
                <th>Refs</th>
                <th>Status</th>
                <th>Date</th>
                <th>Duration</th>
                <th className="num">Results</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {list.map((r) => (
                <tr key={r.id} data-run-id={r.id} className={checked.includes(r.id) ? 'selected' : ''}>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`select run ${r.id}`}
                      checked={checked.includes(r.id)}
                      onChange={() => toggle(r.id)}
                    />
                  </td>
                  <td>
                    <a href={`#/run/${r.id}`}>#{r.id}</a>
                  </td>
                  <td className="label-cell">
                    {editing === r.id ? (
                      <form
                        onSubmit={async (e) => {
                          e.preventDefault();
                          const v = (new FormData(e.currentTarget).get('label') as string) ?? '';
                          try {
                            await call('relabelRun', { runId: r.id, label: v });
                            setEditing(null);
                            runs.reload();
                          } catch (err) {
                            setError(toError(err));
                          }
                        }}
                      >
                        <input
                          name="label"
                          aria-label={`label of run ${r.id}`}
                          defaultValue={r.label}
                          autoFocus
                          onKeyDown={(e) => {
                            if (e.key === 'Escape') {
                              e.stopPropagation();
                              setEditing(null);
                            }
                          }}
                        />
                        <button type="submit">Save</button>
                      </form>
                    ) : (
                      <button type="button" className="link" title="Relabel" onClick={() => setEditing(r.id)}>
                        {r.label || <span className="muted">add label</span>}
                      </button>
                    )}
                  </td>
                  <td>{r.refs.map((x) => refText(x.label)).join(' vs ') || (r.kind === 'imported' ? 'imported' : '–')}</td>
                  <td>
                    <span className={`status-badge ${r.status}`}>{r.status}</span>
                    {r.failedCells > 0 && <span className="muted small"> {r.failedCells} failed</span>}
                  </td>
                  <td>{formatDate(r.startedAt ?? r.createdAt)}</td>
                  <td>{formatDuration(spanMs(r.startedAt, r.finishedAt))}</td>
                  <td className="num">{r.resultCount}</td>
                  <td className="actions">
                    <button type="button" className="ghost" onClick={() => go({ view: 'run', runId: r.id })}>
                      Open
                    </button>
                    <button
                      type="button"
                      className="ghost"
                      disabled={r.resultCount === 0}
                      onClick={() => go({ view: 'compare', runs: [r.id], by: r.refs.length > 1 ? 'ref' : undefined })}
                    >
                      Compare
                    </button>
                    <button type="button" className="ghost" onClick={() => go({ view: 'export', runId: r.id })}>
                      Export
                    </button>
                    <button
                      type="button"
                      className="ghost danger-text"
                      aria-label={`delete run ${r.id}`}
                      onClick={() => setDeleting(r)}
                      disabled={r.status === 'running' || r.status === 'queued'}
                    >
                      Delete
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {ctx.repo && <BenchHistory repoId={ctx.repo.id} initial={bench} />}
      {deleting && (
        <ConfirmDialog
          title={`Delete run ${deleting.id}?`}
          confirm="Delete run"
          danger
          onCancel={() => setDeleting(null)}
          body={<p>Its {deleting.resultCount} results and its profiles are removed from the lab. This cannot be undone.</p>}
          onConfirm={async () => {
            const id = deleting.id;
            setDeleting(null);
            try {
              await call('deleteRun', { runId: id });
              setChecked((c) => c.filter((x) => x !== id));
              runs.reload();
            } catch (e) {
              setError(toError(e));
            }
          }}
        />
      )}
    </div>
  );
}

function BenchHistory({ repoId, initial }: { repoId: number; initial?: string }) {
  const theme = useTheme();
  const store = useLabStore();
  // Names as stored (full names, sub-benchmarks included), from the newest run with results.
  const stored = useApi(async () => {
    const r = (await call('listRuns', { repo: repoId, limit: 20 })).find((x) => x.resultCount > 0);
    return r ? [...(await call('benchmarkNames', { run: r.id }))] : [];
  }, [repoId, store.runsVersion]);
  const names = stored.data ?? [];
  const [name, setName] = useState(initial ?? '');
  const [unit, setUnit] = useState('sec/op');
  const [order, setOrder] = useState<'date' | 'commit'>('date');
  const chosen = name || names[0] || '';
  const h = useApi(
    () => (chosen ? call('history', { repo: repoId, name: chosen, unit, order }) : null),
    [repoId, chosen, unit, order, store.runsVersion],
  );
  const option = useMemo(() => (h.data ? historyOption(h.data, chartColors(theme), order) : null), [h.data, theme, order]);
  return (
    <section className="panel">
      <div className="panel-head">
        <h3>
          Benchmark history <span className="muted small">median and confidence interval across runs</span>
        </h3>
        <div className="row">
          <input
            list="bench-names"
            aria-label="History benchmark"
            value={name}
            placeholder={names[0] ?? 'BenchmarkX'}
            onChange={(e) => setName(e.target.value)}
          />
          <datalist id="bench-names">
            {names.map((n) => (
              <option key={n} value={n} />
            ))}
          </datalist>
          <select aria-label="History unit" value={unit} onChange={(e) => setUnit(e.target.value)}>
            {['sec/op', 'B/op', 'allocs/op', 'B/s', 'peak-RSS-B', 'user-sec/op'].map((u) => (
              <option key={u}>{u}</option>
            ))}
          </select>
          <select aria-label="History order" value={order} onChange={(e) => setOrder(e.target.value as 'date' | 'commit')}>
            <option value="date">by date</option>
            <option value="commit">by commit</option>
          </select>
        </div>
      </div>
      {h.error && <ErrorBox error={h.error} onRetry={h.reload} />}
      {h.loading && !h.data && <Spinner label="Loading history…" />}
      {h.data && h.data.points.length === 0 && (
        <EmptyState title={`No ${unit} values of ${chosen} yet`}>Runs that measure it add a point each.</EmptyState>
      )}
      {option && h.data && h.data.points.length > 0 && (
        <>
          <div className="muted small">
            {h.data.name} · {h.data.unit}
            {h.data.cpu ? ` · cpu ${h.data.cpu}` : ''}
            {h.data.benchtime ? ` · ${h.data.benchtime}` : ''} · {h.data.build} · {plural(h.data.points.length, 'point')} from{' '}
            {plural(new Set(h.data.points.map((p) => p.runId)).size, 'run')}
          </div>
          {h.data.otherBuilds.map((o) => (
            <div key={o.build} className="muted small" data-testid="history-left-out">
              left out: {o.runIds.length === 1 ? 'run' : 'runs'} {o.runIds.join(', ')} (built otherwise: {o.build})
            </div>
          ))}
          <EChart option={option} height={280} label={`history of ${chosen}`} className="history-chart" />
        </>
      )}
    </section>
  );
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
