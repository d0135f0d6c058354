// Profile: a run's profiles as a flame graph on canvas (click to zoom, breadcrumb to zoom out,
// hover details, search with the matches' share, colour by package, flame/icicle, sample
// type, focus/ignore/hide), diff mode against another ref or run (red growth, blue shrink,
// absolute or relative), the top table synced with the graph, callers/callees and source
// lines of the selected function, and links to `go tool pprof` / `go tool trace`.
import { startTransition, useCallback, useEffect, useMemo, useState } from 'react';
import type { Input } from '../../../shared/api.js';
import type { FlameData } from '../../../shared/profile-types.js';
import { call } from '../api-client.js';
import { EmptyState, ErrorBox, Spinner } from '../components/error-box.js';
import { FlameGraph } from '../components/flame-graph.js';
import { SandwichView, SourceLinesView, TopTableView } from '../components/profile-panels.js';
import type { DiffMode } from '../model/flame-color.js';
import { breadcrumb, hiddenNote } from '../model/flame-info.js';
import { layoutFlame } from '../model/flame-layout.js';
import { matchFunction, searchFlame } from '../model/flame-search.js';
import { formatPct, formatProfileValue } from '../model/format.js';
import type { Route } from '../model/route.js';
import { useLabStore } from '../state/lab-store.js';
import { useShortcuts } from '../state/shortcut-bus.js';
import { useTheme } from '../state/theme.js';
import { toError, useApi, usePersistent } from '../state/use-api.js';
import { go, type ViewContext } from './view-context.js';

type ProfileRoute = Extract<Route, { view: 'profile' }>;
type Selector = Input<'profileFlame'>;

