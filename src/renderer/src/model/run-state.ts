// The live state of a run as the Run view shows it, folded from the lab's events (run-queued,
// run-started, run-progress, run-log, run-result, run-finished) and rebuilt from runProgress +
// runSnapshot when the view comes back: per-cell completion (ref x package x benchmark x
// round), the log tail, and the first sec/op numbers per benchmark and ref for sparklines.
import type { LabEvent, RunProgressInfo, RunSnapshot } from '../../../shared/api.js';
import type { CellFailure, Progress, RunStatus } from '../../../shared/models.js';
import { topLevelBenchmark } from '../../../shared/go-names.js';

export const LOG_LINES = 500;

export interface LiveRun {
  readonly runId: number;
  readonly status: RunStatus;
  readonly detail: string;
  readonly progress: Progress | null;
  readonly log: readonly string[];
  readonly queuedBehind: string | null;
  /** Done cells: key cellKey(ref, pkg, topLevel, round). */
  readonly done: ReadonlySet<string>;
  /** sec/op values in arrival order: key seriesKey(pkg, name) -> ref -> values. */
  readonly series: ReadonlyMap<string, ReadonlyMap<string, readonly number[]>>;
  /** Number of results seen. */
  readonly results: number;
}

export function emptyLive(runId: number, status: RunStatus = 'queued'): LiveRun {
  return { runId, status, detail: '', progress: null, log: [], queuedBehind: null, done: new Set(), series: new Map(), results: 0 };
}

/** The top-level benchmark of a full name: `BenchmarkFields/size=4` -> `BenchmarkFields`. */
export const topLevel = topLevelBenchmark;

export function cellKey(ref: string, pkg: string, bench: string, round: number): string {
  return `${ref}\u0000${pkg}\u0000${bench}\u0000${round}`;
}

export function seriesKey(pkg: string, name: string): string {
  return `${pkg}\u0000${name}`;
}

function addResult(
  ref: string,
  pkg: string,
  name: string,
  round: number,
  secPerOp: number | null,
  done: Set<string>,
  series: Map<string, ReadonlyMap<string, readonly number[]>>,
): void {
  done.add(cellKey(ref, pkg, topLevel(name), round));
  if (secPerOp === null) return;
  const k = seriesKey(pkg, name);
  const byRef = new Map(series.get(k) ?? []);
  byRef.set(ref, [...(byRef.get(ref) ?? []), secPerOp]);
  series.set(k, byRef);
}

/** Folds one event into the state of its run (events of other runs leave it unchanged). */
export function applyEvent(s: LiveRun, e: LabEvent): LiveRun {
  if (!('runId' in e) || e.runId !== s.runId) return s;
  switch (e.type) {
    case 'run-queued':
      return { ...s, status: 'queued', queuedBehind: e.behind };
    case 'run-started':
      return { ...s, status: 'running', queuedBehind: null };
    case 'run-progress':
      return { ...s, progress: e.progress, status: s.status === 'queued' && e.progress.phase !== 'queued' ? 'running' : s.status };
    case 'run-log': {
      const log = s.log.length >= LOG_LINES ? [...s.log.slice(s.log.length - LOG_LINES + 1), e.line] : [...s.log, e.line];
      return { ...s, log };
    }
    case 'run-result': {
      const done = new Set(s.done);
      const series = new Map(s.series);
      addResult(e.refLabel, e.pkg, e.name, e.round, e.secPerOp, done, series);
      return { ...s, done, series, results: s.results + 1, status: s.status === 'queued' ? 'running' : s.status };
    }
    case 'run-finished':
      return {
        ...s,
        status: e.status,
        detail: e.detail,
        queuedBehind: null,
        progress: s.progress ? { ...s.progress, phase: 'done', etaMs: 0, current: null } : s.progress,
      };
  }
}

/** The state rebuilt after coming back to a run: its progress and log, and the picture of its
 * stored results (runSnapshot: the cells done, the sec/op values per benchmark and ref). */
