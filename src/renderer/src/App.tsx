// The shell: hash routing (model/route.ts; the Electron menu sends the same hashes), the
// navigation bar with the active run, the repository picked, keyboard shortcuts with their
// help overlay, and the one event stream (state/lab-store.ts) started for the whole app.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { call } from './api-client.js';
import { HelpOverlay } from './components/dialogs.js';
import { ErrorBox } from './components/error-box.js';
import { RunProgressBar } from './components/progress-bar.js';
import { parseRoute, type Route, type ViewName } from './model/route.js';
import { shortcutFor } from './model/shortcuts.js';
import { labStore, useLabStore } from './state/lab-store.js';
import { dispatchShortcut } from './state/shortcut-bus.js';
import { useApi, usePersistent } from './state/use-api.js';
import { BisectView } from './views/bisect-view.js';
import { CompareView } from './views/compare-view.js';
import { ExportView } from './views/export-view.js';
import { HelpView } from './views/help-view.js';
import { HistoryView } from './views/history-view.js';
import { InvestigationView } from './views/investigation-view.js';
import { NewRunView } from './views/new-run-view.js';
import { ProfileView } from './views/profile-view.js';
import { ReposView } from './views/repos-view.js';
import { RunView } from './views/run-view.js';
import { go, type ViewContext } from './views/view-context.js';

const NAV: readonly { view: ViewName; label: string; key: string; route: Route }[] = [
  { view: 'repos', label: 'Repositories', key: 'r', route: { view: 'repos' } },
  { view: 'new', label: 'New run', key: 'n', route: { view: 'new' } },
  { view: 'runs', label: 'History', key: 'h', route: { view: 'runs' } },
  { view: 'compare', label: 'Compare', key: 'c', route: { view: 'compare', runs: [] } },
  { view: 'profile', label: 'Profile', key: 'p', route: { view: 'profile' } },
  { view: 'investigation', label: 'Investigations', key: 'i', route: { view: 'investigation' } },
  { view: 'bisect', label: 'Bisect', key: 'b', route: { view: 'bisect' } },
  { view: 'export', label: 'Export', key: 'e', route: { view: 'export' } },
];

function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const on = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}

function inField(t: EventTarget | null): boolean {
  const el = t as HTMLElement | null;
  if (!el || !el.tagName) return false;
  if (el.isContentEditable) return true;
  if (el.tagName === 'TEXTAREA' || el.tagName === 'SELECT') return true;
  return el.tagName === 'INPUT' && !['checkbox', 'radio', 'button', 'submit'].includes((el as HTMLInputElement).type);
}