export function ProfileView({ ctx, route }: { ctx: ViewContext; route: ProfileRoute }) {
  const store = useLabStore();
  const runs = useApi(() => call('listRuns', { repo: ctx.repo?.id, limit: 100 }), [ctx.repo?.id, store.runsVersion]);
  const withProfiles = (runs.data ?? []).filter((r) => (r.spec?.profile.length ?? 0) > 0 && r.status !== 'running' && r.status !== 'queued');
  const run = route.path ? undefined : (route.run ?? withProfiles[0]?.id);
  const recs = useApi(() => (run ? call('listProfiles', { run }) : null), [run]);
  if (!route.path && !run) {
    return (
      <section className="panel">
        <h2>Profile</h2>
        {runs.error && <ErrorBox error={runs.error} onRetry={runs.reload} />}
        {runs.data && <EmptyState title="No profiles yet" action={<button type="button" className="primary" onClick={() => go({ view: 'new', repoId: ctx.repo?.id })}>New run with profiles</button>}>Check “cpu” (or mem, block, mutex, trace) under Profiles in New run.</EmptyState>}
      </section>
    );
  }
  const list = recs.data ?? [];
  const benches = [...new Set(list.filter((p) => p.benchmark !== '(pgo)').map((p) => p.benchmark))].sort();
  const refs = [...new Set(list.map((p) => p.refLabel))];
  const bench = route.bench ?? benches[0];
  const kinds = [...new Set(list.filter((p) => p.benchmark === bench).map((p) => p.kind))];
  const kind = route.kind ?? (kinds.includes('cpu') ? 'cpu' : kinds[0]);
  const ref = route.ref ?? refs[refs.length - 1];
  const set = (p: Partial<ProfileRoute>) => go({ ...route, ...p });
  const rec = list.find((p) => p.benchmark === bench && p.refLabel === ref && p.kind === kind);

  return (
    <div className="profile-page">
      <section className="panel">
        <div className="panel-head">
          <h2>Profile {route.path ? <span className="muted small">{route.path}</span> : null}</h2>
          <OpenTool profileId={rec?.id} path={route.path} trace={kind === 'trace'} />
        </div>
        {!route.path && (
          <div className="toolbar wrap">
            <label className="inline">Run
              <select aria-label="Profile run" value={run} onChange={(e) => go({ view: 'profile', run: Number(e.target.value) })}>
                {withProfiles.map((r) => <option key={r.id} value={r.id}>#{r.id} {r.label || r.refs.map((x) => x.label).join(' vs ')}</option>)}
                {run && !withProfiles.some((r) => r.id === run) && <option value={run}>#{run}</option>}
              </select>
            </label>
            <label className="inline">Benchmark
              <select aria-label="Profile benchmark" value={bench ?? ''} onChange={(e) => set({ bench: e.target.value })}>{benches.map((b) => <option key={b}>{b}</option>)}</select>
            </label>
            <label className="inline">Ref
              <select aria-label="Profile ref" value={ref ?? ''} onChange={(e) => set({ ref: e.target.value })}>{refs.map((r) => <option key={r}>{r}</option>)}</select>
            </label>
            <label className="inline">Kind
              <select aria-label="Profile kind" value={kind ?? ''} onChange={(e) => set({ kind: e.target.value })}>{kinds.map((k) => <option key={k}>{k}</option>)}</select>
            </label>
            <label className="inline">Diff against
              <select aria-label="Diff against" value={route.baseRun ? `run:${route.baseRun}` : route.baseRef ? `ref:${route.baseRef}` : ''}
                onChange={(e) => {
                  const v = e.target.value;
                  if (!v) set({ baseRef: undefined, baseRun: undefined });
                  else if (v.startsWith('ref:')) set({ baseRef: v.slice(4), baseRun: undefined });
                  else set({ baseRun: Number(v.slice(4)), baseRef: undefined });
                }}>
                <option value="">nothing (plain graph)</option>
                {refs.filter((r) => r !== ref).map((r) => <option key={r} value={`ref:${r}`}>ref {r}</option>)}
                {withProfiles.filter((r) => r.id !== run).slice(0, 20).map((r) => <option key={r.id} value={`run:${r.id}`}>run #{r.id} ({ref})</option>)}
              </select>
            </label>
          </div>
        )}
        {recs.error && <ErrorBox error={recs.error} onRetry={recs.reload} />}
        {recs.data && list.length === 0 && <EmptyState title={`Run ${run} has no profiles`}>Start a run with a profile kind checked to capture them.</EmptyState>}
      </section>
      {kind === 'trace' && !route.path && (
        <section className="panel"><EmptyState title="An execution trace">Perflab draws the scheduler, sync, syscall and network profiles derived from it (kinds trace-sched, trace-sync…); open the trace itself in go tool trace with the button above.</EmptyState></section>
      )}
      {(route.path || (bench && ref && kind && kind !== 'trace')) && (
        <ProfileBody key={`${run}|${bench}|${ref}|${kind}|${route.path}`} route={route}
          selector={route.path ? { path: route.path } : { run, bench, ref, kind }}
          base={route.baseRef || route.baseRun ? { run: route.baseRun ?? run, bench, ref: route.baseRun ? ref : route.baseRef, kind } : undefined}
          repoId={ctx.repo?.id} onToggleDiff={() => {
            if (route.baseRef || route.baseRun) set({ baseRef: undefined, baseRun: undefined });
            else if (refs.find((r) => r !== ref)) set({ baseRef: refs.find((r) => r !== ref) });
          }} />
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
      <button type="button" disabled={busy} onClick={async () => {
        setBusy(true);
        setError(null);
        try { setUrl((await call('openProfileTool', { profileId, path, tool: trace ? 'trace' : 'pprof' })).url); } catch (e) { setError(toError(e)); } finally { setBusy(false); }
      }}>{busy ? 'Starting…' : trace ? 'Open in go tool trace' : 'Open in go tool pprof'}</button>
      {url && <a href={url} target="_blank" rel="noopener noreferrer" className="tool-link">{url}</a>}
      {error && <ErrorBox error={error} onDismiss={() => setError(null)} />}
    </div>
  );
}

function ProfileBody({ selector, base, repoId, onToggleDiff }: { route: ProfileRoute; selector: Selector; base?: Selector; repoId?: number; onToggleDiff: () => void }) {
  const theme = useTheme();
  const [sampleType, setSampleType] = useState<string | undefined>(undefined);
  const [filters, setFilters] = useState({ focus: '', ignore: '', hide: '' });
  const [draftFilters, setDraftFilters] = useState(filters);
  const [inverted, setInverted] = usePersistent('flame.inverted', false);
  const [diffMode, setDiffMode] = usePersistent<DiffMode>('flame.diffMode', 'relative');
  const [query, setQuery] = useState('');
  const [selected, setSelected] = useState<string | null>(null);
  const [tab, setTab] = useState<'top' | 'sandwich' | 'source'>('top');
  const [zoom, setZoom] = useState(-1);
  // A click zooms now and selects a moment later: the zoom's frame does not wait for the top table.
  const selectLater = useCallback((f: string) => startTransition(() => setSelected(f)), []);
  const full: Selector = { ...selector, sampleType, focus: filters.focus || undefined, ignore: filters.ignore || undefined, hide: filters.hide || undefined };
  const withBase = base ? { ...full, base: { ...base, sampleType, focus: full.focus, ignore: full.ignore, hide: full.hide } } : full;
  const flame = useApi(async () => {
    const d = await call('profileFlame', withBase);
    performance.mark('flame-data');
    return d;
  }, withBase);
  const top = useApi(() => call('profileTop', { ...withBase, n: 500 }), withBase);
  const sandwich = useApi(() => (tab === 'sandwich' && selected ? call('profileSandwich', { ...full, func: selected }) : null), [tab, selected, full]);
  const source = useApi(() => (tab === 'source' && selected ? call('profileSource', { ...full, func: selected, repo: repoId }) : null), [tab, selected, full, repoId]);
  const data: FlameData | undefined = flame.data;
  useEffect(() => setZoom(-1), [data]);
  // One layout per data: the graph draws with it, search and the breadcrumb use its subtree ends and parents.
  const layout = useMemo(() => (data ? layoutFlame(data) : null), [data]);
  const search = useMemo(() => (data && layout ? searchFlame(data, layout, query) : null), [data, layout, query]);
  const picked = useMemo(() => (data && layout && selected ? matchFunction(data, layout, selected) : null), [data, layout, selected]);
  const highlight = search?.ok && search.matches ? search.matches.nodes : picked?.nodes ?? null;
  const crumbs = data && layout ? breadcrumb(data, layout, zoom) : [];
  const isDiff = !!data?.baseValue;

  useShortcuts((a) => {
    switch (a) {
      case 'toggle-icicle': setInverted(!inverted); return true;
      case 'toggle-diff': onToggleDiff(); return true;
      case 'zoom-out': if (layout && zoom >= 0) setZoom(layout.parent[zoom]); return true;
      case 'escape': if (query) setQuery(''); else if (zoom >= 0) setZoom(-1); else setSelected(null); return true;
      default: return false;
    }
  });

  return (
    <>
      <section className="panel flame-panel">
        <div className="toolbar wrap">
          <input type="search" className="search" data-shortcut-search aria-label="Search functions" placeholder="Search functions (Go regexp)" value={query} onChange={(e) => setQuery(e.target.value)} spellCheck={false} />
          {search && !search.ok && <span className="field-error">{search.error}</span>}
          {search?.ok && search.matches && <span className="match-share" data-testid="match-share">{search.matches.count} frame{search.matches.count === 1 ? '' : 's'} · {formatPct(search.matches.share)} of total</span>}
          {!query && picked && selected && <span className="match-share">{selected}: {formatPct(picked.share)} of total <button type="button" className="ghost" onClick={() => setSelected(null)} aria-label="clear selection">✕</button></span>}
          <span className="grow" />
          {data && data.sampleTypes.length > 1 && (
            <select aria-label="Sample type" value={sampleType ?? data.sampleType.type} onChange={(e) => setSampleType(e.target.value)}>
              {data.sampleTypes.map((s) => <option key={s.type} value={s.type}>{s.type} ({s.unit})</option>)}
            </select>
          )}
          <div className="segmented" role="group" aria-label="Orientation">
            <button type="button" className={!inverted ? 'on' : ''} aria-pressed={!inverted} onClick={() => setInverted(false)}>Icicle</button>
            <button type="button" className={inverted ? 'on' : ''} aria-pressed={inverted} onClick={() => setInverted(true)}>Flame</button>
          </div>
          {isDiff && (
            <div className="segmented" role="group" aria-label="Diff scale">
              <button type="button" className={diffMode === 'relative' ? 'on' : ''} aria-pressed={diffMode === 'relative'} onClick={() => setDiffMode('relative')} title="Compare shares of each total">Relative</button>
              <button type="button" className={diffMode === 'absolute' ? 'on' : ''} aria-pressed={diffMode === 'absolute'} onClick={() => setDiffMode('absolute')} title="Compare raw values">Absolute</button>
            </div>
          )}
          <button type="button" onClick={onToggleDiff} aria-pressed={!!base}>{base ? 'Diff off' : 'Diff mode'}</button>
        </div>
        <form className="toolbar wrap filters" onSubmit={(e) => { e.preventDefault(); setFilters(draftFilters); }}>
          {(['focus', 'ignore', 'hide'] as const).map((k) => (
            <label key={k} className="inline">{k}<input aria-label={k} value={draftFilters[k]} placeholder="regexp" spellCheck={false} onChange={(e) => setDraftFilters({ ...draftFilters, [k]: e.target.value })} /></label>
          ))}
          <button type="submit">Apply</button>
          {(filters.focus || filters.ignore || filters.hide) && <button type="button" className="ghost" onClick={() => { const z = { focus: '', ignore: '', hide: '' }; setDraftFilters(z); setFilters(z); }}>Clear filters</button>}
        </form>
        {flame.error && <ErrorBox error={flame.error} onRetry={flame.reload} />}
        {flame.loading && !data && <Spinner label="Building the flame graph…" />}
        {data && (
          <>
            <div className="flame-meta">
              <nav className="breadcrumb" aria-label="Zoom path">
                <button type="button" className={`crumb ${zoom < 0 ? 'active' : ''}`} onClick={() => setZoom(-1)}>all</button>
                {crumbs.slice(1).map((c) => <button type="button" key={c.node} className={`crumb ${c.node === zoom ? 'active' : ''}`} onClick={() => setZoom(c.node)}>{c.name.split('/').slice(-1)[0]}</button>)}
              </nav>
              <span className="muted small">{data.sampleType.type}: total {formatProfileValue(data.total, data.sampleType.unit)}{isDiff && data.baseTotal !== undefined ? ` (base ${formatProfileValue(data.baseTotal, data.sampleType.unit)})` : ''} · {data.level.length.toLocaleString()} frames</span>
              {hiddenNote(data) && <span className="muted small" data-testid="flame-hidden">{hiddenNote(data)}</span>}
              {isDiff && <span className="diff-legend small"><span className="sw grow-sw" /> grew <span className="sw shrink-sw" /> shrank · width: both profiles</span>}
            </div>
            <FlameGraph data={data} layout={layout ?? undefined} inverted={inverted} diff={isDiff ? diffMode : null} highlight={highlight} zoom={zoom} onZoom={setZoom}
              onSelect={selectLater} theme={theme} label="flame graph" className={isDiff ? 'diff' : ''} />
          </>
        )}
      </section>
      <section className="panel">
        <div className="tabs" role="tablist" aria-label="Profile details">
          <button type="button" role="tab" className={`tab ${tab === 'top' ? 'active' : ''}`} aria-selected={tab === 'top'} onClick={() => setTab('top')}>Top</button>
          <button type="button" role="tab" className={`tab ${tab === 'sandwich' ? 'active' : ''}`} aria-selected={tab === 'sandwich'} onClick={() => setTab('sandwich')}>Callers / callees</button>
          <button type="button" role="tab" className={`tab ${tab === 'source' ? 'active' : ''}`} aria-selected={tab === 'source'} onClick={() => setTab('source')}>Source</button>
          <span className="muted small tab-note">{selected ? `selected: ${selected}` : 'click a frame or a row to select a function'}</span>
        </div>
        {tab === 'top' && (top.error ? <ErrorBox error={top.error} onRetry={top.reload} /> : top.data ? <TopTableView top={top.data} selected={selected} onSelect={setSelected} /> : <Spinner label="Loading the top table…" />)}
        {tab !== 'top' && !selected && <EmptyState title="Select a function">Click a frame in the graph or a row of the top table.</EmptyState>}
        {tab === 'sandwich' && selected && (sandwich.error ? <ErrorBox error={sandwich.error} onRetry={sandwich.reload} /> : sandwich.data ? <SandwichView s={sandwich.data} theme={theme} onSelect={setSelected} /> : <Spinner label="Loading callers and callees…" />)}
        {tab === 'source' && selected && (source.error ? <ErrorBox error={source.error} onRetry={source.reload} /> : source.data ? <SourceLinesView src={source.data} /> : <Spinner label="Loading source…" />)}
      </section>
    </>
  );
}
