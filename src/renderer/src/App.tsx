// The first page of the lab: repositories (add by path, trust), their benchmarks, a form to
// start a run, live progress, and the runs with their results. The full UI builds on this.
import { useCallback, useEffect, useState } from 'react';
import type { LabEvent } from '../../shared/api.js';
import type { PackageInfo, Progress, Repo, ResultRow, RunDetail, RunSummary } from '../../shared/models.js';
import { ApiError, call, subscribe } from './api-client.js';

function errText(e: unknown): string {
  return e instanceof ApiError ? e.error.message : e instanceof Error ? e.message : String(e);
}

export function App() {
  const [repos, setRepos] = useState<Repo[]>([]);
  const [repo, setRepo] = useState<Repo | null>(null);
  const [runs, setRuns] = useState<RunSummary[]>([]);
  const [error, setError] = useState('');
  const [progress, setProgress] = useState<Record<number, Progress>>({});
  const [log, setLog] = useState<string[]>([]);
  const [openRun, setOpenRun] = useState<number | null>(null);

  const refresh = useCallback(async () => {
    try {
      const rs = await call('listRepos', {});
      setRepos([...rs]);
      setRuns([...(await call('listRuns', {}))]);
    } catch (e) {
      setError(errText(e));
    }
  }, []);

  useEffect(() => {
    void refresh();
    return subscribe((e: LabEvent) => {
      if (e.type === 'run-progress') setProgress((p) => ({ ...p, [e.runId]: e.progress }));
      if (e.type === 'run-log') setLog((l) => [...l.slice(-199), e.line]);
      if (e.type === 'runs-changed' || e.type === 'repos-changed' || e.type === 'run-finished') void refresh();
    });
  }, [refresh]);

  return (
    <div className="app">
      <header><h1>Perflab</h1></header>
      {error && <div className="error" role="alert">{error} <button onClick={() => setError('')}>dismiss</button></div>}
      <main>
        <section className="panel">
          <h2>Repositories</h2>
          <AddRepo onAdded={(r) => { setRepo(r); void refresh(); }} onError={setError} />
          <ul className="repos">
            {repos.map((r) => (
              <li key={r.id}>
                <button className={repo?.id === r.id ? 'link active' : 'link'} onClick={() => setRepo(r)}>{r.modulePath}</button>
                <span className="muted"> {r.path}</span> {r.trusted ? <span className="tag ok">trusted</span> : <span className="tag warn">not trusted</span>}
              </li>
            ))}
          </ul>
        </section>
        {repo && <RepoView key={repo.id} repo={repos.find((r) => r.id === repo.id) ?? repo} onError={setError} onStarted={(id) => { setOpenRun(id); void refresh(); }} />}
        <section className="panel">
          <h2>Runs</h2>
          <table className="runs">
            <thead><tr><th>ID</th><th>Status</th><th>Refs</th><th>Results</th><th>Progress</th><th>Label</th></tr></thead>
            <tbody>
              {runs.map((r) => {
                const p = progress[r.id];
                return (
                  <tr key={r.id} data-run-id={r.id} className={openRun === r.id ? 'selected' : ''} onClick={() => setOpenRun(r.id)}>
                    <td>{r.id}</td><td className={`status ${r.status}`}>{r.status}</td><td>{r.refs.map((x) => x.label).join(', ')}</td>
                    <td>{r.resultCount}</td>
                    <td>{p && (r.status === 'running' || r.status === 'queued') ? <ProgressBar p={p} /> : null}</td>
                    <td>{r.label}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {openRun !== null && <RunView runId={openRun} status={runs.find((r) => r.id === openRun)?.status} onError={setError} />}
          {log.length > 0 && <pre className="log">{log.slice(-30).join('\n')}</pre>}
        </section>
      </main>
    </div>
  );
}

function ProgressBar({ p }: { p: Progress }) {
  const pct = p.total ? Math.round((100 * p.done) / p.total) : 0;
  return (
    <span className="progress" data-done={p.done} data-total={p.total}>
      <progress max={p.total || 1} value={p.done} /> {p.phase} {p.done}/{p.total}
      {p.etaMs !== null && p.etaMs > 0 ? ` ETA ${Math.ceil(p.etaMs / 1000)}s` : ''} {pct}%
    </span>
  );
}

function AddRepo({ onAdded, onError }: { onAdded: (r: Repo) => void; onError: (s: string) => void }) {
  const [path, setPath] = useState('');
  const [trust, setTrust] = useState(false);
  return (
    <form className="row" onSubmit={async (ev) => {
      ev.preventDefault();
      try {
        onAdded(await call('addRepo', { path, trust }));
        setPath('');
      } catch (e) {
        onError(errText(e));
      }
    }}>
      <input aria-label="Repository path" placeholder="/path/to/go/module" value={path} onChange={(e) => setPath(e.target.value)} size={50} />
      <label title="Running benchmarks compiles and runs the repository's code"><input type="checkbox" checked={trust} onChange={(e) => setTrust(e.target.checked)} /> trust (runs its code)</label>
      <button type="submit" disabled={!path}>Add repository</button>
    </form>
  );
}

function RepoView({ repo, onError, onStarted }: { repo: Repo; onError: (s: string) => void; onStarted: (id: number) => void }) {
  const [pkgs, setPkgs] = useState<PackageInfo[] | null>(null);
  const [bench, setBench] = useState('.');
  const [count, setCount] = useState(5);
  const [benchtime, setBenchtime] = useState('100x');
  const [cpu, setCpu] = useState('');
  const [refs, setRefs] = useState('WORKTREE');
  useEffect(() => {
    call('listPackages', { repo: repo.id }).then((p) => setPkgs([...p]), (e) => onError(errText(e)));
  }, [repo.id, onError]);
  return (
    <section className="panel">
      <h2>{repo.modulePath}</h2>
      {!repo.trusted && (
        <div className="trust">
          Running benchmarks compiles and runs this repository's code with your permissions.{' '}
          <button onClick={async () => { try { await call('trustRepo', { repo: repo.id, trusted: true }); } catch (e) { onError(errText(e)); } }}>Trust this repository</button>
        </div>
      )}
      <div className="benchmarks">
        {pkgs === null ? <p className="muted">Listing packages…</p> : pkgs.filter((p) => p.benchmarks.length).map((p) => (
          <div key={p.importPath}>
            <strong>{p.importPath}</strong>
            <ul>{p.benchmarks.map((b) => <li key={b} className="bench-name">{b}</li>)}</ul>
          </div>
        ))}
      </div>
      <form className="run-form" onSubmit={async (ev) => {
        ev.preventDefault();
        try {
          const { runId } = await call('startRun', {
            repo: repo.id, bench, count, benchtime: benchtime.split(',').map((s) => s.trim()).filter(Boolean),
            cpu: cpu ? cpu.split(',').map((s) => Number(s.trim())) : [], refs: refs.split(/[\s,]+/).filter(Boolean),
          });
          onStarted(runId);
        } catch (e) {
          onError(errText(e));
        }
      }}>
        <label>Benchmarks (regexp) <input aria-label="Benchmark regexp" value={bench} onChange={(e) => setBench(e.target.value)} /></label>
        <label>Refs <input aria-label="Refs" value={refs} onChange={(e) => setRefs(e.target.value)} /></label>
        <label>-count <input aria-label="Count" type="number" min={1} value={count} onChange={(e) => setCount(Number(e.target.value))} /></label>
        <label>-benchtime <input aria-label="Benchtime" value={benchtime} onChange={(e) => setBenchtime(e.target.value)} /></label>
        <label>-cpu <input aria-label="CPU list" value={cpu} placeholder="default" onChange={(e) => setCpu(e.target.value)} /></label>
        <button type="submit" disabled={!repo.trusted}>Start run</button>
      </form>
    </section>
  );
}

function RunView({ runId, status, onError }: { runId: number; status?: string; onError: (s: string) => void }) {
  const [detail, setDetail] = useState<RunDetail | null>(null);
  const [results, setResults] = useState<ResultRow[]>([]);
  useEffect(() => {
    Promise.all([call('getRun', { run: runId }), call('getResults', { run: runId })]).then(([d, r]) => { setDetail(d); setResults([...r]); }, (e) => onError(errText(e)));
  }, [runId, status, onError]);
  if (!detail) return null;
  return (
    <div className="run-view" data-run={runId}>
      <h3>Run {runId}: <span className={`status ${detail.status}`}>{detail.status}</span> <span className="muted">{detail.statusDetail.split('\n')[0]}</span></h3>
      {(detail.status === 'running' || detail.status === 'queued') && <button onClick={() => call('cancelRun', { runId }).catch((e) => onError(errText(e)))}>Cancel</button>}
      {detail.notes.map((n) => <p key={n} className="muted">{n}</p>)}
      <table className="results">
        <thead><tr><th>Ref</th><th>Package</th><th>Benchmark</th><th>-cpu</th><th>Round</th><th>Iterations</th><th>Metrics</th></tr></thead>
        <tbody>
          {results.slice(0, 2000).map((r) => (
            <tr key={r.id}><td>{r.refLabel}</td><td>{r.pkg}</td><td>{r.name}</td><td>{r.cpu}</td><td>{r.round}</td><td>{r.iterations}</td>
              <td>{r.metrics.map((m) => `${Number(m.value.toPrecision(4))} ${m.unit}`).join('  ')}</td></tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
