// New run: the matrix builder. Benchmarks from packages and a -bench pattern with a live RE2
// preview, refs (WORKTREE is the uncommitted working tree), -count, -cpu, -benchtime, tags,
// profiles, variants and env, the schedule; a live count of cells with an estimate from past
// runs, and the equivalent `perflab run ...` command line to copy.
import { useEffect, useMemo, useState } from 'react';
import type { LabError } from '../../../shared/errors.js';
import type { ProfileKind, Repo } from '../../../shared/models.js';
import { call } from '../api-client.js';
import { CopyButton } from '../components/copy-button.js';
import { EmptyState, ErrorBox } from '../components/error-box.js';
import { previewBenchmarks } from '../model/bench-match.js';
import { shortPackageNames } from '../model/bench-tree.js';
import { estimateDuration } from '../model/estimate.js';
import { formatDuration, groupThousands } from '../model/format.js';
import { countCells, draftFromSpec, draftToSpec, type MatrixDraft, type Schedule } from '../model/matrix.js';
import { runCommandLine } from '../model/shell-quote.js';
import { loadDraft, saveDraft } from '../state/draft-store.js';
import { useLabStore } from '../state/lab-store.js';
import { useShortcuts } from '../state/shortcut-bus.js';
import { toError, useApi } from '../state/use-api.js';
import { usePackages } from '../state/use-packages.js';
import { TrustPrompt } from './repos-view.js';
import { go, type ViewContext } from './view-context.js';

const KINDS: readonly { kind: ProfileKind; what: string }[] = [
  { kind: 'cpu', what: 'CPU' },
  { kind: 'mem', what: 'allocations' },
  { kind: 'block', what: 'blocking' },
  { kind: 'mutex', what: 'lock contention' },
  { kind: 'trace', what: 'execution trace' },
];

export function NewRunView({ ctx, from }: { ctx: ViewContext; from?: number }) {
  if (!ctx.repo) {
    return (
      <section className="panel">
        <EmptyState
          title="Pick a repository first"
          action={
            <button type="button" className="primary" onClick={() => go({ view: 'repos', add: ctx.repos.length === 0 })}>
              {ctx.repos.length ? 'Repositories' : 'Add a repository'}
            </button>
          }
        >
          A run measures the benchmarks of one repository.
        </EmptyState>
      </section>
    );
  }
  return <MatrixBuilder key={`${ctx.repo.id}:${from ?? ''}`} repo={ctx.repo} from={from} />;
}

