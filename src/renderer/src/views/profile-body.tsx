// The body of the Profile view for one selection: the flame graph and its toolbar (search
// with next/previous match, sample type, flame/icicle, left heavy, collapse recursion, diff
// mode and scale, focus/ignore/hide, SVG and HTML export), the breadcrumb, and the panels
// under it (top table filtered by the search, callers/callees, source lines).
import { startTransition, useCallback, useEffect, useMemo, useState } from 'react';
import type { Input } from '../../../shared/api.js';
import type { FlameData } from '../../../shared/profile-types.js';
import { call } from '../api-client.js';
import { EmptyState, ErrorBox, Spinner } from '../components/error-box.js';
import { FlameGraph } from '../components/flame-graph.js';
import { SandwichView, SourceLinesView, TopTableView, type DetailTab } from '../components/profile-panels.js';
import type { DiffMode } from '../model/flame-color.js';
import { breadcrumb, hiddenNote } from '../model/flame-info.js';
import { layoutFlame } from '../model/flame-layout.js';
import { matchFunction, matchOrder, namePredicate, searchFlame } from '../model/flame-search.js';
import { reshapeFlame } from '../model/flame-transform.js';
import { formatPct, formatProfileValue } from '../model/format.js';
import { downloadText } from '../native.js';
import { useShortcuts } from '../state/shortcut-bus.js';
import { useTheme } from '../state/theme.js';
import { toError, useApi, usePersistent } from '../state/use-api.js';

type Selector = Input<'profileFlame'>;

