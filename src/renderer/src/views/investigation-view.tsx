// Investigation: targets -> baseline -> verify steps -> commit, one page per investigation.
// Each step shows its snapshot, its tests, its notes and its distance to every target (per
// benchmark and unit), the running step's progress, a small chart per target across steps,
// the findings of the latest profiles, and the commit button, disabled with the reason while
// tests fail or targets are unmet.
import { Fragment, useEffect, useMemo, useState } from 'react';
import type { Investigation } from '../../../shared/workflow-types.js';
import type { CommitMessage } from '../../../shared/workflow-types.js';
import { call } from '../api-client.js';
import { CopyButton } from '../components/copy-button.js';
import { RunProgressBar } from '../components/progress-bar.js';
import { EChart } from '../components/echart.js';
import { FindingsPanel } from '../components/findings-panel.js';
import { EmptyState, ErrorBox, Spinner } from '../components/error-box.js';
import { stepsOption } from '../model/chart-options.js';
import { formatBench, formatDate } from '../model/format.js';
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
  const [targetTexts, setTargetTexts] = useState('');
  const [benchtime, setBenchtime] = useState('1s');
  const [base, setBase] = useState('HEAD');
  const [pkgs, setPkgs] = useState('');
  const [tests, setTests] = useState<'on' | 'race' | 'off'>('on');
  const [count, setCount] = useState('10');
  const [error, setError] = useState<ReturnType<typeof toError> | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <div className="investigations">
      <section className="panel">
        <h2>Investigations {ctx.repo && <span className="muted small">in {ctx.repo.modulePath}</span>}</h2>
        {list.error && <ErrorBox error={list.error} onRetry={list.reload} />}
        {list.data && list.data.length === 0 && (
          <EmptyState title="No investigations yet">
            Start one below: name the benchmarks and their targets; Perflab measures a baseline, then each change you verify (its snapshot,
            its figures and its tests).
          </EmptyState>
        )}
        <ul className="pick-list">
          {(list.data ?? []).map((i) => (
            <li key={i.id}>
              <a href={`#/investigation/${i.id}`}>{i.title}</a>{' '}
              <span className="muted small">
                {i.bench} · base {i.base} · {i.steps.length} step{i.steps.length === 1 ? '' : 's'} · {i.status}
              </span>
            </li>
          ))}
        </ul>
      </section>
      {ctx.repo && (
        <form
          className="panel builder"
          aria-label="Start an investigation"
          onSubmit={async (e) => {
            e.preventDefault();
            if (!ctx.repo) return;
            setBusy(true);
            setError(null);
            try {
              const inv = await call('investigationStart', {
                repo: ctx.repo.id,
                title,
                base,
                bench,
                count: Number(count),
                benchtime: benchtime.split(/[\s,]+/).filter(Boolean),
                targetTexts: targetTexts
                  .split(/[\n,]+/)
                  .map((t) => t.trim())
                  .filter(Boolean),
                packages: pkgs.split(/[\s,]+/).filter(Boolean),
                tests,
              });
              go({ view: 'investigation', id: inv.id });
            } catch (err) {
              setError(toError(err));
            } finally {
              setBusy(false);
            }
          }}
        >
          <h3>Start an investigation</h3>
          <div className="grid-fields">
            <label className="field">
              <span>Title</span>
              <input
                aria-label="Investigation title"
                required
                value={title}
                onChange={(e) => setTitle(e.target.value)}
                placeholder="Faster field splitting"
              />
            </label>
            <label className="field">
              <span>Benchmarks (-bench)</span>
              <input
                aria-label="Investigation benchmarks"
                required
                value={bench}
                onChange={(e) => setBench(e.target.value)}
                placeholder="BenchmarkFields"
              />
            </label>
            <label className="field wide">
              <span>Targets, one per line: NAME:UNIT&lt;=LIMIT, UNIT&gt;=LIMIT or NAME:-PCT% (any unit, 0 allowed)</span>
              <textarea
                aria-label="Targets"
                rows={3}
                value={targetTexts}
                onChange={(e) => setTargetTexts(e.target.value)}
                placeholder={'Fields:-20%\nallocs/op<=0'}
              />
            </label>
            <label className="field">
              <span>Packages (--pkg)</span>
              <input
                aria-label="Investigation packages"
                value={pkgs}
                onChange={(e) => setPkgs(e.target.value)}
                placeholder="./parse (default: every package)"
              />
            </label>
            <label className="field">
              <span>Tests at each verify step</span>
              <select aria-label="Investigation tests" value={tests} onChange={(e) => setTests(e.target.value as 'on' | 'race' | 'off')}>
                <option value="on">go test</option>
                <option value="race">go test -race</option>
                <option value="off">none</option>
              </select>
            </label>
            <label className="field">
              <span>-benchtime</span>
              <input aria-label="Investigation benchtime" value={benchtime} onChange={(e) => setBenchtime(e.target.value)} />
            </label>
            <label className="field">
              <span>Baseline ref</span>
              <input aria-label="Baseline ref" value={base} onChange={(e) => setBase(e.target.value)} />
            </label>
            <label className="field">
              <span>-count per step</span>
              <input aria-label="Investigation count" inputMode="numeric" value={count} onChange={(e) => setCount(e.target.value)} />
            </label>
          </div>
          <button type="submit" className="primary" disabled={busy || !title || !bench}>
            {busy ? 'Measuring the baseline…' : 'Start and measure the baseline'}
          </button>
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
  // This step's rounds ('' = the investigation's count): a target whose row is decided but whose
  // interval still reaches across the goal needs more (the step cells say about how many).
  const [rounds, setRounds] = useState('');
  const [style, setStyle] = useState<'improvements' | 'conventional'>('improvements');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState<'verify' | 'commit' | 'note' | null>(null);
  const [error, setError] = useState<ReturnType<typeof toError> | null>(null);
  const [commit, setCommit] = useState<CommitMessage | null>(null);
  const last = inv.data?.steps[inv.data.steps.length - 1];
  // The newest step run with profiles (the baseline's, or a finished verify step's when they profile too).
  const withProfiles = inv.data
    ? ([...inv.data.steps].reverse().find((s) => s.runStatus === 'completed' && s.findingsRunId !== null)?.findingsRunId ?? null)
    : null;
  const findings = useApi(() => (withProfiles !== null ? call('findings', { run: withProfiles }) : null), [withProfiles]);
  const running = !!last && (last.runStatus === 'running' || last.runStatus === 'queued');
  useEffect(() => {
    if (last && running) void store.ensureLive(last.runId);
  }, [last?.runId, running]);
  if (inv.error)
    return (
      <section className="panel">
        <ErrorBox error={inv.error} onRetry={inv.reload} />
      </section>
    );
  if (!inv.data)
    return (
      <section className="panel">
        <Spinner label="Loading the investigation…" />
      </section>
    );
  const i = inv.data;
  const live = last ? store.live.get(last.runId) : undefined;
  // Targets per (name, unit): the steps name them as the comparison rows do (e.g. `Sum-2`); before any step, as given.
  const measured = [
    ...new Map(
      i.steps.flatMap((s) =>
        s.targets.map(
          (t) => [`${t.name} ${t.unit} ${t.target}`, { name: t.name, unit: t.unit, goal: t.target as string | undefined }] as const,
        ),
      ),
    ).values(),
  ];
  // One column (and chart) per target: a row may have two (`B/s >= 400Mi` and `15% better`).
  const targets = measured.length
    ? measured
    : i.targets.map((t) => ({ name: t.name, unit: t.unit, goal: undefined as string | undefined }));
  const blocked = i.commitBlocked;
  return (
    <div className="investigation-page">
      <section className="panel">
        <div className="panel-head">
          <div>
            <h2>
              {i.title} <span className={`status-badge ${i.status === 'committed' ? 'completed' : 'running'}`}>{i.status}</span>
            </h2>
            <div className="muted small">
              {i.bench} · baseline {i.base} ({i.baseSha.slice(0, 10)}) ·{' '}
              {i.packages.length ? `packages ${i.packages.join(' ')}` : 'every package'} · tests {i.tests}
              {i.maxAttempts !== null ? ` · at most ${i.maxAttempts} attempts` : ''} · started {formatDate(i.createdAt)}
            </div>
            {i.targets.length > 0 && <div className="muted small">Targets: {i.targets.map(targetLabel).join(' · ')}</div>}
          </div>
          <form
            className="row"
            onSubmit={async (e) => {
              e.preventDefault();
              setBusy('verify');
              setError(null);
              try {
                const n = Number(rounds);
                await call('investigationVerify', {
                  id,
                  ref,
                  ...(rounds.trim() !== '' && Number.isInteger(n) && n > 0 ? { count: n } : {}),
                });
                inv.reload();
              } catch (err) {
                setError(toError(err));
              } finally {
                setBusy(null);
              }
            }}
          >
            <input
              aria-label="Verify ref"
              value={ref}
              onChange={(e) => setRef(e.target.value)}
              title="WORKTREE (a snapshot of your working tree), a git ref, or a stored snapshot id"
            />
            <input
              aria-label="Verify rounds"
              className="rounds-input"
              inputMode="numeric"
              placeholder="rounds"
              value={rounds}
              onChange={(e) => setRounds(e.target.value)}
              title="This step's -count (rounds); empty: the investigation's"
            />
            <button type="submit" disabled={busy !== null || running || i.status === 'committed'}>
              {busy === 'verify' ? 'Verifying…' : 'Verify this change'}
            </button>
            <select
              aria-label="Commit message style"
              value={style}
              onChange={(e) => setStyle(e.target.value as 'improvements' | 'conventional')}
            >
              <option value="improvements">perf: optimize … (Improvements:)</option>
              <option value="conventional">perf(scope): … with the table</option>
            </select>
            <button
              type="button"
              className="primary"
              data-testid="commit-button"
              disabled={busy !== null || blocked !== null}
              title={blocked ?? 'Write the commit message'}
              onClick={async () => {
                setBusy('commit');
                setError(null);
                try {
                  setCommit((await call('investigationCommit', { id, style })).message);
                } catch (err) {
                  setError(toError(err));
                } finally {
                  setBusy(null);
                }
              }}
            >
              Commit…
            </button>
          </form>
        </div>
        {blocked && i.status === 'open' && (
          <div className="notice commit-blocked" data-testid="commit-blocked">
            Commit is disabled: {blocked}
          </div>
        )}
        {running && live && (
          <div className="step-progress" data-testid="step-progress">
            <span className="muted small">
              Step {last.index}
              {last.attempt !== null ? ` (attempt ${last.attempt})` : ''}:{' '}
            </span>
            <RunProgressBar live={live} />
          </div>
        )}
        {error && <ErrorBox error={error} onDismiss={() => setError(null)} />}
        {commit && (
          <div className="commit-preview">
            <div className="row between">
              <strong>{commit.subject}</strong>
              <CopyButton text={commit.text} label="Copy commit message" />
            </div>
            <pre className="message">{commit.text}</pre>
          </div>
        )}
      </section>
      <section className="panel">
        <h3>Steps</h3>
        {i.steps.length === 0 ? (
          <EmptyState title="No steps yet">The baseline is being measured.</EmptyState>
        ) : (
          <table className="steps-table">
            <thead>
              <tr>
                <th>Step</th>
                <th>Ref</th>
                <th>Snapshot</th>
                <th>Tests</th>
                <th>Run</th>
                <th>Status</th>
                <th>Date</th>
                {targets.map((t) => (
                  <th key={`${t.name} ${t.unit} ${t.goal ?? ''}`}>
                    {t.name} {t.unit}
                    {t.goal && <div className="muted small">{t.goal}</div>}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {i.steps.map((s) => (
                <Fragment key={s.index}>
                  <tr data-step={s.index}>
                    <td>{s.kind === 'baseline' ? 'baseline' : `#${s.index} (attempt ${s.attempt})`}</td>
                    <td>{s.ref}</td>
                    <td className="mono" title={s.snapshot ? `${s.snapshot}\n${s.files.join('\n')}` : 'a commit'}>
                      {s.snapshot ? `${s.snapshot.slice(0, 12)} · ${s.files.length} file${s.files.length === 1 ? '' : 's'}` : '–'}
                    </td>
                    <td className={`tests ${s.tests?.state ?? ''}`} data-testid="step-tests" title={s.tests?.summary ?? ''}>
                      {s.tests
                        ? `${s.tests.state}${s.tests.race ? ' (-race)' : ''}${s.tests.failed.length ? `: ${s.tests.failed.join(', ')}` : ''}`
                        : '–'}
                    </td>
                    <td>
                      <a href={`#/run/${s.runId}`}>#{s.runId}</a>
                    </td>
                    <td>
                      <span className={`status-badge ${s.runStatus}`}>{s.runStatus}</span>
                    </td>
                    <td>{formatDate(s.createdAt)}</td>
                    {targets.map(({ name, unit, goal }) => {
                      const t = s.targets.find((x) => x.name === name && x.unit === unit && (goal === undefined || x.target === goal));
                      const hint = t?.state === 'undecided' && t.countNeeded ? ` · ~${t.countNeeded} rounds decide it` : '';
                      return (
                        <td key={`${name} ${unit}`} className={`target ${t?.state ?? ''}`}>
                          {t
                            ? `${t.state}${t.distancePct !== null ? ` (${t.distancePct > 0 ? '+' : ''}${t.distancePct.toFixed(1)}%)` : ''}${hint}`
                            : '–'}
                        </td>
                      );
                    })}
                  </tr>
                  {(s.notes.length > 0 || s.warnings.length > 0) && (
                    <tr className="step-notes">
                      <td colSpan={7 + targets.length}>
                        {s.notes.map((n, k) => (
                          <div key={k} className="note">
                            {n.text}
                          </div>
                        ))}
                        {s.warnings.map((w, k) => (
                          <div key={`w${k}`} className="notice">
                            {w}
                          </div>
                        ))}
                      </td>
                    </tr>
                  )}
                </Fragment>
              ))}
            </tbody>
          </table>
        )}
        <form
          className="row note-form"
          onSubmit={async (e) => {
            e.preventDefault();
            setBusy('note');
            try {
              await call('investigationNote', { id, text: note });
              setNote('');
              inv.reload();
            } catch (err) {
              setError(toError(err));
            } finally {
              setBusy(null);
            }
          }}
        >
          <input
            aria-label="Note"
            value={note}
            onChange={(e) => setNote(e.target.value)}
            placeholder="A note on the latest step: analysis, hypothesis, review"
          />
          <button type="submit" disabled={busy !== null || !note.trim() || i.steps.length === 0}>
            Add note
          </button>
        </form>
        <div className="small-multiples">
          {targets.map((t) => (
            <TargetChart key={`${t.name} ${t.unit} ${t.goal ?? ''}`} inv={i} target={t.name} unit={t.unit} goal={t.goal} theme={theme} />
          ))}
        </div>
      </section>
      <section className="panel">
        <h3>Findings of the latest profiles</h3>
        {withProfiles === null && (
          <div className="muted small">No step has profiles yet (the baseline profiles with --profile cpu, the default).</div>
        )}
        {findings.error && <ErrorBox error={findings.error} onRetry={findings.reload} />}
        {findings.data && <FindingsPanel report={findings.data} />}
      </section>
    </div>
  );
}

function targetLabel(t: Investigation['targets'][number]): string {
  const parts: string[] = [];
  // limits in the unit's scale, as the steps show values (419430400 B/s is 400.0Mi B/s)
  if (t.max !== undefined) parts.push(`${t.unit} ≤ ${t.max === 0 ? '0' : formatBench(t.max, t.unit)}`);
  if (t.min !== undefined) parts.push(`${t.unit} ≥ ${t.min === 0 ? '0' : formatBench(t.min, t.unit)}`);
  if (t.improvePct !== undefined) parts.push(`${t.improvePct}% better ${t.unit}`);
  return `${t.name === '.' ? 'every benchmark' : t.name}: ${parts.join(', ')}`;
}

function TargetChart({
  inv,
  target,
  unit,
  goal,
  theme,
}: {
  inv: Investigation;
  target: string;
  unit: string;
  goal?: string;
  theme: 'light' | 'dark';
}) {
  const option = useMemo(() => stepsOption(inv, target, chartColors(theme), unit, goal), [inv, target, unit, goal, theme]);
  return (
    <EChart
      option={option}
      height={170}
      label={`distance to target of ${target} ${unit}${goal ? ` ${goal}` : ''}`}
      className="small-chart"
    />
  );
}
