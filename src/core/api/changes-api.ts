// Which commit: the commits of a range (`run --range A..B [--every N]`: A and every Nth
// first-parent commit up to B, B always included, oldest first) and the change points of a
// run's series over its columns in order (src/core/workflow/change-points.ts), each named by
// its commit and subject.
import { fail } from '../../shared/errors.js';
import type { ChangeRow } from '../../shared/workflow-types.js';
import { commitSubjects, firstParentRange, resolveRef } from '../git/index.js';
import { getRunDetail } from '../store/runs.js';
import { getUnitMeta, readStoredResults } from '../store/results.js';
import { getRepoById } from '../store/repos.js';
import { betterDirection } from '../compare/prepare.js';
import { printedName } from '../export/run-benchfmt.js';
import { RE2JS } from 're2js';
import { findChangePoints, type SeriesColumn } from '../workflow/change-points.js';
import type { Method } from './impl-types.js';

export const CHANGE_POINT_METHOD =
  'binary segmentation, two-sided Mann-Whitney U test between pooled segments, Bonferroni over the k-1 splits and the series examined, ' +
  'Hodges-Lehmann shift';

export const rangeCommits: Method<'rangeCommits'> = async (ctx, { repo, range, every, limit }) => {
  const r = ctx.resolveRepo(repo);
  const m = /^(.+?)\.\.(?!\.)(.+)$/.exec(range);
  if (!m) fail('InvalidInput', { field: 'range', value: range }, 'a range is A..B (two refs)');
  const git = await ctx.gitTool();
  const from = await resolveRef(git, r.gitRoot, m[1]);
  const to = await resolveRef(git, r.gitRoot, m[2]);
  const all = await firstParentRange(git, r.gitRoot, from, to);
  if (all.length === 0) fail('InvalidInput', { field: 'range', value: range }, `${m[2]} has no first-parent commits after ${m[1]}`);
  const start = (await commitSubjects(git, r.gitRoot, [from])).get(from) ?? '';
  const picked = all.filter((_, i) => (i + 1) % every === 0 || i === all.length - 1);
  const commits = [{ sha: from, subject: start }, ...picked];
  if (commits.length > limit) {
    fail(
      'InvalidInput',
      { field: 'range', value: range },
      `${all.length + 1} commits; a run takes at most ${limit}: pass --every ${Math.ceil(all.length / (limit - 1))}`,
    );
  }
  return { commits, skipped: all.length - picked.length };
};

export const changes: Method<'changes'> = async (ctx, { run, bench, unit, thresholdPct, alpha }) => {
  const id = ctx.resolveRunId(run);
  const d = getRunDetail(ctx.store.db, id);
  if (!d) fail('RunNotFound', { run: String(run) });
  if (d.refs.length < 2)
    fail(
      'InvalidInput',
      { field: 'run', value: String(id) },
      `run ${id} has one column; change points need a series (perflab run --range A..B)`,
    );
  const level = alpha ?? d.alpha ?? 0.05;
  let re: RE2JS | null = null;
  if (bench !== undefined) {
    try {
      re = RE2JS.compile(bench);
    } catch (err) {
      fail('InvalidRegex', { regex: bench, reason: (err as Error).message });
    }
  }
  const refs = [...d.refs].sort((a, b) => a.position - b.position);
  const col = new Map(refs.map((r, i) => [r.id, i]));
  const series = new Map<string, { bench: string; unit: string; samples: number[][] }>();
  for (const r of readStoredResults(ctx.store.db, id)) {
    const name = printedName(r.name, r.cpu);
    if (re && !re.matcher(name).find()) continue;
    for (const m of r.metrics) {
      if (unit !== undefined && m.unit !== unit) continue;
      const key = `${r.pkg}\u0000${name}\u0000${m.unit}`;
      let s = series.get(key);
      if (!s) series.set(key, (s = { bench: name, unit: m.unit, samples: refs.map(() => []) }));
      s.samples[col.get(r.refId)!].push(m.value);
    }
  }
  const meta = { values: new Map(getUnitMeta(ctx.store.db, id).map((m) => [`${m.unit}\u0000${m.key}`, m.value])) };
  const repo = d.repoId !== null ? getRepoById(ctx.store.db, d.repoId) : null;
  const rows: Omit<ChangeRow, 'subject'>[] = [];
  // Every series examined is one more chance of a false step: Bonferroni over them too, so
  // the chance of any false step in the whole report stays at most alpha.
  const family = Math.max(1, series.size);
  for (const s of series.values()) {
    const cols: SeriesColumn[] = refs
      .map((r, i) => ({ sha: r.sha, label: r.label, samples: s.samples[i] }))
      .filter((c) => c.samples.length > 0);
    const better = betterDirection(meta, s.unit);
    for (const cp of findChangePoints(cols, { alpha: level / family, thresholdPct, confidence: 0.95 })) {
      rows.push({
        bench: s.bench,
        unit: s.unit,
        sha: cp.sha,
        label: cp.label,
        delta: cp.deltaPct,
        lo: cp.loPct,
        hi: cp.hiPct,
        p: Math.min(1, cp.p * family),
        regression: better === 0 ? null : cp.deltaPct > 0 === better < 0,
      });
    }
  }
  let subjects = new Map<string, string>();
  const shas = rows.map((c) => c.sha).filter((s) => /^[0-9a-f]{40}$/.test(s));
  if (repo && shas.length) {
    try {
      subjects = await commitSubjects(await ctx.gitTool(), repo.gitRoot, shas);
    } catch {
      /* the repository may be gone: subjects stay empty */
    }
  }
  return {
    runId: id,
    alpha: level,
    thresholdPct,
    method: CHANGE_POINT_METHOD,
    series: series.size,
    columns: refs.map((r) => ({ label: r.label, sha: r.sha })),
    changes: rows.map((c) => ({ ...c, subject: subjects.get(c.sha) ?? '' })),
  };
};