export function ProfileBody({
  selector,
  base,
  repoId,
  onToggleDiff,
}: {
  selector: Selector;
  base?: Selector;
  repoId?: number;
  onToggleDiff: () => void;
}) {
  const theme = useTheme();
  const [sampleType, setSampleType] = useState<string | undefined>(undefined);
  const [filters, setFilters] = useState({ focus: '', ignore: '', hide: '' });
  const [draftFilters, setDraftFilters] = useState(filters);
  const [inverted, setInverted] = usePersistent('flame.inverted', false);
  const [diffMode, setDiffMode] = usePersistent<DiffMode>('flame.diffMode', 'relative');
  const [rawTotals, setRawTotals] = usePersistent('flame.diffRawTotals', false);
  const [query, setQuery] = useState('');
  const [selected, setSelected] = useState<string | null>(null);
  const [tab, setTab] = useState<DetailTab>('top');
  const [zoom, setZoom] = useState(-1);
  const [cursor, setCursor] = useState(-1);
  const [leftHeavy, setLeftHeavy] = usePersistent('flame.leftHeavy', false);
  const [collapseRecursion, setCollapseRecursion] = usePersistent('flame.collapseRecursion', false);
  // A click zooms now and selects a moment later: the zoom's frame does not wait for the top table.
  const selectLater = useCallback((f: string) => startTransition(() => setSelected(f)), []);
  const full: Selector = {
    ...selector,
    sampleType,
    focus: filters.focus || undefined,
    ignore: filters.ignore || undefined,
    hide: filters.hide || undefined,
  };
  const withBase = base
    ? { ...full, absolute: rawTotals, base: { ...base, sampleType, focus: full.focus, ignore: full.ignore, hide: full.hide } }
    : full;
  const flame = useApi(async () => {
    const d = await call('profileFlame', withBase);
    performance.mark('flame-data');
    return d;
  }, withBase);
  const top = useApi(() => call('profileTop', { ...withBase, n: 500 }), withBase);
  const sandwich = useApi(
    () => (tab === 'sandwich' && selected ? call('profileSandwich', { ...full, func: selected }) : null),
    [tab, selected, full],
  );
  const source = useApi(
    () => (tab === 'source' && selected ? call('profileSource', { ...full, func: selected, repo: repoId }) : null),
    [tab, selected, full, repoId],
  );
  // A failed request (a diff whose base cannot be loaded, say) clears the graph: never the previous one drawn beside the error.
  const data: FlameData | undefined = useMemo(
    () => (flame.data && !flame.error ? reshapeFlame(flame.data, { leftHeavy, collapseRecursion }) : undefined),
    [flame.data, flame.error, leftHeavy, collapseRecursion],
  );
  const norm = data?.normalization;
  useEffect(() => {
    setZoom(-1);
    setCursor(-1);
  }, [data]);
  // One layout per data: the graph draws with it, search and the breadcrumb use its subtree ends and parents.
  const layout = useMemo(() => (data ? layoutFlame(data) : null), [data]);
  const search = useMemo(() => (data && layout ? searchFlame(data, layout, query) : null), [data, layout, query]);
  const picked = useMemo(() => (data && layout && selected ? matchFunction(data, layout, selected) : null), [data, layout, selected]);
  // A search greys the other frames; the selected function is outlined and keeps every colour.
  const highlight = search?.ok && search.matches ? search.matches.nodes : null;
  const marked = highlight ? null : (picked?.nodes ?? null);
  const order = useMemo(() => (search?.ok && search.matches ? matchOrder(search.matches) : []), [search]);
  const at = order.indexOf(cursor);
  const filter = useMemo(() => (search?.ok ? namePredicate(query) : null), [search, query]);
  /** Next (1) or previous (-1) match: selected, and zoomed to its caller so it shows with its neighbours. */
  const step = (dir: 1 | -1) => {
    if (!layout || order.length === 0) return;
    const k = at < 0 ? (dir > 0 ? 0 : order.length - 1) : (at + dir + order.length) % order.length;
    const i = order[k];
    setCursor(i);
    setZoom(layout.parent[i] > 0 ? layout.parent[i] : -1);
  };
  const [exportError, setExportError] = useState<ReturnType<typeof toError> | null>(null);
  const exportFlame = async (format: 'svg' | 'html') => {
    try {
      const f = await call('exportFlame', { ...withBase, format });
      downloadText(f.filename, f.mime, f.text);
    } catch (e) {
      setExportError(toError(e));
    }
  };
  const open = (f: string, t: DetailTab) => {
    setSelected(f);
    setTab(t);
  };
  const crumbs = data && layout ? breadcrumb(data, layout, zoom) : [];
  const isDiff = !!data?.baseValue;

  useShortcuts((a) => {
    switch (a) {
      case 'toggle-icicle':
        setInverted(!inverted);
        return true;
      case 'toggle-diff':
        onToggleDiff();
        return true;
      case 'zoom-out':
        if (layout && zoom >= 0) setZoom(layout.parent[zoom]);
        return true;
      case 'escape':
        if (query) setQuery('');
        else if (zoom >= 0) setZoom(-1);
        else setSelected(null);
        return true;
      default:
        return false;
    }
  });

  return (
    <>
      <section className="panel flame-panel">
        <div className="toolbar wrap">
          <input
            type="search"
            className="search"
            data-shortcut-search
            aria-label="Search functions"
            placeholder="Search functions (Go regexp)"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            spellCheck={false}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                step(e.shiftKey ? -1 : 1);
              }
            }}
            title="Enter: next match, Shift+Enter: previous"
          />
          {search?.ok && search.matches && (
            <span className="segmented">
              <button type="button" onClick={() => step(-1)} disabled={order.length === 0} aria-label="Previous match">
                ‹
              </button>
              <button type="button" onClick={() => step(1)} disabled={order.length === 0} aria-label="Next match">
                ›
              </button>
            </span>
          )}
          {search && !search.ok && <span className="field-error">{search.error}</span>}
          {search?.ok && search.matches && (
            <span className="match-share" data-testid="match-share">
              {search.matches.count} frame{search.matches.count === 1 ? '' : 's'} · {formatPct(search.matches.share)} of total
            </span>
          )}
          {at >= 0 && data && (
            <span className="match-share" data-testid="match-position">
              match {at + 1} of {order.length}: {data.names[data.label[cursor]]}
            </span>
          )}
          {!query && picked && selected && (
            <span className="match-share">
              {selected}: {formatPct(picked.share)} of total{' '}
              <button type="button" className="ghost" onClick={() => setSelected(null)} aria-label="clear selection">
                ✕
              </button>
            </span>
          )}
          <span className="grow" />
          {data && data.sampleTypes.length > 1 && (
            <select aria-label="Sample type" value={sampleType ?? data.sampleType.type} onChange={(e) => setSampleType(e.target.value)}>
              {data.sampleTypes.map((s) => (
                <option key={s.type} value={s.type}>
                  {s.type} ({s.unit})
                </option>
              ))}
            </select>
          )}
          <div className="segmented" role="group" aria-label="Orientation">
            <button type="button" className={!inverted ? 'on' : ''} aria-pressed={!inverted} onClick={() => setInverted(false)}>
              Icicle
            </button>
            <button type="button" className={inverted ? 'on' : ''} aria-pressed={inverted} onClick={() => setInverted(true)}>
              Flame
            </button>
          </div>
          {base && (
            <div className="segmented" role="group" aria-label="Diff values">
              <button
                type="button"
                className={!rawTotals ? 'on' : ''}
                aria-pressed={!rawTotals}
                onClick={() => setRawTotals(false)}
                title="Divide each profile by the iterations its process ran"
              >
                Per op
              </button>
              <button
                type="button"
                className={rawTotals ? 'on' : ''}
                aria-pressed={rawTotals}
                onClick={() => setRawTotals(true)}
                title="The raw totals of each profiling process"
              >
                Raw totals
              </button>
            </div>
          )}
          {isDiff && (
            <div className="segmented" role="group" aria-label="Diff scale">
              <button
                type="button"
                className={diffMode === 'relative' ? 'on' : ''}
                aria-pressed={diffMode === 'relative'}
                onClick={() => setDiffMode('relative')}
                title="Compare shares of each total"
              >
                Relative
              </button>
              <button
                type="button"
                className={diffMode === 'absolute' ? 'on' : ''}
                aria-pressed={diffMode === 'absolute'}
                onClick={() => setDiffMode('absolute')}
                title="Compare raw values"
              >
                Absolute
              </button>
            </div>
          )}
          <button type="button" onClick={onToggleDiff} aria-pressed={!!base}>
            {base ? 'Diff off' : 'Diff mode'}
          </button>
        </div>
        <div className="toolbar wrap">
          <label className="inline" title="Children ordered by value, heaviest left (as speedscope's left heavy view), instead of by name">
            <input type="checkbox" checked={leftHeavy} onChange={(e) => setLeftHeavy(e.target.checked)} />
            Left heavy
          </label>
          <label className="inline" title="Merge a frame called directly by the same function into its caller">
            <input type="checkbox" checked={collapseRecursion} onChange={(e) => setCollapseRecursion(e.target.checked)} />
            Collapse recursion
          </label>
          <span className="grow" />
          <span className="muted small">Export</span>
          <button type="button" onClick={() => void exportFlame('svg')} aria-label="Download flame graph as SVG">
            SVG
          </button>
          <button type="button" onClick={() => void exportFlame('html')} aria-label="Download flame graph as HTML">
            HTML
          </button>
        </div>
        {exportError && <ErrorBox error={exportError} onDismiss={() => setExportError(null)} />}
        <form
          className="toolbar wrap filters"
          onSubmit={(e) => {
            e.preventDefault();
            setFilters(draftFilters);
          }}
        >
          {(['focus', 'ignore', 'hide'] as const).map((k) => (
            <label key={k} className="inline">
              {k}
              <input
                aria-label={k}
                value={draftFilters[k]}
                placeholder="regexp"
                spellCheck={false}
                onChange={(e) => setDraftFilters({ ...draftFilters, [k]: e.target.value })}
              />
            </label>
          ))}
          <button type="submit">Apply</button>
          {(filters.focus || filters.ignore || filters.hide) && (
            <button
              type="button"
              className="ghost"
              onClick={() => {
                const z = { focus: '', ignore: '', hide: '' };
                setDraftFilters(z);
                setFilters(z);
              }}
            >
              Clear filters
            </button>
          )}
        </form>
        {flame.error && base && (
          <p className="field-error" data-testid="diff-failed">
            No diff against this choice: {flame.error.message}
          </p>
        )}
        {flame.error && <ErrorBox error={flame.error} onRetry={flame.reload} />}
        {flame.loading && !data && <Spinner label="Building the flame graph…" />}
        {data && (
          <>
            <div className="flame-meta">
              <nav className="breadcrumb" aria-label="Zoom path">
                <button type="button" className={`crumb ${zoom < 0 ? 'active' : ''}`} onClick={() => setZoom(-1)}>
                  all
                </button>
                {crumbs.slice(1).map((c) => (
                  <button type="button" key={c.node} className={`crumb ${c.node === zoom ? 'active' : ''}`} onClick={() => setZoom(c.node)}>
                    {c.name.split('/').slice(-1)[0]}
                  </button>
                ))}
              </nav>
              <span className="muted small">
                {data.sampleType.type}: total {formatProfileValue(data.total, data.sampleType.unit)}
                {isDiff && data.baseTotal !== undefined ? ` (base ${formatProfileValue(data.baseTotal, data.sampleType.unit)})` : ''}
                {norm ? (norm.mode === 'per op' ? ' per op' : ' raw totals') : ''} · {data.level.length.toLocaleString()} frames
              </span>
              {hiddenNote(data) && (
                <span className="muted small" data-testid="flame-hidden">
                  {hiddenNote(data)}
                </span>
              )}
              {norm && (
                <span className="muted small" data-testid="diff-normalization">
                  {norm.mode === 'per op'
                    ? `per op: each profile ÷ the iterations its process ran (base ${norm.baseIterations.join('+')}, new ${norm.iterations.join('+')})`
                    : `raw totals of each profiling process${norm.reason ? ` (not per op: ${norm.reason})` : ''}`}
                </span>
              )}
              {isDiff && (
                <span className="diff-legend small">
                  <span className="sw grow-sw" /> grew <span className="sw shrink-sw" /> shrank · width: both profiles
                </span>
              )}
            </div>
            <FlameGraph
              data={data}
              layout={layout ?? undefined}
              inverted={inverted}
              diff={isDiff ? diffMode : null}
              highlight={highlight}
              marked={marked}
              zoom={zoom}
              onZoom={setZoom}
              cursor={cursor}
              onCursor={setCursor}
              onSelect={selectLater}
              theme={theme}
              label="flame graph"
              className={isDiff ? 'diff' : ''}
            />
          </>
        )}
      </section>
      <section className="panel">
        <div className="tabs" role="tablist" aria-label="Profile details">
          <button
            type="button"
            role="tab"
            className={`tab ${tab === 'top' ? 'active' : ''}`}
            aria-selected={tab === 'top'}
            onClick={() => setTab('top')}
          >
            Top
          </button>
          <button
            type="button"
            role="tab"
            className={`tab ${tab === 'sandwich' ? 'active' : ''}`}
            aria-selected={tab === 'sandwich'}
            onClick={() => setTab('sandwich')}
          >
            Callers / callees
          </button>
          <button
            type="button"
            role="tab"
            className={`tab ${tab === 'source' ? 'active' : ''}`}
            aria-selected={tab === 'source'}
            onClick={() => setTab('source')}
          >
            Source
          </button>
          <span className="muted small tab-note">
            {selected
              ? `selected: ${selected}`
              : 'click a frame or a row to select a function (on a row: Enter opens Source, c Callers / callees)'}
          </span>
        </div>
        {tab === 'top' &&
          (top.error ? (
            <ErrorBox error={top.error} onRetry={top.reload} />
          ) : top.data ? (
            <TopTableView top={top.data} selected={selected} onSelect={setSelected} onOpen={open} filter={filter} />
          ) : (
            <Spinner label="Loading the top table…" />
          ))}
        {tab !== 'top' && !selected && (
          <EmptyState title="Select a function">Click a frame in the graph or a row of the top table.</EmptyState>
        )}
        {tab === 'sandwich' &&
          selected &&
          (sandwich.error ? (
            <ErrorBox error={sandwich.error} onRetry={sandwich.reload} />
          ) : sandwich.data ? (
            <SandwichView s={sandwich.data} theme={theme} onSelect={setSelected} />
          ) : (
            <Spinner label="Loading callers and callees…" />
          ))}
        {tab === 'source' &&
          selected &&
          (source.error ? (
            <ErrorBox error={source.error} onRetry={source.reload} />
          ) : source.data ? (
            <SourceLinesView src={source.data} />
          ) : (
            <Spinner label="Loading source…" />
          ))}
      </section>
    </>
  );
}
