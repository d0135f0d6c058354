// Export: the commit message of a run (scope and summary editable, conventional or Go style)
// to copy, the same as Markdown for a pull request, raw results as benchfmt, CSV or JSON
// downloads, and the run's profile files (raw, or as SVG and HTML flame graphs).
import { useEffect, useState } from 'react';
import { call } from '../api-client.js';
import { CopyButton } from '../components/copy-button.js';
import { EmptyState, ErrorBox, Spinner } from '../components/error-box.js';
import { formatSize } from '../model/format.js';
import { downloadBase64, downloadText, native } from '../native.js';
import { useLabStore } from '../state/lab-store.js';
import { toError, useApi } from '../state/use-api.js';
import { go, type ViewContext } from './view-context.js';
import { refDisplay } from '../../../shared/ref-match.js';

export function ExportView({ ctx, runId }: { ctx: ViewContext; runId?: number }) {
  const store = useLabStore();
  const runs = useApi(() => call('listRuns', { repo: ctx.repo?.id, limit: 100 }), [ctx.repo?.id, store.runsVersion]);
  const done = (runs.data ?? []).filter((r) => r.resultCount > 0 && r.status !== 'running' && r.status !== 'queued');
  const id = runId ?? done[0]?.id;
  if (!id) {
    return (
      <section className="panel">
        <h2>Export</h2>
        {runs.error && <ErrorBox error={runs.error} onRetry={runs.reload} />}
        {runs.data && (
          <EmptyState title="Nothing to export yet">Finish a run first; its commit message and raw results appear here.</EmptyState>
        )}
      </section>
    );
  }
  return (
    <div className="export-page">
      <section className="panel">
        <div className="panel-head">
          <h2>Export</h2>
          <label className="inline">
            Run
            <select aria-label="Export run" value={id} onChange={(e) => go({ view: 'export', runId: Number(e.target.value) })}>
              {done.map((r) => (
                <option key={r.id} value={r.id}>
                  #{r.id} {r.label || r.refs.map((x) => x.label).join(' vs ')}
                </option>
              ))}
              {!done.some((r) => r.id === id) && <option value={id}>#{id}</option>}
            </select>
          </label>
        </div>
      </section>
      <CommitPanel key={id} runId={id} />
      <Downloads runId={id} />
    </div>
  );
}

function CommitPanel({ runId }: { runId: number }) {
  const run = useApi(() => call('getRun', { run: runId }), [runId]);
  const refs = run.data?.refs.map((r) => r.label) ?? [];
  const shown = (label: string) => {
    const r = run.data?.refs.find((x) => x.label === label);
    return r ? refDisplay(r) : label;
  };
  const [base, setBase] = useState<string | undefined>(undefined);
  const [head, setHead] = useState<string | undefined>(undefined);
  const [scope, setScope] = useState('');
  const [summary, setSummary] = useState('');
  const [style, setStyle] = useState<'conventional' | 'go'>('conventional');
  const [applied, setApplied] = useState({ scope: '', summary: '' });
  useEffect(() => {
    const t = setTimeout(() => setApplied({ scope: scope.trim(), summary: summary.trim() }), 400);
    return () => clearTimeout(t);
  }, [scope, summary]);
  const b = base ?? (refs.length > 1 ? refs[0] : undefined);
  const h = head ?? (refs.length > 1 ? refs[refs.length - 1] : undefined);
  const input = { run: runId, base: b, head: h, scope: applied.scope || undefined, summary: applied.summary || undefined, style };
  const text = useApi(() => (run.data ? call('exportCommit', { ...input, format: 'text' }) : null), [input, !!run.data]);
  const md = useApi(() => (run.data ? call('exportCommit', { ...input, format: 'markdown' }) : null), [input, !!run.data]);
  return (
    <section className="panel">
      <h3>Commit message</h3>
      <div className="toolbar wrap">
        {refs.length > 1 && (
          <>
            <label className="inline">
              Before
              <select aria-label="Base ref" value={b} onChange={(e) => setBase(e.target.value)}>
                {refs.map((r) => (
                  <option key={r} value={r}>
                    {shown(r)}
                  </option>
                ))}
              </select>
            </label>
            <label className="inline">
              After
              <select aria-label="Head ref" value={h} onChange={(e) => setHead(e.target.value)}>
                {refs.map((r) => (
                  <option key={r} value={r}>
                    {shown(r)}
                  </option>
                ))}
              </select>
            </label>
          </>
        )}
        <label className="inline">
          Scope
          <input aria-label="Scope" value={scope} placeholder="from the packages" onChange={(e) => setScope(e.target.value)} />
        </label>
        <label className="inline grow">
          Summary
          <input
            className="grow"
            aria-label="Summary"
            value={summary}
            placeholder="from the biggest change"
            onChange={(e) => setSummary(e.target.value)}
          />
        </label>
        <div className="segmented" role="radiogroup" aria-label="Style">
          {(['conventional', 'go'] as const).map((s) => (
            <label key={s} className={style === s ? 'on' : ''}>
              <input type="radio" name="style" checked={style === s} onChange={() => setStyle(s)} />
              {s === 'go' ? 'Go (pkg: ...)' : 'perf(scope): ...'}
            </label>
          ))}
        </div>
      </div>
      {text.error && <ErrorBox error={text.error} onRetry={text.reload} />}
      {text.loading && !text.data && <Spinner label="Writing the message…" />}
      {text.data && (
        <div className="commit-preview">
          <div className="row between">
            <strong data-testid="commit-subject">{text.data.subject}</strong>
            <CopyButton text={text.data.text} label="Copy commit message" className="primary" />
          </div>
          <pre className="message" data-testid="commit-text">
            {text.data.text}
          </pre>
        </div>
      )}
      {md.data && (
        <details className="md-preview">
          <summary>Markdown for a pull request</summary>
          <div className="row between">
            <span className="muted small">Paste into the PR description</span>
            <CopyButton text={md.data.text} label="Copy Markdown" />
          </div>
          <pre className="message">{md.data.text}</pre>
        </details>
      )}
    </section>
  );
}

function Downloads({ runId }: { runId: number }) {
  const [error, setError] = useState<ReturnType<typeof toError> | null>(null);
  const profiles = useApi(() => call('listProfiles', { run: runId }), [runId]);
  const n = native();
  const dl = async (format: 'benchfmt' | 'csv' | 'json') => {
    try {
      const f = await call('exportRun', { run: runId, format });
      downloadText(f.filename, f.mime, f.text);
    } catch (e) {
      setError(toError(e));
    }
  };
  return (
    <section className="panel">
      <h3>Raw results</h3>
      <div className="row">
        <button type="button" onClick={() => dl('benchfmt')}>
          Download benchfmt (.txt)
        </button>
        <button type="button" onClick={() => dl('csv')}>
          Download CSV
        </button>
        <button type="button" onClick={() => dl('json')}>
          Download JSON
        </button>
        <span className="muted small">
          benchfmt carries <code>ref:</code> lines whose value names the commit too (<code>main@1a2b3c4d5e6f</code>), so{' '}
          <code>benchstat -col ref</code> reads it as is; a separate <code>commit:</code> key would split benchstat's table per commit.
        </span>
      </div>
      {error && <ErrorBox error={error} onDismiss={() => setError(null)} />}
      <h3>Profiles</h3>
      {profiles.data && profiles.data.length === 0 && <div className="muted">This run captured no profiles.</div>}
      {profiles.data && profiles.data.length > 0 && (
        <table className="profiles-table">
          <thead>
            <tr>
              <th>Benchmark</th>
              <th>Ref</th>
              <th>Kind</th>
              <th className="num">Size</th>
              <th>File</th>
            </tr>
          </thead>
          <tbody>
            {profiles.data.map((p) => (
              <tr key={p.id}>
                <td>{p.benchmark}</td>
                <td>{p.refLabel}</td>
                <td>{p.kind}</td>
                <td className="num">{formatSize(p.size)}</td>
                <td className="row">
                  <button
                    type="button"
                    aria-label={`download ${p.kind} profile of ${p.benchmark} at ${p.refLabel}`}
                    onClick={async () => {
                      try {
                        const f = await call('exportProfile', { profileId: p.id });
                        downloadBase64(f.filename, f.mime, f.base64);
                      } catch (e) {
                        setError(toError(e));
                      }
                    }}
                  >
                    Download
                  </button>
                  {p.kind !== 'trace' &&
                    (['svg', 'html'] as const).map((format) => (
                      <button
                        type="button"
                        key={format}
                        className="ghost"
                        aria-label={`download ${p.kind} flame graph of ${p.benchmark} at ${p.refLabel} as ${format.toUpperCase()}`}
                        title={
                          format === 'svg'
                            ? 'Flame graph as SVG (tooltips on every frame)'
                            : 'Flame graph as one interactive HTML file (zoom, search; loads nothing)'
                        }
                        onClick={async () => {
                          try {
                            const f = await call('exportFlame', { profileIds: [p.id], format });
                            downloadText(f.filename, f.mime, f.text);
                          } catch (e) {
                            setError(toError(e));
                          }
                        }}
                      >
                        Flame {format.toUpperCase()}
                      </button>
                    ))}
                  {n ? (
                    <button type="button" className="ghost" onClick={() => void n.reveal(p.path)}>
                      Show in folder
                    </button>
                  ) : (
                    <CopyButton text={p.path} label="Copy path" className="ghost" />
                  )}
                  <code className="path small muted">{p.path.split('/').slice(-1)[0]}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
