// Bisect: which commit made a benchmark worse. A form (good, bad, benchmark, threshold, rounds)
// starts a statistical bisect; its page follows the steps live (each a run of good, the
// candidate and bad, with the current run's progress) and ends with the first bad commit and
// its evidence, or the interval it could not split, and the commands that reproduce it.
import { useEffect, useState } from 'react';
import type { BisectEvidenceRow, BisectStep } from '../../../shared/bisect-types.js';
import { call } from '../api-client.js';
import { CopyButton } from '../components/copy-button.js';
import { EmptyState, ErrorBox, Spinner } from '../components/error-box.js';
import { RunProgressBar } from '../components/progress-bar.js';
import { formatBench, formatDate, formatRatioChange } from '../model/format.js';
import { newerReport, STATUS_TEXT, statusClass } from '../model/bisect-model.js';
import { labStore, useLabStore } from '../state/lab-store.js';
import { toError, useApi } from '../state/use-api.js';
import { go, type ViewContext } from './view-context.js';

export function BisectView({ ctx, id }: { ctx: ViewContext; id?: number }) {
  return id ? <BisectPage id={id} /> : <BisectStart ctx={ctx} />;
}

function BisectStart({ ctx }: { ctx: ViewContext }) {
  const store = useLabStore();
  const list = useApi(() => call('listBisects', {}), [store.bisectsVersion]);
  const [good, setGood] = useState('');
  const [bad, setBad] = useState('HEAD');
  const [bench, setBench] = useState('');
  const [threshold, setThreshold] = useState('5');
  const [count, setCount] = useState('8');
  const [maxCount, setMaxCount] = useState('24');
  const [benchtime, setBenchtime] = useState('1s');
  const [error, setError] = useState<ReturnType<typeof toError> | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <div className="bisect-start">
      <section className="panel">
        <h2>Bisect {ctx.repo && <span className="muted small">in {ctx.repo.modulePath}</span>}</h2>
        <p className="muted small">
          Finds the commit that made a benchmark worse: first confirms that bad is worse than good beyond the threshold, then measures the
          first-parent commits in between (each interleaved with good and bad, adding rounds until it is clearly like one of them). A commit
          that does not build is skipped; when a commit cannot be decided, the interval is reported instead of a guess.
        </p>
        {list.data && list.data.length > 0 && (
          <ul className="pick-list" aria-label="Bisects">
            {list.data.map((b) => (
              <li key={b.id}>
                <a href={`#/bisect/${b.id}`}>Bisect {b.id}</a>{' '}
                <span className={`status-badge ${statusClass(b.status)}`}>{STATUS_TEXT[b.status]}</span>{' '}
                <span className="muted small">
                  {b.settings.bench} · {b.good.ref}..{b.bad.ref} · {b.message}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
      {!ctx.repo && <EmptyState title="No repository">Add a repository first (Repositories).</EmptyState>}
      {ctx.repo && (
        <form
          className="panel builder"
          aria-label="Start a bisect"
          onSubmit={async (e) => {
            e.preventDefault();
            if (!ctx.repo) return;
            setBusy(true);
            setError(null);
            try {
              const r = await call('startBisect', {
                repo: ctx.repo.id,
                good: good.trim(),
                bad: bad.trim(),
                bench,
                thresholdPct: Number(threshold),
                count: Number(count),
                maxCount: Number(maxCount),
                benchtime: benchtime.split(/[\s,]+/).filter(Boolean),
              });
              labStore.bisects.set(r.id, r);
              go({ view: 'bisect', id: r.id });
            } catch (err) {
              setError(toError(err));
            } finally {
              setBusy(false);
            }
          }}
        >
          <h3>Start a bisect</h3>
          <div className="grid-fields">
            <label className="field">
              <span>Repository</span>
              <input aria-label="Bisect repository" value={ctx.repo.path} readOnly />
            </label>
            <label className="field">
              <span>Good (a commit where it was fine)</span>
              <input aria-label="Good ref" required value={good} onChange={(e) => setGood(e.target.value)} placeholder="v1.4.0" />
            </label>
            <label className="field">
              <span>Bad (a later commit where it is worse)</span>
              <input aria-label="Bad ref" required value={bad} onChange={(e) => setBad(e.target.value)} />
            </label>
            <label className="field">
              <span>Benchmarks (-bench)</span>
              <input
                aria-label="Bisect benchmarks"
                required
                value={bench}
                onChange={(e) => setBench(e.target.value)}
                placeholder="^BenchmarkParse$"
              />
            </label>
            <label className="field">
              <span>Threshold %</span>
              <input aria-label="Threshold percent" inputMode="decimal" value={threshold} onChange={(e) => setThreshold(e.target.value)} />
            </label>
            <label className="field">
              <span>Rounds to start with</span>
              <input aria-label="Bisect count" inputMode="numeric" value={count} onChange={(e) => setCount(e.target.value)} />
            </label>
            <label className="field">
              <span>At most rounds per step</span>
              <input aria-label="Bisect max count" inputMode="numeric" value={maxCount} onChange={(e) => setMaxCount(e.target.value)} />
            </label>
            <label className="field">
              <span>-benchtime</span>
              <input aria-label="Bisect benchtime" value={benchtime} onChange={(e) => setBenchtime(e.target.value)} />
            </label>
          </div>
          <button type="submit" className="primary" disabled={busy || !good || !bad || !bench}>
            {busy ? 'Starting…' : 'Start bisect'}
          </button>
          {error && <ErrorBox error={error} onDismiss={() => setError(null)} />}
        </form>
      )}
    </div>
  );
}

const POLL_MS = 3000;

function BisectPage({ id }: { id: number }) {
  const store = useLabStore();
  // Refetched after the event stream reconnects (the events it missed are gone), and every few
  // seconds while it runs: a bisect another process runs (the CLI) sends this server no events.
  const loaded = useApi(() => call('bisectStatus', { id }), [id, store.reconnects]);
  const [error, setError] = useState<ReturnType<typeof toError> | null>(null);
  const live = store.bisects.get(id);
  const r = newerReport(live, loaded.data);
  const running = r?.status === 'running';
  useEffect(() => {
    if (!running) return;
    const t = setInterval(loaded.reload, POLL_MS);
    return () => clearInterval(t);
  }, [running, loaded.reload]);
  const current = r?.steps.find((s) => s.state === 'measuring' && s.runId !== null);
  useEffect(() => {
    if (current?.runId) void labStore.ensureLive(current.runId);
  }, [current?.runId]);
  if (loaded.error && !r)
    return (
      <section className="panel">
        <ErrorBox error={loaded.error} onRetry={loaded.reload} />
      </section>
    );
  if (!r)
    return (
      <section className="panel">
        <Spinner label="Loading the bisect…" />
      </section>
    );
  const liveRun = current?.runId ? store.live.get(current.runId) : undefined;
  return (
    <div className="bisect-page" data-bisect-status={r.status}>
      <section className="panel">
        <div className="panel-head">
          <div>
            <h2>
              Bisect {r.id} <span className={`status-badge ${statusClass(r.status)}`}>{STATUS_TEXT[r.status]}</span>
            </h2>
            <div className="muted small">
              {r.settings.bench} · {r.settings.unit} · threshold {r.settings.thresholdPct}% · good {r.good.ref} ({r.good.sha.slice(0, 10)})
              · bad {r.bad.ref} ({r.bad.sha.slice(0, 10)}) · {r.commits.length} {r.commits.length === 1 ? 'commit' : 'commits'} · started{' '}
              {formatDate(r.startedAt)}
            </div>
          </div>
          {r.status === 'running' && (
            <button
              type="button"
              className="danger"
              onClick={async () => {
                try {
                  await call('cancelBisect', { id });
                } catch (err) {
                  setError(toError(err));
                }
              }}
            >
              Cancel
            </button>
          )}
        </div>
        {error && <ErrorBox error={error} onDismiss={() => setError(null)} />}
        <p className="bisect-message" role="status">
          {r.message}
        </p>
        {liveRun && current && (
          <div className="row">
            <a href={`#/run/${current.runId}`}>run {current.runId}</a>
            <RunProgressBar live={liveRun} />
          </div>
        )}
        {r.error && <ErrorBox error={r.error} />}
      </section>
      {r.firstBad && (
        <section className="panel bisect-result" aria-label="First bad commit">
          <h3>First bad commit</h3>
          <p>
            <code className="sha" data-sha={r.firstBad.sha}>
              {r.firstBad.sha}
            </code>{' '}
            <strong>{r.firstBad.subject}</strong>
          </p>
          {r.evidence && (
            <>
              <EvidenceTable title={`Good (${r.good.sha.slice(0, 10)}) vs first bad`} rows={r.evidence.goodVsFirstBad} />
              <EvidenceTable
                title={`The commit before it (${r.evidence.before.sha.slice(0, 10)} ${r.evidence.before.subject}) vs first bad`}
                rows={r.evidence.beforeVsFirstBad}
              />
            </>
          )}
        </section>
      )}
      {r.interval && (
        <section className="panel" aria-label="Undecided interval">
          <h3>The first bad commit is one of</h3>
          <ul>
            {r.interval.map((c) => (
              <li key={c.sha}>
                <code>{c.sha.slice(0, 12)}</code> {c.subject}
              </li>
            ))}
          </ul>
        </section>
      )}
      <section className="panel">
        <h3>Steps</h3>
        <StepsTable steps={r.steps} total={r.commits.length} />
        {r.skipped.length > 0 && (
          <ul className="notes" aria-label="Skipped commits">
            {r.skipped.map((s) => (
              <li key={s.sha}>
                <code>{s.sha.slice(0, 12)}</code> {s.subject}: {s.note}
              </li>
            ))}
          </ul>
        )}
      </section>
      {r.reproduce.length > 0 && (
        <section className="panel">
          <div className="row between">
            <h3>Reproduce</h3>
            <CopyButton text={r.reproduce.join('\n')} label="Copy commands" />
          </div>
          <pre className="message">{r.reproduce.join('\n')}</pre>
        </section>
      )}
    </div>
  );
}

function StepsTable({ steps, total }: { steps: readonly BisectStep[]; total: number }) {
  if (steps.length === 0) return <EmptyState title="No steps yet">The first run is being prepared.</EmptyState>;
  return (
    <table className="steps-table bisect-steps">
      <thead>
        <tr>
          <th>Step</th>
          <th>Commit</th>
          <th>Subject</th>
          <th>Run</th>
          <th>Rounds</th>
          <th>Over good</th>
          <th>Outcome</th>
          <th className="num">Left</th>
        </tr>
      </thead>
      <tbody>
        {steps.map((s) => {
          const j = s.series[0];
          return (
            <tr key={s.index} data-step-state={s.state}>
              <td>{s.kind === 'confirm' ? 'confirm' : `${s.position}/${total}`}</td>
              <td>
                <code>{s.sha.slice(0, 10)}</code>
              </td>
              <td>{s.subject}</td>
              <td>{s.runId !== null ? <a href={`#/run/${s.runId}`}>#{s.runId}</a> : '–'}</td>
              <td>{s.rounds || '–'}</td>
              <td>
                {j && j.estimate !== null
                  ? `${formatRatioChange(j.estimate)} [${formatRatioChange(j.lo)}, ${formatRatioChange(j.hi)}]`
                  : '–'}
              </td>
              <td>
                <span className={`verdict-badge ${s.state.replace(/\s+/g, '-')}`}>{s.state}</span>
                {s.note && <div className="muted small">{s.note}</div>}
              </td>
              <td className="num">{s.remaining}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function EvidenceTable({ title, rows }: { title: string; rows: readonly BisectEvidenceRow[] }) {
  return (
    <div className="evidence">
      <h4>{title}</h4>
      {rows.length === 0 ? (
        <p className="muted">No samples.</p>
      ) : (
        <table className="evidence-table">
          <thead>
            <tr>
              <th>Benchmark</th>
              <th>Unit</th>
              <th className="num">Base</th>
              <th className="num">Head</th>
              <th className="num">Delta</th>
              <th>95% interval</th>
              <th className="num">p</th>
              <th className="num">n</th>
              <th>Runs</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((x) => (
              <tr key={`${x.bench}\u0000${x.unit}`}>
                <td>{x.bench}</td>
                <td>{x.unit}</td>
                <td className="num">{formatBench(x.base, x.unit)}</td>
                <td className="num">{formatBench(x.head, x.unit)}</td>
                <td className="num">{pct(x.deltaPct)}</td>
                <td>
                  [{pct(x.loPct)}, {pct(x.hiPct)}]
                </td>
                <td className="num">{x.p < 0.001 ? '<0.001' : x.p.toFixed(3)}</td>
                <td className="num">
                  {x.nBase}+{x.nHead}
                </td>
                <td>
                  {x.runIds.map((id) => (
                    <a key={id} href={`#/run/${id}`}>
                      #{id}{' '}
                    </a>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function pct(v: number | null): string {
  if (v === null || !Number.isFinite(v)) return '?';
  return `${v > 0 ? '+' : ''}${v.toFixed(1)}%`;
}
