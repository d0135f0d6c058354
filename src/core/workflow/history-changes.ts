// Change points over stored history (`perflab history NAME --changes [--check]`): every run
// that measured the benchmark on the same machine as the newest such run (same host, CPU
// model and count, platform and Go version: numbers from another machine are not comparable),
// one column per commit (samples of a commit measured in several runs pooled), in commit order
// when the repository knows the commits, else by date; columns with uncommitted changes are
// left out. The steps are found by change-points.ts, the method `perflab changes` uses.
// `check` says whether the newest commit of the series is the first of a worse level.
import { fail } from '../../shared/errors.js';
import type { Environment } from '../../shared/models.js';
import type { HistoryChangesReport } from '../../shared/workflow-types.js';
import { betterDirection } from '../compare/prepare.js';
import { commitOrder, commitSubjects, type GitTool } from '../git/index.js';
import type { Db } from '../store/open-db.js';
import { decodeMetrics } from '../store/results.js';
import { hodgesLehmannRatio, uTest } from '../stats/index.js';
import { findChangePoints, type SeriesColumn } from './change-points.js';
import { otherBuilds, seriesBuild, type BuildConfig } from './build-config.js';
import { buildOfRow, mostCommon, normalizeHistoryName } from './history.js';

export interface HistoryChangesQuery {
  readonly repoId: number | null;
  readonly name: string;
  readonly unit: string;
  readonly cpu?: number;
  readonly benchtime?: string;
  readonly thresholdPct: number;
  readonly alpha: number;
}

interface Raw {
  run_id: number;
  created_at: string;
  environment: string | null;
  sha: string;
  dirty: number;
  cpu: number;
  benchtime: string;
  metrics: string;
  spec: string | null;
  variant: string | null;
}

/** What makes numbers comparable across runs: the machine and the Go that built them. */
export function machineKey(e: Environment): string {
  return JSON.stringify([e.hostname, e.cpuModel, e.cpuCount, e.goos, e.goarch, e.goVersion]);
}

function machineText(e: Environment): string {
  return `${e.hostname} (${e.cpuModel}, ${e.cpuCount} CPUs, ${e.goos}/${e.goarch}, ${e.goVersion})`;
}

