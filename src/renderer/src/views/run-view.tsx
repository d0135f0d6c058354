// Run: one run as it happens and after. Per-cell progress (ref x package x benchmark x round),
// the overall bar with ETA, the queue when another run holds the machine, the live log, the
// first sec/op numbers with a sparkline per benchmark, cancel. The live state lives in the
// lab store, so leaving this view and coming back loses nothing (runProgress + runSnapshot
// rebuild it after a reload).
import { useEffect, useMemo, useRef, useState } from 'react';
import type { RunDetail } from '../../../shared/models.js';
import { call } from '../api-client.js';
import { EmptyState, ErrorBox, Spinner } from '../components/error-box.js';
import { FindingsPanel } from '../components/findings-panel.js';
import { RunProgressBar } from '../components/progress-bar.js';
import { NotesList } from '../components/notes-list.js';
import { Sparkline } from '../components/sparkline.js';
import { previewBenchmarks } from '../model/bench-match.js';
import { shortPackageNames } from '../model/bench-tree.js';
import { formatBench, formatDate, formatDuration, refText, shortSha, spanMs } from '../model/format.js';
import { cellGrid, isActive, type CellStatus } from '../model/run-state.js';
import { refDisplay } from '../../../shared/ref-match.js';
import { labStore, useLabStore } from '../state/lab-store.js';
import { chartColors, useTheme } from '../state/theme.js';
import { toError, useApi } from '../state/use-api.js';
import { go } from './view-context.js';

/** A ref's `label@sha12` with a line break allowed before the commit (a narrow column wraps there). */
function breakAtCommit(s: string) {
  const at = s.lastIndexOf('@');
  if (at <= 0) return s;
  return (
    <>
      {s.slice(0, at)}
      <wbr />
      {s.slice(at)}
    </>
  );
}

/** Benchmarks in "First numbers" before "show all". */
const FIRST_NUMBERS = 100;

/** The highest round among done cells (keys end with the round). */
function maxRound(done: ReadonlySet<string>): number {
  let max = 1;
  for (const k of done) max = Math.max(max, Number(k.slice(k.lastIndexOf('\u0000') + 1)));
  return max;
}

export function RunView({ runId }: { runId: number }) {
  const store = useLabStore();
  const live = store.live.get(runId);
  const [loadError, setLoadError] = useState<ReturnType<typeof toError> | null>(null);
  useEffect(() => {
    labStore.ensureLive(runId).catch((e) => setLoadError(toError(e)));
  }, [runId]);
  const status = live?.status;
  const detail = useApi(() => call('getRun', { run: runId }), [runId, status, store.runsVersion]);
  if (loadError && !live)
    return (
      <section className="panel">
        <ErrorBox
          error={loadError}
          onRetry={() => {
            setLoadError(null);
            void labStore.refreshLive(runId).catch((e) => setLoadError(toError(e)));
          }}
        />
      </section>
    );
  if (!live || !detail.data)
    return (
      <section className="panel">
        {detail.error ? <ErrorBox error={detail.error} onRetry={detail.reload} /> : <Spinner label={`Loading run ${runId}…`} />}
      </section>
    );
  return <RunBody run={detail.data} />;
}

/** The run holding the machine, as far as this window knows (the lab names it only across processes). */
function holderOf(active: readonly { runId: number; status: string }[], self: number): string | null {
  const h = active.find((s) => s.runId !== self && s.status === 'running');
  return h ? `run ${h.runId}` : null;
}

/** Beyond this many rounds a ref's cells are a bar with counts, not one square each. */
const MAX_SQUARES = 60;

function RoundsBar({ cells }: { cells: readonly CellStatus[] }) {
  const done = cells.filter((c) => c === 'done').length;
  const failed = cells.filter((c) => c === 'failed').length;
  return (
    <span className="rounds-bar" title={`${done} of ${cells.length} rounds done${failed ? `, ${failed} failed` : ''}`}>
      <span className="bar">
        <span className="fill" style={{ width: `${(100 * done) / cells.length}%` }} />
      </span>
      <span className="muted small">
        {done}/{cells.length}
        {failed ? `, ${failed} failed` : ''}
      </span>
    </span>
  );
}

