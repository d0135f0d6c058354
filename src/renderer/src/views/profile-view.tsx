// Profile: picks a run's profile (run, benchmark, ref, kind, diff base) or shows a file, and
// links to `go tool pprof` / `go tool trace`; the flame graph on canvas with its navigation,
// search, diff mode, exports and the panels under it are views/profile-body.tsx. A diff is
// against a profile of the same benchmark and kind at another ref or run (per op unless raw
// totals are asked for); a ref in the address may be a name, `name@sha12` or a commit prefix.
import { useState } from 'react';
import { findRunRef, refDisplay } from '../../../shared/ref-match.js';
import { call } from '../api-client.js';
import { diffBase, diffChoices, diffValue } from '../model/diff-options.js';
import { EmptyState, ErrorBox } from '../components/error-box.js';
import type { Route } from '../model/route.js';
import { refText } from '../model/format.js';
import { useLabStore } from '../state/lab-store.js';
import { toError, useApi } from '../state/use-api.js';
import { ProfileBody } from './profile-body.js';
import { go, type ViewContext } from './view-context.js';

type ProfileRoute = Extract<Route, { view: 'profile' }>;

export function ProfileView({ ctx, route }: { ctx: ViewContext; route: ProfileRoute }) {
  const store = useLabStore();
  const runs = useApi(() => call('listRuns', { repo: ctx.repo?.id, limit: 100 }), [ctx.repo?.id, store.runsVersion]);
  const withProfiles = (runs.data ?? []).filter(
    (r) => (r.spec?.profile.length ?? 0) > 0 && r.status !== 'running' && r.status !== 'queued',
  );
  const run = route.path ? undefined : (route.run ?? withProfiles[0]?.id);
  const recs = useApi(() => (run ? call('listProfiles', { run }) : null), [run]);
  const otherRuns = withProfiles.filter((r) => r.id !== run).slice(0, 20);
  const others = useApi(
    () =>
      route.path
        ? null
        : Promise.all(
            otherRuns.map(async (r) => ({
              runId: r.id,
              title: r.label || r.refs.map((x) => refText(x.label)).join(' vs '),
              profiles: await call('listProfiles', { run: r.id }).catch(() => []),
            })),
          ),
    [route.path, otherRuns.map((r) => r.id)],
  );
  if (!route.path && !run) {
    return (
      <section className="panel">
        <h2>Profile</h2>
        {runs.error && <ErrorBox error={runs.error} onRetry={runs.reload} />}
        {runs.data && (
          <EmptyState
            title="No profiles yet"
            action={
              <button type="button" className="primary" onClick={() => go({ view: 'new', repoId: ctx.repo?.id })}>
                New run with profiles
              </button>
            }
          >
            Check “cpu” (or mem, block, mutex, trace) under Profiles in New run.
          </EmptyState>
        )}
      </section>
    );
  }
  const list = recs.data ?? [];
  const benches = [...new Set(list.filter((p) => p.benchmark !== '(pgo)').map((p) => p.benchmark))].sort();
  const refs = [...new Set(list.map((p) => p.refLabel))];
  const bench = route.bench ?? benches[0];
  const kinds = [...new Set(list.filter((p) => p.benchmark === bench).map((p) => p.kind))];
  const kind = route.kind ?? (kinds.includes('cpu') ? 'cpu' : kinds[0]);
  // A ref in the address may be a name, `name@sha12` or a commit prefix: the run's refs decide.
  const refsOf = (id: number | undefined) => (runs.data ?? []).find((r) => r.id === id)?.refs ?? [];
  const runRefs = refsOf(run);
  const picked = route.ref !== undefined && runRefs.length ? findRunRef(runRefs, route.ref, run ?? null) : null;
  const ref = picked?.ok ? picked.ref.label : (route.ref ?? refs[refs.length - 1]);
  const shown = (label: string) => {
    const r = runRefs.find((x) => x.label === label);
    return r ? refDisplay(r) : label;
  };
  /** The selector of this ref in another run: its label there, else its commit. */
  const refIn = (other: number) => {
    const mine = runRefs.find((x) => x.label === ref);
    return refsOf(other).some((x) => x.label === ref) || !mine?.sha ? ref : mine.sha;
  };
  const set = (p: Partial<ProfileRoute>) => go({ ...route, ...p });
  const rec = list.find((p) => p.benchmark === bench && p.refLabel === ref && p.kind === kind);
  const choices = run && bench && kind && ref ? diffChoices({ run, bench, kind, ref }, list, others.data ?? []) : [];
  const chosen = diffValue(route.baseRun, route.baseRef, ref ?? '', run);
  const base = diffBase(route.baseRun, route.baseRef, run, refIn);

  return (
    <div className="profile-page">
      <section className="panel">
        <div className="panel-head">
          <h2>Profile {route.path ? <span className="muted small">{route.path}</span> : null}</h2>
          <OpenTool profileId={rec?.id} path={route.path} trace={kind === 'trace'} />
        </div>
        {!route.path && (
          <div className="toolbar wrap">
            <label className="inline">
              Run
              <select aria-label="Profile run" value={run} onChange={(e) => go({ view: 'profile', run: Number(e.target.value) })}>
                {withProfiles.map((r) => (
                  <option key={r.id} value={r.id}>
                    #{r.id} {r.label || r.refs.map((x) => refText(x.label)).join(' vs ')}
                  </option>
                ))}
                {run && !withProfiles.some((r) => r.id === run) && <option value={run}>#{run}</option>}
              </select>
            </label>
            <label className="inline">
              Benchmark
              <select aria-label="Profile benchmark" value={bench ?? ''} onChange={(e) => set({ bench: e.target.value })}>
                {benches.map((b) => (
                  <option key={b}>{b}</option>
                ))}
              </select>
            </label>
            <label className="inline">
              Ref
              <select aria-label="Profile ref" value={ref ?? ''} onChange={(e) => set({ ref: e.target.value })}>
                {refs.map((r) => (
                  <option key={r} value={r}>
                    {shown(r)}
                  </option>
                ))}
              </select>
            </label>
            <label className="inline">
              Kind
              <select aria-label="Profile kind" value={kind ?? ''} onChange={(e) => set({ kind: e.target.value })}>
                {kinds.map((k) => (
                  <option key={k}>{k}</option>
                ))}
              </select>
            </label>
            <label className="inline">
              Diff against
              <select
                aria-label="Diff against"
                value={chosen}
                onChange={(e) => {
                  const c = choices.find((x) => x.value === e.target.value);
                  set({ baseRef: c?.baseRef, baseRun: c?.baseRun });
                }}
              >
                <option value="">nothing (plain graph)</option>
                {choices.map((c) => (
                  <option key={c.value} value={c.value}>
                    {c.label}
                  </option>
                ))}
                {chosen && !choices.some((c) => c.value === chosen) && (
                  <option value={chosen} disabled>
                    {chosen.replace(/^(ref|run):/, '$1 ')} (no {kind} profile of {bench})
                  </option>
                )}
              </select>
            </label>
          </div>
        )}
        {recs.error && <ErrorBox error={recs.error} onRetry={recs.reload} />}
        {recs.data && list.length === 0 && (
          <EmptyState title={`Run ${run} has no profiles`}>Start a run with a profile kind checked to capture them.</EmptyState>
        )}
      </section>
      {kind === 'trace' && !route.path && (
        <section className="panel">
          <EmptyState title="An execution trace">
            Perflab draws the scheduler, sync, syscall and network profiles derived from it (kinds trace-sched, trace-sync…); open the trace
            itself in go tool trace with the button above.
          </EmptyState>
        </section>
      )}
      {(route.path || (bench && ref && kind && kind !== 'trace')) && (
        <ProfileBody
          key={`${run}|${bench}|${ref}|${kind}|${route.path}`}
          selector={route.path ? { path: route.path } : { run, bench, ref, kind }}
          base={base ? { run: base.run, bench, ref: base.ref, kind } : undefined}
          repoId={ctx.repo?.id}
          onToggleDiff={() => {
            if (route.baseRef || route.baseRun) set({ baseRef: undefined, baseRun: undefined });
            else if (choices.length) set({ baseRef: choices[0].baseRef, baseRun: choices[0].baseRun });
          }}
        />
      )}
    </div>
  );
}

function OpenTool({ profileId, path, trace }: { profileId?: number; path?: string; trace: boolean }) {
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<ReturnType<typeof toError> | null>(null);
  const [busy, setBusy] = useState(false);
  if (!profileId && !path) return null;
  return (
    <div className="row open-tool">
      <button
        type="button"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          setError(null);
          try {
            setUrl((await call('openProfileTool', { profileId, path, tool: trace ? 'trace' : 'pprof' })).url);
          } catch (e) {
            setError(toError(e));
          } finally {
            setBusy(false);
          }
        }}
      >
        {busy ? 'Starting…' : trace ? 'Open in go tool trace' : 'Open in go tool pprof'}
      </button>
      {url && (
        <a href={url} target="_blank" rel="noopener noreferrer" className="tool-link">
          {url}
        </a>
      )}
      {error && <ErrorBox error={error} onDismiss={() => setError(null)} />}
    </div>
  );
}