export async function historyChanges(
  db: Db,
  git: GitTool | null,
  gitRoot: string | null,
  q: HistoryChangesQuery,
): Promise<HistoryChangesReport> {
  const { name, cpu: suffixCpu } = normalizeHistoryName(q.name);
  const raw = db
    .prepare(
      `
    SELECT r.run_id, runs.created_at, runs.environment, rr.sha, rr.dirty, k.cpu, k.benchtime, r.metrics, runs.spec, rr.variant
    FROM result_keys k JOIN results r ON r.key_id = k.id JOIN runs ON runs.id = k.run_id JOIN run_refs rr ON rr.id = k.run_ref_id
    WHERE k.name = ? AND runs.status = 'completed' ${q.repoId !== null ? 'AND runs.repo_id = ?' : ''}
    ORDER BY r.run_id, rr.position, r.id`,
    )
    .all(...(q.repoId !== null ? [name, q.repoId] : [name])) as Raw[];
  const envs = new Map<number, Environment | null>();
  const rows: {
    runId: number;
    date: string;
    sha: string;
    dirty: boolean;
    cpu: number;
    benchtime: string;
    value: number;
    build: BuildConfig;
  }[] = [];
  const builds = new Map<string, BuildConfig>();
  for (const r of raw) {
    const m = decodeMetrics(r.metrics).find((x) => x.unit === q.unit);
    if (!m) continue;
    if (!envs.has(r.run_id)) envs.set(r.run_id, r.environment ? (JSON.parse(r.environment) as Environment) : null);
    rows.push({
      runId: r.run_id,
      date: r.created_at,
      sha: r.sha,
      dirty: r.dirty !== 0,
      cpu: r.cpu,
      benchtime: r.benchtime,
      value: m.value,
      build: buildOfRow(builds, r.spec, r.variant),
    });
  }
  if (rows.length === 0)
    fail('InvalidInput', { field: 'name', value: q.name }, `no stored ${q.unit} samples of this benchmark in completed runs`);
  const cpu = q.cpu ?? suffixCpu ?? mostCommon(rows.map((r) => r.cpu));
  const benchtime = q.benchtime ?? mostCommon(rows.filter((r) => r.cpu === cpu).map((r) => r.benchtime));
  const atConfig = rows.filter((r) => r.cpu === cpu && r.benchtime === benchtime);
  // One build (tags and variant settings), as `history` shows it: samples of a GOAMD64=v3
  // column are not more samples of its commit.
  const build = seriesBuild(atConfig.map((r) => r.build));
  const series = atConfig.filter((r) => r.build.key === build.key);
  // The machine of the newest measured run (imported runs have none and are left out).
  const newestRun = [...new Set(series.map((r) => r.runId))].filter((id) => envs.get(id)).sort((a, b) => b - a)[0];
  if (newestRun === undefined)
    fail(
      'InvalidInput',
      { field: 'name', value: q.name },
      'no measured run of this benchmark records its machine (imported runs cannot be compared)',
    );
  const env = envs.get(newestRun)!;
  const key = machineKey(env);
  const sameMachine = (id: number) => {
    const e = envs.get(id);
    return e ? machineKey(e) === key : false;
  };
  const otherRuns = new Set(series.filter((r) => !sameMachine(r.runId)).map((r) => r.runId));
  const kept = series.filter((r) => sameMachine(r.runId) && !r.dirty && /^[0-9a-f]{40,64}$/.test(r.sha));
  const dirty = new Set(series.filter((r) => sameMachine(r.runId) && r.dirty).map((r) => `${r.runId}`)).size;
  const bySha = new Map<string, { sha: string; first: string; runs: Set<number>; values: number[] }>();
  for (const r of kept) {
    let c = bySha.get(r.sha);
    if (!c) bySha.set(r.sha, (c = { sha: r.sha, first: r.date, runs: new Set(), values: [] }));
    c.runs.add(r.runId);
    c.values.push(r.value);
    if (r.date < c.first) c.first = r.date;
  }
  let cols = [...bySha.values()].sort((a, b) => a.first.localeCompare(b.first));
  let order: 'commit' | 'date' = 'date';
  let subjects = new Map<string, string>();
  if (git && gitRoot && cols.length > 1) {
    try {
      const rank = new Map(
        (
          await commitOrder(
            git,
            gitRoot,
            cols.map((c) => c.sha),
          )
        ).map((s, i) => [s, i]),
      );
      cols = [...cols].sort((a, b) => (rank.get(a.sha) ?? Infinity) - (rank.get(b.sha) ?? Infinity) || a.first.localeCompare(b.first));
      order = 'commit';
      subjects = await commitSubjects(
        git,
        gitRoot,
        cols.map((c) => c.sha),
      );
    } catch {
      /* commits no longer in the repository: date order */
    }
  }
  const better = betterDirection({ values: new Map() }, q.unit);
  const columns: SeriesColumn[] = cols.map((c) => ({ sha: c.sha, label: c.sha.slice(0, 12), samples: c.values }));
  const points = cols.length >= 2 ? findChangePoints(columns, { alpha: q.alpha, thresholdPct: q.thresholdPct, confidence: 0.95 }) : [];
  const changes = points.map((p) => ({
    bench: name,
    unit: q.unit,
    sha: p.sha,
    label: p.label,
    subject: subjects.get(p.sha) ?? '',
    delta: p.deltaPct,
    lo: p.loPct,
    hi: p.hiPct,
    p: p.p,
    regression: better === 0 ? null : p.deltaPct > 0 === better < 0,
  }));
  const newest = cols[cols.length - 1] ?? null;
  const atNewest = newest ? (changes.find((c) => c.sha === newest.sha) ?? null) : null;
  // A step at the newest commit across runs may be the runs' drift, not the commit: it counts
  // only when the runs that measured the newest commit together with the one before it (their
  // rounds interleaved) show the same worse step on their own samples.
  let regression = false;
  let undecided = false;
  let confirmation = '';
  if (atNewest?.regression === true && cols.length >= 2) {
    const prev = cols[cols.length - 2];
    const shared = [...newest!.runs].filter((id) => prev.runs.has(id));
    if (shared.length === 0) {
      undecided = true;
      confirmation =
        `; undecided: ${newest!.sha.slice(0, 12)} was measured in run ${[...newest!.runs].join(', ')}, without ${prev.sha.slice(0, 12)}, ` +
        `and a step across runs may be their drift: measure both in one run (perflab run --range ${prev.sha.slice(0, 12)}..${newest!.sha.slice(0, 12)})`;
    } else {
      const inRuns = (sha: string) => kept.filter((r) => r.sha === sha && shared.includes(r.runId)).map((r) => r.value);
      const before = inRuns(prev.sha);
      const after = inRuns(newest!.sha);
      const runs = `run ${shared.join(', ')}`;
      // The two columns of those runs alone: the U test and the Hodges-Lehmann ratio with its
      // interval at the series' level (the same statistics as a change point).
      const test = before.length >= 2 && after.length >= 2 ? uTest(before, after) : null;
      const hl = test ? hodgesLehmannRatio(before, after, 1 - q.alpha, q.alpha, test) : null;
      if (!test || !hl) {
        undecided = true;
        confirmation = `; undecided: ${runs} has too few samples of the two commits to tell`;
      } else {
        const pct = (r: number) => (r - 1) * 100;
        const delta = pct(hl.estimate);
        const worse = better !== 0 && delta > 0 === better < 0;
        // How far the interval reaches in the worse direction.
        const worstPct = better < 0 ? pct(hl.hi) : -pct(hl.lo);
        const shown = `${delta >= 0 ? '+' : ''}${delta.toFixed(1)}% [${pct(hl.lo).toFixed(1)}%, ${pct(hl.hi).toFixed(1)}%]`;
        if (worse && test.p <= q.alpha && Math.abs(delta) >= q.thresholdPct) {
          regression = true;
          confirmation = `; confirmed within ${runs} (${shown}, p ${test.p.toPrecision(2)})`;
        } else if (worstPct < q.thresholdPct) {
          confirmation = `; not seen within ${runs}, which measured it with ${prev.sha.slice(0, 12)} (${shown}): not a regression of this commit`;
        } else {
          undecided = true;
          confirmation =
            `; undecided: within ${runs}, which measured it with ${prev.sha.slice(0, 12)}, the step is ${shown} (p ${test.p.toPrecision(2)}): ` +
            `measure both with a higher --count`;
        }
      }
    }
  }
  return {
    name,
    unit: q.unit,
    cpu,
    benchtime,
    machine: machineText(env),
    build: build.text,
    otherBuilds: otherBuilds(
      atConfig.map((r) => ({ build: r.build, runId: r.runId })),
      build,
    ),
    order,
    alpha: q.alpha,
    thresholdPct: q.thresholdPct,
    columns: cols.map((c) => ({
      sha: c.sha,
      subject: subjects.get(c.sha) ?? '',
      runIds: [...c.runs].sort((a, b) => a - b),
      n: c.values.length,
      date: c.first,
    })),
    excludedRuns: [...otherRuns].sort((a, b) => a - b),
    excludedDirty: dirty,
    changes,
    check: {
      newestSha: newest?.sha ?? null,
      regression,
      undecided,
      reason: !newest
        ? 'no committed column'
        : cols.length < 2
          ? 'one commit only: nothing to compare it with'
          : atNewest
            ? `${newest.sha.slice(0, 12)} starts a level ${atNewest.delta >= 0 ? '+' : ''}${atNewest.delta.toFixed(1)}% from the one before ` +
              `(p ${atNewest.p.toPrecision(2)})${confirmation}${regression ? ': a regression' : ''}`
            : `no step at the newest commit ${newest.sha.slice(0, 12)} ` + `(significant after correction and at least ${q.thresholdPct}%)`,
    },
  };
}
