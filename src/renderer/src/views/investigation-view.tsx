// Investigation: targets -> baseline -> verify steps -> commit, one page per investigation.
// Each step shows its distance to every target, a small chart per target across steps, the
// findings of the latest profiles, and the commit button once targets are met.
import { useMemo, useState } from 'react';
import type { Investigation } from '../../../shared/workflow-types.js';
import type { CommitMessage } from '../../../shared/workflow-types.js';
import { call } from '../api-client.js';
import { CopyButton } from '../components/copy-button.js';
import { EChart } from '../components/echart.js';
import { FindingsPanel } from '../components/findings-panel.js';
import { EmptyState, ErrorBox, Spinner } from '../components/error-box.js';
import { stepsOption } from '../model/chart-options.js';
import { formatDate } from '../model/format.js';
import { useLabStore } from '../state/lab-store.js';
import { chartColors, useTheme } from '../state/theme.js';
import { toError, useApi } from '../state/use-api.js';
import { go, type ViewContext } from './view-context.js';

export function InvestigationView({ ctx, id }: { ctx: ViewContext; id?: number }) {
  return id ? <InvestigationPage id={id} /> : <InvestigationList ctx={ctx} />;
}

function InvestigationList({ ctx }: { ctx: ViewContext }) {
  const store = useLabStore();
  const list = useApi(() => call('investigationList', { repo: ctx.repo?.id }), [ctx.repo?.id, store.runsVersion]);
  const [title, setTitle] = useState('');
  const [bench, setBench] = useState('');
  const [targetNames, setTargetNames] = useState('');
  const [benchtime, setBenchtime] = useState('1s');
  const [base, setBase] = useState('HEAD');
  const [improve, setImprove] = useState('10');
  const [count, setCount] = useState('10');
  const [error, setError] = useState<ReturnType<typeof toError> | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <div className="investigations">
      <section className="panel">
        <h2>Investigations {ctx.repo && <span className="muted small">in {ctx.repo.modulePath}</span>}</h2>
        {list.error && <ErrorBox error={list.error} onRetry={list.reload} />}
        {list.data && list.data.length === 0 && <EmptyState title="No investigations yet">Start one below: name the benchmarks and how much faster they should get; Perflab measures a baseline, then each change you verify.</EmptyState>}
        <ul className="pick-list">
          {(list.data ?? []).map((i) => (
            <li key={i.id}><a href={`#/investigation/${i.id}`}>{i.title}</a> <span className="muted small">{i.bench} · base {i.base} · {i.steps.length} step{i.steps.length === 1 ? '' : 's'} · {i.status}</span></li>
          ))}
        </ul>
      </section>
      {ctx.repo && (
        <form className="panel builder" aria-label="Start an investigation" onSubmit={async (e) => {
          e.preventDefault();
          if (!ctx.repo) return;
          setBusy(true);
          setError(null);
          try {
            const inv = await call('investigationStart', {
              repo: ctx.repo.id, title, base, bench, count: Number(count), benchtime: benchtime.split(/[\s,]+/).filter(Boolean),
              targets: targetNames.split(/[\s,]+/).filter(Boolean).map((name) => ({ name, unit: 'sec/op', improvePct: Number(improve) })),
            });
            go({ view: 'investigation', id: inv.id });
          } catch (err) {
            setError(toError(err));
          } finally {
            setBusy(false);
          }
        }}>
          <h3>Start an investigation</h3>
          <div className="grid-fields">
            <label className="field"><span>Title</span><input aria-label="Investigation title" required value={title} onChange={(e) => setTitle(e.target.value)} placeholder="Faster field splitting" /></label>
            <label className="field"><span>Benchmarks (-bench)</span><input aria-label="Investigation benchmarks" required value={bench} onChange={(e) => setBench(e.target.value)} placeholder="BenchmarkFields" /></label>
            <label className="field"><span>Targets: benchmark names</span><input aria-label="Target benchmarks" value={targetNames} onChange={(e) => setTargetNames(e.target.value)} placeholder="BenchmarkFields/size=64" /></label>
            <label className="field"><span>-benchtime</span><input aria-label="Investigation benchtime" value={benchtime} onChange={(e) => setBenchtime(e.target.value)} /></label>
            <label className="field"><span>Baseline ref</span><input aria-label="Baseline ref" value={base} onChange={(e) => setBase(e.target.value)} /></label>
            <label className="field"><span>Target: faster by %</span><input aria-label="Improve percent" inputMode="decimal" value={improve} onChange={(e) => setImprove(e.target.value)} /></label>
            <label className="field"><span>-count per step</span><input aria-label="Investigation count" inputMode="numeric" value={count} onChange={(e) => setCount(e.target.value)} /></label>
          </div>
          <button type="submit" className="primary" disabled={busy || !title || !bench}>{busy ? 'Measuring the baseline…' : 'Start and measure the baseline'}</button>
          {error && <ErrorBox error={error} onDismiss={() => setError(null)} />}
        </form>
      )}
    </div>
  );
}