export function App() {
  const route = useRoute();
  const store = useLabStore();
  const [help, setHelp] = useState(false);
  useEffect(() => labStore.start(), []);
  const repos = useApi(() => call('listRepos', {}), [store.reposVersion]);
  const [repoId, setRepoId] = usePersistent<number | null>('repo', null);
  const routeRepo = 'repoId' in route ? route.repoId : undefined;
  useEffect(() => {
    if (routeRepo && routeRepo !== repoId) setRepoId(routeRepo);
  }, [routeRepo, repoId, setRepoId]);
  const list = useMemo(() => repos.data ?? [], [repos.data]);
  const repo = list.find((r) => r.id === (routeRepo ?? repoId)) ?? list[0] ?? null;
  const ctx: ViewContext = {
    repos: list,
    repo,
    reposLoaded: repos.data !== undefined,
    reloadRepos: repos.reload,
    setRepo: useCallback(
      (id: number) => {
        setRepoId(id);
        if (route.view === 'repos') go({ view: 'repos', repoId: id });
      },
      [setRepoId, route.view],
    ),
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const a = shortcutFor({ key: e.key, ctrlKey: e.ctrlKey, metaKey: e.metaKey, altKey: e.altKey, inField: inField(e.target) });
      if (!a) return;
      if (a === 'escape' && help) {
        setHelp(false);
        return;
      }
      if (dispatchShortcut(a)) {
        e.preventDefault();
        return;
      }
      const nav = (r: Route) => {
        e.preventDefault();
        go(r);
      };
      switch (a) {
        case 'help':
          e.preventDefault();
          setHelp((h) => !h);
          break;
        case 'go-repos':
          nav({ view: 'repos' });
          break;
        case 'go-new':
          nav({ view: 'new' });
          break;
        case 'go-runs':
          nav({ view: 'runs' });
          break;
        // On a run page, `c` compares that run.
        case 'go-compare':
          nav({ view: 'compare', runs: route.view === 'run' ? [route.runId] : [] });
          break;
        case 'go-profile':
          nav({ view: 'profile' });
          break;
        case 'go-investigation':
          nav({ view: 'investigation' });
          break;
        case 'go-bisect':
          nav({ view: 'bisect' });
          break;
        case 'go-export':
          nav({ view: 'export' });
          break;
        case 'focus-search': {
          const el = document.querySelector<HTMLInputElement>('[data-shortcut-search]');
          if (el) {
            e.preventDefault();
            el.focus();
            el.select();
          }
          break;
        }
        default:
          break;
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [help, route]);

  const active = store.activeRuns();
  // The Run tab: the run on screen, else the active run, else the last run opened.
  const [lastRun, setLastRun] = usePersistent<number | null>('last-run', null);
  const routeRun = route.view === 'run' ? route.runId : null;
  useEffect(() => {
    if (routeRun !== null && routeRun !== lastRun) setLastRun(routeRun);
  }, [routeRun, lastRun, setLastRun]);
  const runTab = routeRun ?? active[0]?.runId ?? lastRun;
  return (
    <div className="app">
      <header className="topbar">
        <a className="brand" href="#/repos" aria-label="Perflab home">
          <span className="logo" aria-hidden="true">
            ◢
          </span>{' '}
          Perflab
        </a>
        <nav className="mainnav" aria-label="Views">
          {NAV.flatMap((n) => [
            <a
              key={n.view}
              href={n.route.view === 'repos' ? '#/repos' : `#/${n.view === 'runs' ? 'runs' : n.view}`}
              className={route.view === n.view ? 'active' : ''}
              aria-current={route.view === n.view ? 'page' : undefined}
              title={`${n.label} (${n.key})`}
            >
              {n.label}
            </a>,
            ...(n.view === 'new' && runTab !== null
              ? [
                  <a
                    key="run"
                    href={`#/run/${runTab}`}
                    className={route.view === 'run' ? 'active' : ''}
                    aria-current={route.view === 'run' ? 'page' : undefined}
                    title={`Run ${runTab}`}
                  >
                    Run
                  </a>,
                ]
              : []),
          ])}
        </nav>
        <div className="topbar-right">
          {active.slice(0, 1).map((s) => (
            <a key={s.runId} className="active-run" href={`#/run/${s.runId}`} title={`Run ${s.runId}`}>
              run {s.runId}
              <RunProgressBar live={s} compact />
            </a>
          ))}
          {ctx.repo && (
            <span className="current-repo muted small" title={ctx.repo.path}>
              {ctx.repo.name}
            </span>
          )}
          <span
            className={`conn ${store.connected ? 'on' : 'off'}`}
            title={store.connected ? 'connected to the lab' : 'reconnecting to the lab…'}
            aria-label={store.connected ? 'connected' : 'disconnected'}
          />
          <button
            type="button"
            className="ghost help-btn"
            onClick={() => setHelp(true)}
            aria-label="Keyboard shortcuts"
            title="Keyboard shortcuts (?)"
          >
            ?
          </button>
        </div>
      </header>
      <main className="content">
        {store.unreachable && (
          <UnreachableBanner
            onRetry={() => {
              void store.retryNow().then((ok) => {
                if (ok) repos.reload();
              });
            }}
          />
        )}
        {repos.error && !(store.unreachable && repos.error.code === 'LabUnreachable') && (
          <ErrorBox error={repos.error} onRetry={repos.reload} />
        )}
        {renderView(route, ctx)}
      </main>
      {help && <HelpOverlay onClose={() => setHelp(false)} />}
    </div>
  );
}

/** Shown over every view while the event stream cannot reach the lab server. */
function UnreachableBanner({ onRetry }: { onRetry: () => void }) {
  return (
    <div className="error-box unreachable" role="alert" data-code="LabUnreachable">
      <div className="error-head">
        <strong>The lab server is unreachable.</strong>
        <span className="error-actions">
          <button type="button" onClick={onRetry}>
            Retry
          </button>
        </span>
      </div>
      <div className="error-advice">
        It stopped, or the connection to it failed. Start it again (<code>perflab serve</code> prints a new URL with its token; the desktop
        app restarts it), then retry. Perflab also retries by itself every second.
      </div>
    </div>
  );
}

function renderView(route: Route, ctx: ViewContext) {
  switch (route.view) {
    case 'repos':
      return <ReposView ctx={ctx} add={route.add === true} />;
    case 'new':
      return <NewRunView ctx={ctx} from={route.from} />;
    case 'run':
      return <RunView key={route.runId} runId={route.runId} />;
    case 'runs':
      return <HistoryView ctx={ctx} bench={route.bench} />;
    case 'compare':
      return <CompareView ctx={ctx} route={route} />;
    case 'profile':
      return <ProfileView ctx={ctx} route={route} />;
    case 'investigation':
      return <InvestigationView ctx={ctx} id={route.id} />;
    case 'bisect':
      return <BisectView key={route.id ?? 0} ctx={ctx} id={route.id} />;
    case 'export':
      return <ExportView ctx={ctx} runId={route.runId} />;
    case 'help':
      return <HelpView />;
  }
}