const CELL_CHAR: Record<CellStatus, string> = {
  done: 'done',
  running: 'running',
  pending: 'pending',
  failed: 'failed',
  skipped: 'skipped',
};

/**
 * What the log says for a run that ended before this window watched it (the live log lives only
 * in the lab process that ran it): its outcome, its error with the tool's words, its failures.
 */
function endedLog(run: RunDetail): string {
  const lines = [`run ${run.id} ${run.status}${run.statusDetail ? `: ${run.statusDetail}` : ''}`];
  if (run.error && !run.statusDetail.includes(run.error.message)) lines.push(run.error.message);
  for (const f of run.failures.filter((x) => x.kind !== 'skip').slice(0, 20))
    lines.push(`${f.kind}: ${f.pkg}.${f.name} at ${f.refLabel}, round ${f.round}: ${f.message.split('\n')[0]}`);
  return lines.join('\n');
}

function RunBody({ run }: { run: RunDetail }) {
  const store = useLabStore();
  const live = store.live.get(run.id)!;
  const theme = useTheme();
  const colors = chartColors(theme).palette;
  const active = isActive(live.status);
  // The static scan only: compiling test binaries beside a run that measures would disturb it.
  const pkgs = useApi(
    () =>
      run.repoId ? call('listPackages', { repo: run.repoId, staticOnly: true, ...(run.spec?.tags ? { tags: run.spec.tags } : {}) }) : null,
    [run.repoId, run.spec?.tags],
  );
  const planned = useMemo(() => {
    if (!pkgs.data || !run.spec) return [];
    const p = previewBenchmarks(pkgs.data, run.spec.bench, run.spec.packages);
    return p.ok ? p.matches.map((m) => ({ pkg: m.pkg, name: m.name })) : [];
  }, [pkgs.data, run.spec]);
  // Columns are keyed by the column label the lab's events carry (the ref as typed, `+variant`
  // when one applies); until the run's columns are stored, the typed refs and the labels seen.
  const refs = useMemo(
    () =>
      run.refs.length
        ? run.refs.map((r) => r.label)
        : [...new Set([...(run.spec?.variants.length ? [] : (run.spec?.refs ?? [])), ...[...live.done].map((k) => k.split('\u0000')[0])])],
    [run.refs, run.spec, live.done],
  );
  const shown = (label: string) => {
    const r = run.refs.find((x) => x.label === label);
    return r ? refDisplay(r) : label;
  };
  const rounds = run.spec?.count ?? maxRound(live.done);
  const grid = cellGrid(live, refs, rounds, planned, run.failures);
  const short = shortPackageNames(grid.map((row) => row.pkg));
  const [cancelError, setCancelError] = useState<ReturnType<typeof toError> | null>(null);
  const logRef = useRef<HTMLPreElement>(null);
  useEffect(() => {
    const el = logRef.current;
    if (el && el.scrollHeight - el.scrollTop - el.clientHeight < 80) el.scrollTop = el.scrollHeight;
  }, [live.log.length]);
  const series = useMemo(() => [...live.series.entries()].sort(([a], [b]) => a.localeCompare(b)), [live.series]);
  // An imported run can have thousands of benchmarks: the first ones, and all on request.
  const [allNumbers, setAllNumbers] = useState(false);
  const seriesShown = allNumbers ? series : series.slice(0, FIRST_NUMBERS);
  const cur = live.progress?.current;
  const duration = spanMs(run.startedAt, run.finishedAt ?? (active ? new Date().toISOString() : null));

  return (
    <div className="run-page" data-run={run.id} data-status={live.status}>
      <section className="panel">
        <div className="panel-head">
          <div>
            <h2>
              Run {run.id}
              {run.label ? `: ${run.label}` : ''}{' '}
              <span className={`status-badge ${live.status}`} data-testid="run-status">
                {live.status}
              </span>
            </h2>
            <div className="muted small">
              {run.repoPath} ·{' '}
              {refs
                .map(
                  (r, i) =>
                    `${refText(r)}${run.refs[i]?.sha ? ` (${shortSha(run.refs[i].sha)}${run.refs[i].dirty ? ', uncommitted' : ''})` : ''}`,
                )
                .join(' vs ')}{' '}
              · {run.startedAt ? `started ${formatDate(run.startedAt)}` : `created ${formatDate(run.createdAt)}`}
              {duration !== null ? ` · ${formatDuration(duration)}` : ''}
            </div>
          </div>
          <div className="row">
            {active && (
              <button
                type="button"
                className="danger"
                onClick={() => call('cancelRun', { runId: run.id }).catch((e) => setCancelError(toError(e)))}
              >
                Cancel run
              </button>
            )}
            {live.status === 'completed' && run.resultCount > 0 && (
              <button
                type="button"
                className="primary"
                onClick={() => go({ view: 'compare', runs: [run.id], by: run.refs.length > 1 ? 'ref' : undefined })}
              >
                Compare
              </button>
            )}
            {!active && (
              <button type="button" onClick={() => go({ view: 'profile', run: run.id })} disabled={!run.spec?.profile.length}>
                Profiles
              </button>
            )}
            {!active && (
              <button type="button" onClick={() => go({ view: 'export', runId: run.id })}>
                Export
              </button>
            )}
            {run.repoId && (
              <button type="button" onClick={() => go({ view: 'new', repoId: run.repoId ?? undefined, from: run.id })}>
                Run again…
              </button>
            )}
          </div>
        </div>
        {(active || live.status === 'completed') && <RunProgressBar live={live} />}
        {live.status === 'queued' && (
          <div className="notice">
            Waiting for {live.queuedBehind ?? holderOf(store.activeRuns(), run.id) ?? 'another run'} to finish: one benchmark run at a time
            per machine, so runs do not disturb each other. This run starts by itself.
          </div>
        )}
        {active && cur && (
          <div className="muted small current">
            Now: {cur.refLabel} · {cur.pkg}
            {cur.round > 0 ? ` · round ${cur.round}` : ''}
            {cur.benchtime ? ` · ${cur.benchtime}` : ''}
            {cur.bench ? ` · ${cur.bench}` : ''}
          </div>
        )}
        {!active && live.status !== 'completed' && !run.error && (
          <div className={`notice ${live.status === 'failed' ? 'bad' : ''}`}>{run.statusDetail || live.detail}</div>
        )}
        {run.error && <ErrorBox error={run.error} />}
        {cancelError && <ErrorBox error={cancelError} onDismiss={() => setCancelError(null)} />}
      </section>

      <div className="run-columns">
        <section className="panel">
          <h3>
            Cells{' '}
            <span className="muted small">
              {refs.length} ref{refs.length === 1 ? '' : 's'} × {grid.length} benchmark{grid.length === 1 ? '' : 's'} × {rounds} round
              {rounds === 1 ? '' : 's'}
            </span>
          </h3>
          {grid.length === 0 ? (
            <EmptyState title="No cells yet">
              {active ? 'The runner is preparing: builds come first, then the first round.' : 'This run measured nothing.'}
            </EmptyState>
          ) : (
            <table className="cell-grid">
              <thead>
                <tr>
                  <th>Benchmark</th>
                  {refs.map((r) => (
                    <th key={r} data-ref={r}>
                      {shown(r)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {grid.map((row) => (
                  <tr key={`${row.pkg}.${row.bench}`}>
                    <td>
                      <span className="muted small" title={row.pkg}>
                        {short.get(row.pkg) ?? row.pkg}.
                      </span>
                      {row.bench}
                    </td>
                    {row.cells.map((cells, ri) => (
                      <td key={ri}>
                        {cells.length <= MAX_SQUARES ? (
                          <span className="cells">
                            {cells.map((c, k) => (
                              <span key={k} className={`gcell ${CELL_CHAR[c]}`} title={`${refs[ri]} round ${k + 1}: ${c}`} />
                            ))}
                          </span>
                        ) : (
                          <RoundsBar cells={cells} />
                        )}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <div className="legend small muted">
            <span className="gcell done" /> done <span className="gcell running" /> running <span className="gcell pending" /> pending{' '}
            <span className="gcell failed" /> failed
          </div>
        </section>

        <section className="panel">
          <h3>
            First numbers <span className="muted small">sec/op per round, one line per ref</span>
          </h3>
          {series.length === 0 ? (
            <EmptyState title="No numbers yet">
              {active ? 'Values appear as each benchmark process finishes.' : 'No sec/op values were recorded.'}
            </EmptyState>
          ) : (
            <table className="first-numbers">
              <thead>
                <tr>
                  <th>Benchmark</th>
                  {refs.map((r, i) => (
                    <th key={r} data-ref={r}>
                      <span className="swatch" style={{ background: colors[i % colors.length] }} />
                      {breakAtCommit(shown(r))}
                    </th>
                  ))}
                  <th>Rounds</th>
                </tr>
              </thead>
              <tbody>
                {seriesShown.map(([key, byRef]) => {
                  const [, name] = key.split('\u0000');
                  const ss = refs.map((r) => ({ key: r, values: byRef.get(r) ?? [] }));
                  return (
                    <tr key={key}>
                      <td className="mono">{name}</td>
                      {ss.map((s) => (
                        <td key={s.key} className="num">
                          {s.values.length ? formatBench(s.values[s.values.length - 1], 'sec/op') : '–'}
                        </td>
                      ))}
                      <td>
                        <Sparkline series={ss} colors={colors} />
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
          {seriesShown.length < series.length && (
            <button type="button" className="link" onClick={() => setAllNumbers(true)}>
              Show all {series.length.toLocaleString('en')} benchmarks (the first {FIRST_NUMBERS} are shown)
            </button>
          )}
        </section>
      </div>

      {(run.failures.some((f) => f.kind !== 'skip') || run.notes.length > 0 || (run.environment?.warnings.length ?? 0) > 0) && (
        <section className="panel">
          <h3>Notes</h3>
          <NotesList
            items={[
              ...(run.environment?.warnings ?? []).map((w, i) => ({ key: `w${i}`, severity: w.severity, text: w.message })),
              ...run.failures
                .filter((f) => f.kind !== 'skip')
                .slice(0, 50)
                .map((f, i) => ({
                  key: `f${i}`,
                  severity: 'warning' as const,
                  text: (
                    <>
                      {f.kind}: {f.name} at {f.refLabel}, round {f.round}: <span className="mono">{f.message.split('\n')[0]}</span>
                    </>
                  ),
                })),
              ...run.notes.map((n, i) => ({ key: `n${i}`, text: n })),
            ]}
          />
        </section>
      )}

      {!active && <RunFindings runId={run.id} />}

      <section className="panel">
        <h3>Log</h3>
        <pre className="log" ref={logRef} data-testid="run-log">
          {live.log.length ? live.log.join('\n') : active ? 'No output yet.' : endedLog(run)}
        </pre>
      </section>
    </div>
  );
}

function RunFindings({ runId }: { runId: number }) {
  const profiles = useApi(() => call('listProfiles', { run: runId }), [runId]);
  const findings = useApi(
    () => (profiles.data && profiles.data.length > 0 ? call('findings', { run: runId }) : null),
    [runId, profiles.data?.length],
  );
  if (!profiles.data || profiles.data.length === 0) return null;
  return (
    <section className="panel">
      <h3>
        Findings <span className="muted small">cost in the module's own code, from this run's profiles</span>
      </h3>
      {findings.error && <ErrorBox error={findings.error} onRetry={findings.reload} />}
      {!findings.data && !findings.error && <Spinner label="Reading profiles…" />}
      {findings.data && <FindingsPanel report={findings.data} />}
    </section>
  );
}