export function liveFromSnapshot(info: RunProgressInfo, snap: RunSnapshot, detail = ''): LiveRun {
  const s0 = emptyLive(info.runId, info.status);
  const done = new Set(snap.cells.map(([ref, pkg, bench, round]) => cellKey(ref, pkg, bench, round)));
  const series = new Map<string, ReadonlyMap<string, readonly number[]>>();
  for (const [pkg, name, byRef] of snap.series) series.set(seriesKey(pkg, name), new Map(byRef));
  return {
    ...s0,
    detail,
    progress: info.progress,
    log: info.log.slice(-LOG_LINES),
    queuedBehind: info.queuedBehind,
    done,
    series,
    results: snap.results,
  };
}

export type CellStatus = 'done' | 'running' | 'pending' | 'failed' | 'skipped';

export interface GridRow {
  readonly pkg: string;
  readonly bench: string;
  /** cells[refIndex][round-1] */
  readonly cells: readonly (readonly CellStatus[])[];
}

/**
 * The per-cell grid: one row per (package, top-level benchmark), for each ref `rounds` cells.
 * Rows come from the planned benchmarks plus any seen in results; the process the runner is in
 * marks its pending cells running; failures (not skips) mark cells failed.
 */
export function cellGrid(
  s: LiveRun,
  refs: readonly string[],
  rounds: number,
  planned: readonly { pkg: string; name: string }[],
  failures: readonly CellFailure[] = [],
): GridRow[] {
  const rows = new Map<string, { pkg: string; bench: string }>();
  for (const p of planned) rows.set(`${p.pkg}\u0000${p.name}`, { pkg: p.pkg, bench: p.name });
  for (const k of s.done) {
    const [, pkg, bench] = k.split('\u0000');
    rows.set(`${pkg}\u0000${bench}`, { pkg, bench });
  }
  const failed = new Map<string, CellStatus>();
  for (const f of failures) failed.set(cellKey(f.refLabel, f.pkg, topLevel(f.name), f.round), f.kind === 'skip' ? 'skipped' : 'failed');
  const cur = s.status === 'running' && s.progress?.phase === 'bench' ? s.progress.current : null;
  const out: GridRow[] = [];
  for (const { pkg, bench } of [...rows.values()].sort((a, b) => a.pkg.localeCompare(b.pkg) || a.bench.localeCompare(b.bench))) {
    const cells = refs.map((ref) =>
      Array.from({ length: rounds }, (_, i): CellStatus => {
        const key = cellKey(ref, pkg, bench, i + 1);
        if (s.done.has(key)) return 'done';
        const f = failed.get(key);
        if (f) return f;
        if (cur && cur.refLabel === ref && cur.pkg === pkg && cur.round === i + 1 && (!cur.bench || topLevel(cur.bench) === bench))
          return 'running';
        return 'pending';
      }),
    );
    out.push({ pkg, bench, cells });
  }
  return out;
}

/** Where each phase sits on the overall bar: builds first, the timing rounds most of it, resource runs, profiles last. */
const PHASE_SPAN: Record<Progress['phase'], readonly [number, number]> = {
  queued: [0, 0],
  prepare: [0, 0.02],
  build: [0.02, 0.12],
  bench: [0.12, 0.9],
  resources: [0.9, 0.95],
  test: [0.95, 0.95],
  profile: [0.95, 1],
  done: [1, 1],
};

/** Overall completion in [0, 1] (phases weighted along one bar) and a label with the runner's own done/total. */
export function overall(s: LiveRun): { readonly fraction: number; readonly label: string } {
  const p = s.progress;
  if (s.status === 'completed') return { fraction: 1, label: 'completed' };
  if (s.status === 'queued') return { fraction: 0, label: s.queuedBehind ? `queued behind ${s.queuedBehind}` : 'queued' };
  if (!p) return { fraction: 0, label: s.status };
  const within = p.total > 0 ? Math.min(1, p.done / p.total) : 0;
  const [a, b] = PHASE_SPAN[p.phase];
  const phase = {
    queued: 'queued',
    prepare: 'preparing',
    build: 'building',
    bench: 'benchmarking',
    resources: 'measuring resources',
    test: 'testing',
    profile: 'profiling',
    done: 'done',
  }[p.phase];
  return { fraction: a + (b - a) * within, label: p.total > 0 ? `${phase} ${p.done}/${p.total}` : phase };
}

export function isActive(status: RunStatus): boolean {
  return status === 'queued' || status === 'running';
}
