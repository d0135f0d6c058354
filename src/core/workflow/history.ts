// A benchmark's history: its center (median) and confidence interval in every run and column
// that measured it, ordered by date or by commit order, for `perflab history` and the UI's
// history chart. Derived from the stored samples, like everything else.
import { fail } from '../../shared/errors.js';
import type { HistoryPoint, HistorySeries } from '../../shared/workflow-types.js';
import { parseName } from '../benchfmt/index.js';
import { commitOrder, type GitTool } from '../git/index.js';
import { summarize } from '../stats/index.js';
import type { Db } from '../store/open-db.js';
import { decodeMetrics } from '../store/results.js';
import { buildOf, otherBuilds, seriesBuild, type BuildConfig } from './build-config.js';

export interface HistoryQuery {
  readonly repoId: number | null;
  readonly name: string;
  readonly unit: string;
  readonly order: 'date' | 'commit';
  readonly cpu?: number;
  readonly benchtime?: string;
  readonly confidence?: number;
}

interface Row {
  run_id: number;
  created_at: string;
  label: string;
  sha: string;
  cpu: number;
  benchtime: string;
  value: number;
  build: BuildConfig;
}
interface RawRow {
  run_id: number;
  created_at: string;
  label: string;
  sha: string;
  cpu: number;
  benchtime: string;
  metrics: string;
  spec: string | null;
  variant: string | null;
}

/** Accepts `BenchmarkX/y`, `X/y`, and a `-N` suffix that picks the -cpu value. */
export function normalizeHistoryName(name: string): { name: string; cpu: number | null } {
  const full = name.startsWith('Benchmark') ? name : `Benchmark${name}`;
  const n = parseName(full.slice('Benchmark'.length));
  return n.procs !== null ? { name: `Benchmark${n.withoutProcs}`, cpu: n.procs } : { name: full, cpu: null };
}

export async function benchmarkHistory(db: Db, git: GitTool | null, gitRoot: string | null, q: HistoryQuery): Promise<HistorySeries> {
  const { name, cpu: suffixCpu } = normalizeHistoryName(q.name);
  const raw = db
    .prepare(
      `
    SELECT r.run_id, runs.created_at, rr.label, rr.sha, k.cpu, k.benchtime, r.metrics, runs.spec, rr.variant
    FROM result_keys k JOIN results r ON r.key_id = k.id JOIN runs ON runs.id = k.run_id JOIN run_refs rr ON rr.id = k.run_ref_id
    WHERE k.name = ? ${q.repoId !== null ? 'AND runs.repo_id = ?' : ''}
    ORDER BY r.run_id, rr.position, r.id`,
    )
    .all(...(q.repoId !== null ? [name, q.repoId] : [name])) as RawRow[];
  const rows: Row[] = [];
  const builds = new Map<string, BuildConfig>();
  for (const r of raw) {
    const m = decodeMetrics(r.metrics).find((x) => x.unit === q.unit);
    if (m)
      rows.push({
        run_id: r.run_id,
        created_at: r.created_at,
        label: r.label,
        sha: r.sha,
        cpu: r.cpu,
        benchtime: r.benchtime,
        value: m.value,
        build: buildOfRow(builds, r.spec, r.variant),
      });
  }
  if (rows.length === 0) fail('InvalidInput', { field: 'name', value: q.name }, `no stored ${q.unit} samples of this benchmark`);
  // One series: the requested (or most measured) -cpu and benchtime.
  const cpu = q.cpu ?? suffixCpu ?? mostCommon(rows.map((r) => r.cpu));
  const benchtime = q.benchtime ?? mostCommon(rows.filter((r) => r.cpu === cpu).map((r) => r.benchtime));
  // One build too: the plain one when measured, else the most measured (build-config.ts).
  const atConfig = rows.filter((r) => r.cpu === cpu && r.benchtime === benchtime);
  const build = seriesBuild(atConfig.map((r) => r.build));
  const groups = new Map<string, { first: Row; values: number[] }>();
  for (const r of atConfig) {
    if (r.build.key !== build.key) continue;
    const k = `${r.run_id}\0${r.label}`;
    const g = groups.get(k);
    if (g) g.values.push(r.value);
    else groups.set(k, { first: r, values: [r.value] });
  }
  let points: HistoryPoint[] = [...groups.values()].map(({ first, values }) => {
    const s = summarize(values, { confidence: q.confidence ?? 0.95 });
    return {
      runId: first.run_id,
      date: first.created_at,
      refLabel: first.label,
      sha: first.sha,
      center: s.center,
      lo: Number.isFinite(s.lo) ? s.lo : null,
      hi: Number.isFinite(s.hi) ? s.hi : null,
      n: s.n,
    };
  });
  if (q.order === 'commit' && git && gitRoot) {
    const shas = [...new Set(points.map((p) => p.sha).filter((s) => /^[0-9a-f]{40,64}$/.test(s)))];
    let rank = new Map<string, number>();
    try {
      rank = new Map((await commitOrder(git, gitRoot, shas)).map((s, i) => [s, i]));
    } catch {
      /* commits no longer in the repository: fall back to date order */
    }
    points = [...points].sort(
      (a, b) => (rank.get(a.sha) ?? Infinity) - (rank.get(b.sha) ?? Infinity) || a.date.localeCompare(b.date) || a.runId - b.runId,
    );
  } else {
    points = [...points].sort((a, b) => a.date.localeCompare(b.date) || a.runId - b.runId);
  }
  return {
    name,
    unit: q.unit,
    cpu,
    benchtime,
    build: build.text,
    otherBuilds: otherBuilds(
      atConfig.map((r) => ({ build: r.build, runId: r.run_id })),
      build,
    ),
    points,
  };
}

/** buildOf, once per distinct (spec, variant) pair of a query. */
export function buildOfRow(memo: Map<string, BuildConfig>, spec: string | null, variant: string | null): BuildConfig {
  const k = `${spec ?? ''}\0${variant ?? ''}`;
  let b = memo.get(k);
  if (!b) memo.set(k, (b = buildOf(spec, variant)));
  return b;
}

/** The value seen most often (the first of the most frequent). */
export function mostCommon<T>(xs: readonly T[]): T {
  const counts = new Map<T, number>();
  for (const x of xs) counts.set(x, (counts.get(x) ?? 0) + 1);
  let best = xs[0];
  let n = 0;
  for (const [x, c] of counts)
    if (c > n) {
      best = x;
      n = c;
    }
  return best;
}