function InvestigationPage({ id }: { id: number }) {
  const theme = useTheme();
  const store = useLabStore();
  const inv = useApi(() => call('investigationStatus', { id }), [id, store.runsVersion]);
  const [ref, setRef] = useState('WORKTREE');
  const [busy, setBusy] = useState<'verify' | 'commit' | null>(null);
  const [error, setError] = useState<ReturnType<typeof toError> | null>(null);
  const [commit, setCommit] = useState<CommitMessage | null>(null);
  const last = inv.data?.steps[inv.data.steps.length - 1];
  const findings = useApi(() => (last ? call('findings', { run: last.runId }) : null), [last?.runId]);
  if (inv.error) return <section className="panel"><ErrorBox error={inv.error} onRetry={inv.reload} /></section>;
  if (!inv.data) return <section className="panel"><Spinner label="Loading the investigation…" /></section>;
  const i = inv.data;
  // The steps name targets as the comparison rows do (e.g. `Sum-2`); before any step, the targets as given.
  const measured = [...new Set(i.steps.flatMap((s) => s.targets.map((t) => t.name)))];
  const targets = measured.length ? measured : i.targets.map((t) => t.name);
  const allMet = !!last && last.targets.length > 0 && last.targets.every((t) => t.state === 'met');
  return (
    <div className="investigation-page">
      <section className="panel">
        <div className="panel-head">
          <div>
            <h2>{i.title} <span className={`status-badge ${i.status === 'committed' ? 'completed' : 'running'}`}>{i.status}</span></h2>
            <div className="muted small">{i.bench} · baseline {i.base} ({i.baseSha.slice(0, 10)}) · started {formatDate(i.createdAt)}</div>
            {i.targets.length > 0 && <div className="muted small">Targets: {i.targets.map((t) => `${t.name} ${t.improvePct !== undefined ? `${t.improvePct}% faster` : `at most ${t.max} ${t.unit}`}`).join(' · ')}</div>}
          </div>
          <form className="row" onSubmit={async (e) => {
            e.preventDefault();
            setBusy('verify');
            setError(null);
            try { await call('investigationVerify', { id, ref }); inv.reload(); } catch (err) { setError(toError(err)); } finally { setBusy(null); }
          }}>
            <input aria-label="Verify ref" value={ref} onChange={(e) => setRef(e.target.value)} />
            <button type="submit" disabled={busy !== null || i.status === 'committed'}>{busy === 'verify' ? 'Verifying…' : 'Verify this change'}</button>
            <button type="button" className="primary" disabled={busy !== null || !allMet} title={allMet ? 'Write the commit message' : 'Every target must be met first'} onClick={async () => {
              setBusy('commit');
              setError(null);
              try { setCommit((await call('investigationCommit', { id })).message); } catch (err) { setError(toError(err)); } finally { setBusy(null); }
            }}>Commit…</button>
          </form>
        </div>
        {error && <ErrorBox error={error} onDismiss={() => setError(null)} />}
        {commit && (
          <div className="commit-preview">
            <div className="row between"><strong>{commit.subject}</strong><CopyButton text={commit.text} label="Copy commit message" /></div>
            <pre className="message">{commit.text}</pre>
          </div>
        )}
      </section>
      <section className="panel">
        <h3>Steps</h3>
        {i.steps.length === 0 ? <EmptyState title="No steps yet">The baseline is being measured.</EmptyState> : (
          <table className="steps-table">
            <thead><tr><th>Step</th><th>Ref</th><th>Run</th><th>Status</th><th>Date</th>{targets.map((t) => <th key={t}>{t}</th>)}</tr></thead>
            <tbody>
              {i.steps.map((s) => (
                <tr key={s.index}>
                  <td>{s.kind === 'baseline' ? 'baseline' : `#${s.index}`}</td><td>{s.ref}</td><td><a href={`#/run/${s.runId}`}>#{s.runId}</a></td><td><span className={`status-badge ${s.runStatus}`}>{s.runStatus}</span></td><td>{formatDate(s.createdAt)}</td>
                  {targets.map((name) => {
                    const t = s.targets.find((x) => x.name === name);
                    return <td key={name} className={`target ${t?.state ?? ''}`}>{t ? `${t.state}${t.distancePct !== null ? ` (${t.distancePct > 0 ? '+' : ''}${t.distancePct.toFixed(1)}%)` : ''}` : '–'}</td>;
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <div className="small-multiples">
          {targets.map((t) => <TargetChart key={t} inv={i} target={t} theme={theme} />)}
        </div>
      </section>
      <section className="panel">
        <h3>Findings of the latest profiles</h3>
        {findings.error && <ErrorBox error={findings.error} onRetry={findings.reload} />}
        {findings.data && <FindingsPanel report={findings.data} />}
      </section>
    </div>
  );
}

function TargetChart({ inv, target, theme }: { inv: Investigation; target: string; theme: 'light' | 'dark' }) {
  const option = useMemo(() => stepsOption(inv, target, chartColors(theme)), [inv, target, theme]);
  return <EChart option={option} height={170} label={`distance to target of ${target}`} className="small-chart" />;
}
