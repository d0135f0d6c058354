// Migration 3 on a real SQLite file: a run's own alpha, and named baselines that move when set
// again and go away with their run.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDb } from '../../../src/core/store/open-db.js';
import { getBaseline, listBaselines, setBaseline } from '../../../src/core/store/baselines.js';
import { addRunRefs, createRun, deleteRun, getRunSummary, updateRun } from '../../../src/core/store/runs.js';
import { tempDir } from '../../helpers/fixture-repo.js';

describe('baselines and run alpha', () => {
  it('stores the adaptive alpha with the run and rejects an impossible one', () => {
    const { db } = openDb(join(tempDir(), 'perflab.db'));
    const id = createRun(db, { repoId: null, repoPath: '/r', kind: 'measured', label: '', status: 'running', spec: null });
    expect(getRunSummary(db, id)?.alpha).toBeNull();
    updateRun(db, id, { alpha: 0.05 / 3 });
    expect(getRunSummary(db, id)?.alpha).toBeCloseTo(0.05 / 3, 12);
    expect(() => updateRun(db, id, { alpha: 1.5 })).toThrow(/CHECK constraint/);
    db.close();
  });

  it('sets, moves, lists and drops baselines with their run', () => {
    const { db } = openDb(join(tempDir(), 'perflab.db'));
    const run = () => {
      const id = createRun(db, { repoId: null, repoPath: '/r', kind: 'measured', label: '', status: 'completed', spec: null });
      const refs = addRunRefs(db, id, [{ label: 'main', name: 'main', sha: 'a'.repeat(40), dirty: false, variant: null }]);
      return { id, ref: refs[0].id };
    };
    const a = run();
    const b = run();
    setBaseline(db, 'release', a.id, a.ref);
    expect(getBaseline(db, 'release')).toMatchObject({ runId: a.id, runRefId: a.ref });
    setBaseline(db, 'release', b.id, b.ref);
    setBaseline(db, 'nightly', a.id, a.ref);
    expect(listBaselines(db).map((x) => [x.name, x.runId])).toEqual([
      ['nightly', a.id],
      ['release', b.id],
    ]);
    deleteRun(db, a.id);
    expect(listBaselines(db).map((x) => x.name)).toEqual(['release']);
    expect(getBaseline(db, 'nightly')).toBeNull();
    db.close();
  });
});
