// Repositories: add one (native folder dialog in the desktop app, a validated path field in
// the browser), the trust prompt that says what running benchmarks means, the packages and
// benchmarks as a searchable tree, and branches and recent commits to pick refs from. Picks
// go into the matrix draft for New run.
import { useEffect, useMemo, useState } from 'react';
import type { LabError } from '../../../shared/errors.js';
import type { Repo } from '../../../shared/models.js';
import { call } from '../api-client.js';
import { ErrorBox, EmptyState, Spinner } from '../components/error-box.js';
import { ConfirmDialog } from '../components/dialogs.js';
import { filterTree, pathProblem, pickFromKey, pickKey, selectionOf, sourceLabel, treeCounts } from '../model/bench-tree.js';
import { formatDate, shortSha } from '../model/format.js';
import { native } from '../native.js';
import { loadDraft, saveDraft } from '../state/draft-store.js';
import { useLabStore } from '../state/lab-store.js';
import { toError, useApi } from '../state/use-api.js';
import { usePackages } from '../state/use-packages.js';
import { go, type ViewContext } from './view-context.js';

export function ReposView({ ctx, add }: { ctx: ViewContext; add: boolean }) {
  const [adding, setAdding] = useState(add);
  useEffect(() => {
    if (add) setAdding(true);
  }, [add]);
  const none = ctx.reposLoaded && ctx.repos.length === 0;
  const showAdd = adding || none;
  return (
    <div className="repos-layout">
      <aside className="panel repo-list">
        <div className="panel-head">
          <h2>Repositories</h2>
          {!none && (
            <button type="button" onClick={() => setAdding((a) => !a)} aria-expanded={adding}>
              {adding ? 'Close' : 'Add…'}
            </button>
          )}
        </div>
        {none && (
          <p className="muted small">
            No repositories yet. Add a Go module (the directory with go.mod, inside a git repository) to list its benchmarks.
          </p>
        )}
        {showAdd && (
          <AddRepo
            onAdded={(r) => {
              setAdding(false);
              ctx.reloadRepos();
              ctx.setRepo(r.id);
            }}
          />
        )}
        <ul className="nav-list">
          {ctx.repos.map((r) => (
            <li key={r.id}>
              <button
                type="button"
                className={`nav-item ${ctx.repo?.id === r.id ? 'active' : ''}`}
                onClick={() => ctx.setRepo(r.id)}
                aria-current={ctx.repo?.id === r.id}
              >
                <span className="nav-title">{breakable(r.modulePath)}</span>
                <span className="nav-sub">{breakable(r.path)}</span>
                {r.trusted ? <span className="tag ok">trusted</span> : <span className="tag warn">not trusted</span>}
              </button>
            </li>
          ))}
        </ul>
      </aside>
      {ctx.repo ? (
        <RepoDetail key={ctx.repo.id} repo={ctx.repo} onChanged={() => ctx.reloadRepos()} />
      ) : (
        <section className="panel grow">
          <EmptyState title="Pick a repository">
            Choose one on the left, or add a Go module (a directory with go.mod inside a git repository).
          </EmptyState>
        </section>
      )}
    </div>
  );
}