function MatrixBuilder({ repo, from }: { repo: Repo; from?: number }) {
  const store = useLabStore();
  const [draft, setDraftState] = useState<MatrixDraft>(() => loadDraft(repo.id, repo.path));
  const setDraft = (d: MatrixDraft) => {
    setDraftState(d);
    saveDraft(d);
  };
  const patch = (p: Partial<MatrixDraft>) => setDraft({ ...draft, ...p });
  const pkgs = usePackages(repo);
  const refs = useApi(() => call('listRefs', { repo: repo.id, limit: 50 }), [repo.id]);
  const past = useApi(() => call('listRuns', { repo: repo.id, limit: 50 }), [repo.id, store.runsVersion]);
  const [newRef, setNewRef] = useState('');
  const [error, setError] = useState<LabError | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!from) return;
    call('getRun', { run: from }).then(
      (r) => {
        if (r.spec) setDraft(draftFromSpec(repo.id, r.spec));
      },
      (e) => setError(toError(e)),
    );
  }, [from]);

  const preview = useMemo(
    () => (pkgs.data ? previewBenchmarks(pkgs.data, draft.bench, draft.packages) : null),
    [pkgs.data, draft.bench, draft.packages],
  );
  const result = draftToSpec(draft, preview);
  const cells = countCells(draft, preview);
  const benchtimes = draft.benchtime.split(/[\s,]+/).filter(Boolean);
  const est = estimateDuration(cells, benchtimes, draft.profileBenchtime, past.data ?? [], repo.id);
  const command = runCommandLine(draft);
  const benchPkgs = (pkgs.data ?? []).filter((p) => p.benchmarks.length);
  const short = useMemo(() => shortPackageNames(benchPkgs.map((p) => p.importPath)), [pkgs.data]);

  const start = async () => {
    if (!result.ok || busy || !repo.trusted) return;
    setBusy(true);
    setError(null);
    try {
      const { runId } = await call('startRun', result.spec);
      go({ view: 'run', runId });
    } catch (e) {
      setError(toError(e));
    } finally {
      setBusy(false);
    }
  };
  useShortcuts((a) => {
    if (a === 'submit') {
      void start();
      return true;
    }
  });

  // A typed ref becomes a chip only once the lab has resolved it to a commit, so a typo is
  // caught here (with git's reason) rather than at Start.
  const [refError, setRefError] = useState<string | null>(null);
  const [checkingRef, setCheckingRef] = useState(false);
  const addRef = async (name: string) => {
    const n = name.trim();
    if (!n || draft.refs.includes(n)) {
      setNewRef('');
      return;
    }
    setCheckingRef(true);
    setRefError(null);
    try {
      await call('checkRef', { repo: repo.id, ref: n });
      // Functional updates: another ref may have been added while this one was checked.
      setDraftState((d) => {
        const nd = d.refs.includes(n) ? d : { ...d, refs: [...d.refs, n] };
        saveDraft(nd);
        return nd;
      });
      setNewRef((cur) => (cur.trim() === n ? '' : cur));
    } catch (e) {
      setRefError(toError(e).message);
    } finally {
      setCheckingRef(false);
    }
  };
  const err = result.errors;

  return (
    <div className="builder-layout">
      <form
        className="panel builder"
        onSubmit={(e) => {
          e.preventDefault();
          void start();
        }}
        aria-label="Matrix builder"
      >
        <h2>
          New run <span className="muted small">in {repo.modulePath}</span>
        </h2>
        {!repo.trusted && <TrustPrompt repo={repo} />}

        <fieldset>
          <legend>Benchmarks</legend>
          {benchPkgs.length > 1 && (
            <div className="chips" role="group" aria-label="Packages">
              <span className="muted small">Packages (none checked = all):</span>
              {benchPkgs.map((p) => (
                <label key={p.importPath} className="chip">
                  <input
                    type="checkbox"
                    checked={draft.packages.includes(p.importPath)}
                    onChange={(e) =>
                      patch({
                        packages: e.target.checked ? [...draft.packages, p.importPath] : draft.packages.filter((x) => x !== p.importPath),
                      })
                    }
                  />
                  {short.get(p.importPath) ?? p.importPath}
                </label>
              ))}
            </div>
          )}
          <label className="field wide">
            <span>
              -bench pattern <span className="muted small">(Go regexp, RE2; / separates sub-benchmark levels)</span>
            </span>
            <input
              aria-label="Benchmark regexp"
              value={draft.bench}
              spellCheck={false}
              onChange={(e) => patch({ bench: e.target.value })}
              aria-invalid={!!err.bench}
              data-shortcut-search
            />
          </label>
          {err.bench && <div className="field-error">{err.bench}</div>}
          {preview?.ok && (
            <div className="preview" aria-live="polite">
              <div className="muted small">
                <strong data-testid="match-count">{preview.matches.length}</strong> of {preview.available} benchmarks match
                {preview.deeper ? '; the levels after / select sub-benchmarks, which appear when the run starts' : ''}
                {pkgs.checking ? ' (from the sources; checking with go test -list…)' : ''}
              </div>
              <ul className="preview-list">
                {preview.matches.slice(0, 60).map((m) => (
                  <li key={`${m.pkg}.${m.name}`}>
                    <span className="muted">{short.get(m.pkg) ?? m.pkg}.</span>
                    {m.name}
                  </li>
                ))}
                {preview.matches.length > 60 && <li className="muted">… {preview.matches.length - 60} more</li>}
              </ul>
            </div>
          )}
        </fieldset>

        <fieldset>
          <legend>
            Refs <span className="muted small">compared side by side, interleaved round by round</span>
          </legend>
          <div className="chips">
            {draft.refs.map((r, i) => (
              <span key={r} className="chip ref-chip">
                {i === 0 ? <span className="muted small">base </span> : null}
                {r}
                <button
                  type="button"
                  className="ghost"
                  aria-label={`remove ${r}`}
                  onClick={() => patch({ refs: draft.refs.filter((x) => x !== r) })}
                >
                  ✕
                </button>
              </span>
            ))}
            <input
              list="ref-options"
              aria-label="Add ref"
              placeholder="add a branch, tag, commit or WORKTREE"
              value={newRef}
              onChange={(e) => {
                setNewRef(e.target.value);
                setRefError(null);
              }}
              aria-invalid={!!refError}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey) {
                  e.preventDefault();
                  void addRef(newRef);
                }
              }}
            />
            <button type="button" onClick={() => void addRef(newRef)} disabled={!newRef.trim() || checkingRef}>
              Add ref
            </button>
            <datalist id="ref-options">
              {(refs.data ?? []).map((r) => (
                <option key={`${r.kind}:${r.name}`} value={r.name}>
                  {r.kind} {r.subject}
                </option>
              ))}
            </datalist>
          </div>
          {refError && (
            <div className="field-error" data-testid="ref-error">
              {refError}
            </div>
          )}
          {err.refs && <div className="field-error">{err.refs}</div>}
        </fieldset>

        <fieldset className="grid-fields">
          <legend>Measurement</legend>
          <Field label="-count (rounds)" error={err.count}>
            <input aria-label="Count" inputMode="numeric" value={draft.count} onChange={(e) => patch({ count: e.target.value })} />
          </Field>
          <Field label="-benchtime list" error={err.benchtime}>
            <input
              aria-label="Benchtime"
              value={draft.benchtime}
              placeholder="1s or 100x, comma-separated"
              onChange={(e) => patch({ benchtime: e.target.value })}
            />
          </Field>
          <Field label="-cpu list" error={err.cpu}>
            <input
              aria-label="CPU list"
              value={draft.cpu}
              placeholder="default: all CPUs"
              onChange={(e) => patch({ cpu: e.target.value })}
            />
          </Field>
          <Field label="build tags" error={err.tags}>
            <input aria-label="Tags" value={draft.tags} placeholder="none" onChange={(e) => patch({ tags: e.target.value })} />
          </Field>
          <div className="field span2">
            <span>Schedule</span>
            <div className="segmented" role="radiogroup" aria-label="Schedule">
              {(['interleaved', 'shuffled', 'sequential'] as Schedule[]).map((s) => (
                <label key={s} className={draft.schedule === s ? 'on' : ''}>
                  <input type="radio" name="schedule" checked={draft.schedule === s} onChange={() => patch({ schedule: s })} />
                  {s}
                </label>
              ))}
            </div>
          </div>
          <Field label="label">
            <input aria-label="Label" value={draft.label} placeholder="optional" onChange={(e) => patch({ label: e.target.value })} />
          </Field>
        </fieldset>

        <fieldset>
          <legend>
            Profiles <span className="muted small">captured in separate runs after the timing rounds</span>
          </legend>
          <div className="chips">
            {KINDS.map(({ kind, what }) => (
              <label key={kind} className="chip">
                <input
                  type="checkbox"
                  aria-label={`${kind} profile`}
                  checked={draft.profile.includes(kind)}
                  onChange={(e) =>
                    patch({ profile: e.target.checked ? [...draft.profile, kind] : draft.profile.filter((k) => k !== kind) })
                  }
                />
                {kind} <span className="muted small">{what}</span>
              </label>
            ))}
            {draft.profile.length > 0 && (
              <Field label="profile -benchtime" error={err.profileBenchtime}>
                <input
                  aria-label="Profile benchtime"
                  value={draft.profileBenchtime}
                  onChange={(e) => patch({ profileBenchtime: e.target.value })}
                />
              </Field>
            )}
          </div>
        </fieldset>

        <fieldset>
          <legend>
            Programs <span className="muted small">whole-program runs per ref: wall time, CPU time, peak RSS</span>
          </legend>
          <div className="row">
            <Field label="main packages" error={err.mains}>
              <textarea
                aria-label="Main packages"
                rows={2}
                placeholder="./cmd/tool (one per line)"
                value={draft.mains}
                spellCheck={false}
                onChange={(e) => patch({ mains: e.target.value })}
              />
            </Field>
            <Field label="arguments">
              <textarea
                aria-label="Program arguments"
                rows={2}
                placeholder="-n 1000 input.txt (one set per line, no shell)"
                value={draft.args}
                spellCheck={false}
                onChange={(e) => patch({ args: e.target.value })}
              />
            </Field>
          </div>
          {draft.mains.trim() && (
            <div className="row">
              <Field label="stdin file">
                <input
                  aria-label="Program stdin"
                  value={draft.stdin}
                  placeholder="optional"
                  onChange={(e) => patch({ stdin: e.target.value })}
                />
              </Field>
              <Field label="warmup runs" error={err.warmup}>
                <input aria-label="Warmup runs" value={draft.warmup} onChange={(e) => patch({ warmup: e.target.value })} />
              </Field>
              <label className="chip">
                <input
                  type="checkbox"
                  aria-label="Also run benchmarks"
                  checked={draft.withBenchmarks}
                  onChange={(e) => patch({ withBenchmarks: e.target.checked })}
                />
                also run the benchmarks
              </label>
            </div>
          )}
        </fieldset>

        <fieldset>
          <legend>
            Resources <span className="muted small">--count separate runs per benchmark after the timing rounds</span>
          </legend>
          <label className="chip">
            <input
              type="checkbox"
              aria-label="Measure resources"
              checked={draft.resources}
              onChange={(e) => patch({ resources: e.target.checked })}
            />
            peak RSS, CPU time, GCs <span className="muted small">peak-RSS-B, user-sec/op, sys-sec/op, GCs/op, STW-sec/op</span>
          </label>
        </fieldset>

        <fieldset>
          <legend>
            Variants and environment <span className="muted small">optional</span>
          </legend>
          {draft.variants.map((v, i) => (
            <div className="row variant" key={i}>
              <input
                aria-label={`variant ${i + 1} name`}
                placeholder="name"
                value={v.name}
                onChange={(e) => patch({ variants: draft.variants.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)) })}
              />
              <input
                className="grow"
                aria-label={`variant ${i + 1} settings`}
                placeholder="toolchain=go1.22.0;gcflags=-N -l;goexperiment=...;env.GOGC=50"
                value={v.settings}
                spellCheck={false}
                onChange={(e) => patch({ variants: draft.variants.map((x, j) => (j === i ? { ...x, settings: e.target.value } : x)) })}
              />
              <button
                type="button"
                className="ghost"
                aria-label={`remove variant ${i + 1}`}
                onClick={() => patch({ variants: draft.variants.filter((_, j) => j !== i) })}
              >
                ✕
              </button>
            </div>
          ))}
          <button
            type="button"
            onClick={() => patch({ variants: [...draft.variants, { name: `v${draft.variants.length + 1}`, settings: '' }] })}
          >
            Add variant
          </button>
          {err.variants && <div className="field-error">{err.variants}</div>}
          <label className="field wide">
            <span>
              Environment for the benchmarks <span className="muted small">KEY=VALUE per line (GOGC, GOMEMLIMIT, GODEBUG…)</span>
            </span>
            <textarea
              aria-label="Environment"
              rows={2}
              value={draft.env}
              spellCheck={false}
              onChange={(e) => patch({ env: e.target.value })}
            />
          </label>
          {err.env && <div className="field-error">{err.env}</div>}
        </fieldset>
      </form>

      <aside className="panel summary sticky" aria-label="Run summary">
        <h3>This run</h3>
        <div className="big-number" data-testid="cell-count">
          {groupThousands(cells.cells)}
        </div>
        <div className="muted">
          cells = {cells.columns} column{cells.columns === 1 ? '' : 's'} × {cells.benchmarks} benchmark{cells.benchmarks === 1 ? '' : 's'} ×{' '}
          {cells.cpus} cpu × {cells.benchtimes} benchtime × {cells.rounds} round{cells.rounds === 1 ? '' : 's'}
        </div>
        {cells.profiles > 0 && (
          <div className="muted">
            + {cells.profiles} profile capture{cells.profiles === 1 ? '' : 's'}
          </div>
        )}
        {cells.resourceRuns > 0 && (
          <div className="muted" data-testid="resource-runs">
            + {cells.resourceRuns} resource run{cells.resourceRuns === 1 ? '' : 's'} (sub-benchmarks add to this)
          </div>
        )}
        {cells.programRuns > 0 && (
          <div className="muted" data-testid="program-runs">
            + {cells.programRuns} program run{cells.programRuns === 1 ? '' : 's'}
          </div>
        )}
        <div className="estimate" data-testid="estimate">
          {est.ms === null
            ? 'Duration: known after a first run (iteration counts say nothing about time)'
            : `About ${formatDuration(est.ms)}`}
          <div className="muted small">
            {[
              est.basis === 'past-runs'
                ? `from ${est.runs} past run${est.runs === 1 ? '' : 's'} of this repository`
                : est.basis === 'benchtime'
                  ? 'from the benchtime (no comparable past runs)'
                  : '',
              cells.benchmarks && est.ms !== null ? 'sub-benchmarks add to this' : '',
            ]
              .filter(Boolean)
              .join('; ')}
          </div>
        </div>
        <div className="command">
          <div className="row between">
            <span className="muted small">Same run from a terminal</span>
            <CopyButton text={command} label="Copy command" />
          </div>
          <code className="cmdline" data-testid="command-line">
            {command}
          </code>
        </div>
        <button
          type="button"
          className="primary big"
          onClick={() => void start()}
          disabled={!result.ok || busy || !repo.trusted}
          title="Ctrl+Enter"
        >
          {busy ? 'Starting…' : 'Start run'}
        </button>
        {!result.ok && <div className="muted small">Fix the fields marked above to start.</div>}
        {error && <ErrorBox error={error} onDismiss={() => setError(null)} />}
      </aside>
    </div>
  );
}

function Field({ label, error, children }: { label: string; error?: string; children: React.ReactNode }) {
  return (
    <label className="field">
      <span>{label}</span>
      {children}
      {error && <span className="field-error">{error}</span>}
    </label>
  );
}
