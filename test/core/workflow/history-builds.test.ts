// A benchmark's history follows one build: a GOAMD64=v3 or GOGC=off column, or a `-tags purego`
// run of the same commit, is another program, not another point of the series (found on
// golang.org/x/crypto: `perflab history ChaCha20/4096` listed a purego run's v1 and v3 columns
// between the commits of a range run, and `--changes` would have pooled them with them).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Environment, RunSpec, Variant } from '../../../src/shared/models.js';
import { openDb } from '../../../src/core/store/open-db.js';
import { addRunRefs, createRun, updateRun } from '../../../src/core/store/runs.js';
import { insertResults } from '../../../src/core/store/results.js';
import { buildOf, seriesBuild } from '../../../src/core/workflow/build-config.js';
import { benchmarkHistory } from '../../../src/core/workflow/history.js';
import { historyChanges } from '../../../src/core/workflow/history-changes.js';
import { tempDir } from '../../helpers/fixture-repo.js';

const machine = {
  hostname: 'lab-1',
  cpuModel: 'AMD EPYC',
  cpuCount: 2,
  goos: 'linux',
  goarch: 'amd64',
  goVersion: 'go1.26.8',
  goEnv: {},
} as unknown as Environment;

type Column = { sha: string; variant?: Variant; ns: number[] };

function lab() {
  const { db } = openDb(join(tempDir(), 'perflab.db'));
  let day = 1;
  const run = (tags: string, columns: Column[]) => {
    const spec = { tags, env: {}, variants: columns.flatMap((c) => (c.variant ? [c.variant] : [])) } as unknown as RunSpec;
    const runId = createRun(db, { repoId: null, repoPath: '/r', kind: 'measured', label: '', status: 'running', spec });
    db.prepare('UPDATE runs SET created_at = ? WHERE id = ?').run(`2026-12-0${day++}T10:00:00.000Z`, runId);
    const refs = addRunRefs(
      db,
      runId,
      columns.map((c) => ({
        label: c.variant?.name ?? c.sha.slice(0, 12),
        name: c.sha,
        sha: c.sha,
        dirty: false,
        variant: c.variant ?? null,
      })),
    );
    insertResults(
      db,
      runId,
      columns.flatMap((c, i) =>
        c.ns.map((ns, k) => ({
          runRefId: refs[i].id,
          config: { goos: 'linux', pkg: 'golang.org/x/crypto/chacha20' },
          pkg: 'golang.org/x/crypto/chacha20',
          name: 'BenchmarkChaCha20/4096',
          cpu: 2,
          benchtime: '50ms',
          iterations: 1000,
          round: k + 1,
          metrics: [{ unit: 'sec/op', value: ns * 1e-9, rawUnit: 'ns/op', rawValue: ns }],
        })),
      ),
    );
    updateRun(db, runId, { status: 'completed', environment: machine });
    return runId;
  };
  return { db, run };
}

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const C = 'c'.repeat(40);
const six = (x: number) => [x, x * 1.01, x * 0.99, x * 1.02, x * 0.98, x];

describe('history follows one build', () => {
  it('names builds by their tags and variant settings, not the variant name', () => {
    expect(buildOf(JSON.stringify({ tags: '' }), null)).toEqual({ key: JSON.stringify(['', null]), text: 'default build', plain: true });
    const v3 = buildOf(JSON.stringify({ tags: 'purego' }), JSON.stringify({ name: 'v3', goamd64: 'v3' }));
    expect(v3.text).toBe('-tags purego, variant v3 (goamd64=v3)');
    expect(buildOf(null, JSON.stringify({ name: 'fast', goamd64: 'v3' })).key).toBe(
      buildOf(null, JSON.stringify({ name: 'v3', goamd64: 'v3' })).key,
    );
    // a variant that sets nothing is the default build
    expect(buildOf(null, JSON.stringify({ name: 'base' }))).toMatchObject({ text: 'default build', plain: true });
    // the plain build when there is one, else the most measured
    expect(seriesBuild([v3, v3, buildOf(null, null)]).plain).toBe(true);
    expect(seriesBuild([v3, buildOf('{"tags":"x"}', null), v3]).text).toBe(v3.text);
  });

  it('leaves other builds out of history and history --changes, and says which runs', async () => {
    const { db, run } = lab();
    run('', [{ sha: A, ns: six(8500) }]);
    const variants = run('', [
      { sha: B, variant: { name: 'v3', goamd64: 'v3' }, ns: six(5000) },
      { sha: B, variant: { name: 'nogc', env: { GOGC: 'off' } }, ns: six(20000) },
    ]);
    const purego = run('purego', [{ sha: C, ns: six(30000) }]);
    run('', [
      { sha: B, ns: six(8600) },
      { sha: C, ns: six(8550) },
    ]);
    const h = await benchmarkHistory(db, null, null, { repoId: null, name: 'ChaCha20/4096-2', unit: 'sec/op', order: 'date' });
    expect(h.build).toBe('default build');
    expect(h.points.map((p) => [p.runId, p.sha[0], Math.round(p.center * 1e9)])).toEqual([
      [1, 'a', 8500],
      [4, 'b', 8600],
      [4, 'c', 8550],
    ]);
    expect(h.otherBuilds).toEqual([
      { build: 'variant v3 (goamd64=v3)', runIds: [variants] },
      { build: 'variant nogc (env={"GOGC":"off"})', runIds: [variants] },
      { build: '-tags purego', runIds: [purego] },
    ]);

    // pooled per commit: only the default build's samples (six each), so no step from 5000 or 30000 ns
    const ch = await historyChanges(db, null, null, {
      repoId: null,
      name: 'ChaCha20/4096-2',
      unit: 'sec/op',
      thresholdPct: 5,
      alpha: 0.05,
    });
    expect(ch.build).toBe('default build');
    expect(ch.columns.map((c) => [c.sha[0], c.n, c.runIds])).toEqual([
      ['a', 6, [1]],
      ['b', 6, [4]],
      ['c', 6, [4]],
    ]);
    expect(ch.changes).toEqual([]);
    expect(ch.otherBuilds.map((o) => o.runIds)).toEqual([[variants], [variants], [purego]]);
  });
});