function AddRepo({ onAdded }: { onAdded: (r: Repo) => void }) {
  const [path, setPath] = useState('');
  const [touched, setTouched] = useState(false);
  const [error, setError] = useState<LabError | null>(null);
  const [busy, setBusy] = useState(false);
  const problem = pathProblem(path);
  const n = native();
  const submit = async (p: string) => {
    setBusy(true);
    setError(null);
    try {
      onAdded(await call('addRepo', { path: p.trim(), trust: false }));
      setPath('');
      setTouched(false);
    } catch (e) {
      setError(toError(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className="add-repo"
      onSubmit={(e) => {
        e.preventDefault();
        setTouched(true);
        if (!problem) void submit(path);
      }}
    >
      {n && (
        <button
          type="button"
          className="primary"
          onClick={async () => {
            const p = await n.pickFolder();
            if (p) {
              setPath(p);
              void submit(p);
            }
          }}
        >
          Choose folder…
        </button>
      )}
      <label className="field">
        <span>{n ? 'or type a path' : 'Path of a Go module on this machine'}</span>
        <input
          aria-label="Repository path"
          placeholder="/home/you/src/project"
          value={path}
          autoFocus={!n}
          spellCheck={false}
          onChange={(e) => {
            setPath(e.target.value);
            setError(null);
          }}
          onBlur={() => setTouched(true)}
          aria-invalid={touched && !!problem}
        />
      </label>
      {touched && problem && <div className="field-error">{problem}</div>}
      <button type="submit" className={n ? '' : 'primary'} disabled={busy || !!problem}>
        {busy ? 'Adding…' : 'Add repository'}
      </button>
      {error && <ErrorBox error={error} onDismiss={() => setError(null)} />}
    </form>
  );
}

export function TrustPrompt({ repo, onDone }: { repo: Repo; onDone?: () => void }) {
  const [error, setError] = useState<LabError | null>(null);
  return (
    <div className="trust-prompt" role="region" aria-label="Trust this repository">
      <h3>Trust {repo.name} to run its benchmarks?</h3>
      <p>
        Running benchmarks compiles this repository's tests and runs them on this machine as you: its <code>_test.go</code> files, its
        dependencies' <code>init</code> functions and anything they start can read your files and use the network, exactly as
        <code> go test</code> would. Trust only code you would run yourself.
      </p>
      <p className="muted">
        Until then Perflab only reads it: git metadata, <code>go list</code>, and a static scan of <code>_test.go</code> files for benchmark
        names.
      </p>
      <div className="row">
        <button
          type="button"
          className="primary"
          onClick={async () => {
            try {
              await call('trustRepo', { repo: repo.id, trusted: true });
              onDone?.();
            } catch (e) {
              setError(toError(e));
            }
          }}
        >
          Trust this repository
        </button>
      </div>
      {error && <ErrorBox error={error} onDismiss={() => setError(null)} />}
    </div>
  );
}

function RepoDetail({ repo, onChanged }: { repo: Repo; onChanged: () => void }) {
  const store = useLabStore();
  const pkgs = usePackages(repo, store.reposVersion);
  const refs = useApi(() => call('listRefs', { repo: repo.id, limit: 40 }), [repo.id, store.reposVersion]);
  const [query, setQuery] = useState('');
  const [draft, setDraftState] = useState(() => loadDraft(repo.id, repo.path));
  const [confirmRemove, setConfirmRemove] = useState(false);
  const [picked, setPicked] = useState<ReadonlySet<string>>(() => new Set());
  const tree = useMemo(() => filterTree(pkgs.data ?? [], query), [pkgs.data, query]);
  const counts = treeCounts(pkgs.data ?? []);
  const setDraft = (d: typeof draft) => {
    setDraftState(d);
    saveDraft(d);
  };
  const toggleRef = (name: string) =>
    setDraft({ ...draft, refs: draft.refs.includes(name) ? draft.refs.filter((r) => r !== name) : [...draft.refs, name] });
  const toggleBench = (key: string) =>
    setPicked((s) => {
      const n = new Set(s);
      if (n.has(key)) n.delete(key);
      else n.add(key);
      return n;
    });
  const startDraft = () => {
    const d = picked.size ? { ...draft, ...selectionOf([...picked].map(pickFromKey)) } : draft;
    setDraft(d);
    go({ view: 'new', repoId: repo.id });
  };
  return (
    <section className="panel grow repo-detail" data-repo={repo.id}>
      <div className="panel-head">
        <div>
          <h2>{repo.modulePath}</h2>
          <div className="muted small">
            {repo.path}
            {repo.moduleSubdir ? ` (in ${repo.gitRoot})` : ''} · added {formatDate(repo.addedAt)}
          </div>
        </div>
        <div className="row">
          <button
            type="button"
            className="primary"
            onClick={startDraft}
            disabled={!repo.trusted}
            title={repo.trusted ? 'Open the matrix builder with these picks' : 'Trust the repository first'}
          >
            New run{picked.size ? ` with ${picked.size} benchmark${picked.size > 1 ? 's' : ''}` : ''}…
          </button>
          <button type="button" onClick={() => go({ view: 'runs', repoId: repo.id })}>
            History
          </button>
          <button type="button" className="ghost danger-text" onClick={() => setConfirmRemove(true)}>
            Remove
          </button>
        </div>
      </div>
      {!repo.trusted && <TrustPrompt repo={repo} onDone={onChanged} />}
      <div className="repo-columns">
        <div className="bench-tree">
          <div className="panel-head">
            <h3>
              Benchmarks{' '}
              <span className="muted small">
                {counts.benchmarks} in {counts.withBenchmarks} of {counts.packages} packages
              </span>
            </h3>
          </div>
          <input
            type="search"
            className="search"
            data-shortcut-search
            placeholder="Filter packages and benchmarks"
            aria-label="Filter benchmarks"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
          />
          {pkgs.error && <ErrorBox error={pkgs.error} onRetry={pkgs.reload} />}
          {pkgs.loading && !pkgs.data && <Spinner label="Listing packages…" />}
          {pkgs.checking && <Spinner label="Shown from the sources; checking with go test -list…" />}
          {pkgs.data && tree.length === 0 && !pkgs.checking && (
            <EmptyState title={query ? 'Nothing matches the filter' : 'No benchmarks found'}>
              {query ? 'Clear the filter to see every package.' : 'Benchmarks are functions named BenchmarkXxx in _test.go files.'}
            </EmptyState>
          )}
          <ul className="tree" role="tree" aria-label="Packages and benchmarks">
            {tree.map((p) => (
              <li key={p.importPath} role="treeitem" aria-expanded="true">
                <div className="tree-pkg">
                  <span className="pkg-name">{p.importPath}</span>
                  <span className="muted small">
                    {p.dir}
                    {!p.hasTests ? ' · no test files' : ` · ${sourceLabel(p)}`}
                  </span>
                </div>
                {p.benchmarks.length > 0 && (
                  <ul role="group">
                    {p.benchmarks.map((b) => {
                      const key = pickKey({ pkg: p.importPath, name: b });
                      return (
                        <li key={b} role="treeitem" className="bench-name">
                          <label>
                            <input type="checkbox" checked={picked.has(key)} onChange={() => toggleBench(key)} /> {b}
                          </label>
                        </li>
                      );
                    })}
                  </ul>
                )}
              </li>
            ))}
          </ul>
        </div>
        <div className="ref-list">
          <div className="panel-head">
            <h3>
              Refs <span className="muted small">checked refs go into the next run</span>
            </h3>
          </div>
          {refs.error && <ErrorBox error={refs.error} onRetry={refs.reload} />}
          {refs.loading && !refs.data && <Spinner label="Reading refs…" />}
          <ul className="refs">
            {(refs.data ?? []).map((r) => (
              <li key={`${r.kind}:${r.name}`} className={`ref ${r.kind}`}>
                <label>
                  <input
                    type="checkbox"
                    checked={draft.refs.includes(r.name)}
                    onChange={() => toggleRef(r.name)}
                    aria-label={`use ${r.name}`}
                  />
                  <span className="ref-name">{r.name}</span>
                  <span className="tag">{r.kind === 'worktree' ? 'working tree' : r.kind}</span>
                </label>
                <div className="muted small">
                  {r.sha ? shortSha(r.sha) : ''} {r.subject} {r.date ? `· ${formatDate(r.date)}` : ''}
                </div>
              </li>
            ))}
          </ul>
        </div>
      </div>
      {confirmRemove && (
        <ConfirmDialog
          title={`Remove ${repo.name}?`}
          confirm="Remove"
          danger
          onCancel={() => setConfirmRemove(false)}
          body={<p>Perflab forgets the repository; its files are not touched. Stored runs stay in History.</p>}
          onConfirm={async () => {
            setConfirmRemove(false);
            await call('removeRepo', { repo: repo.id }).catch(() => undefined);
            onChanged();
          }}
        />
      )}
    </section>
  );
}

/** A path that wraps after its separators (`example.com/`, `internal/`), never inside a word. */
function breakable(path: string): React.ReactNode[] {
  return path.split(/(?<=[/\\])/).flatMap((part, i) => (i === 0 ? [part] : [<wbr key={i} />, part]));
}
