// The results store since schema 8 (result keys stored once, results inserted 50 rows per
// statement): batches of any size read back in measured order, foreign keys still refuse a
// result of an unknown run or column, and a schema-7 database with results migrates intact.
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDb } from '../../../src/core/store/open-db.js';
import { MIGRATIONS, SCHEMA_VERSION } from '../../../src/core/store/migrations.js';
import { addRunRefs, createRun, getRunDetail } from '../../../src/core/store/runs.js';
import { insertResults, readStoredResults, ResultKeyCache, type NewResult, type StoredResult } from '../../../src/core/store/results.js';
import { benchmarkHistory } from '../../../src/core/workflow/history.js';
import { tempDir } from '../../helpers/fixture-repo.js';

function newRun() {
  const { db } = openDb(join(tempDir(), 'perflab.db'));
  const runId = createRun(db, { repoId: null, repoPath: '/r', kind: 'measured', label: '', status: 'running', spec: null });
  const refs = addRunRefs(db, runId, [
    { label: 'base', name: 'main', sha: 'a'.repeat(40), dirty: false, variant: null },
    { label: 'head', name: 'HEAD', sha: 'b'.repeat(40), dirty: false, variant: null },
  ]);
  return { db, runId, refs };
}

function result(refId: number, i: number, o: Partial<NewResult> = {}): NewResult {
  return {
    runRefId: refId,
    config: { goos: 'linux', pkg: `example.com/p${i % 3}` },
    pkg: `example.com/p${i % 3}`,
    name: `BenchmarkParse/size=${i % 4}`,
    cpu: 1 + (i % 2),
    benchtime: '100ms',
    iterations: 1000 + i,
    round: 1 + (i % 5),
    metrics: [
      { unit: 'sec/op', value: (i + 0.5) * 1e-9, rawUnit: 'ns/op', rawValue: i + 0.5 },
      { unit: 'B/op', value: i % 7, rawUnit: 'B/op', rawValue: i % 7 },
    ],
    ...o,
  };
}

/** What readStoredResults should give for a NewResult (config as entries). */
function expected(r: NewResult): Omit<StoredResult, 'id'> {
  return {
    refId: r.runRefId,
    config: Object.entries(r.config),
    pkg: r.pkg,
    name: r.name,
    cpu: r.cpu,
    benchtime: r.benchtime,
    iterations: r.iterations,
    round: r.round,
    metrics: r.metrics,
  };
}

const count = (db: Database.Database, table: string) => (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('results store', () => {
  it('reads back batches of any size (full statements, a remainder, one row) in measured order, each key stored once', () => {
    const { db, runId, refs } = newRun();
    const batches = [
      Array.from({ length: 123 }, (_, i) => result(refs[i % 2].id, i)),
      Array.from({ length: 50 }, (_, i) => result(refs[1].id, i + 7)),
      [result(refs[0].id, 3, { benchtime: '1s' })],
    ];
    for (const b of batches) expect(insertResults(db, runId, b)).toBe(b.length);
    const back = readStoredResults(db, runId);
    const all = batches.flat();
    expect(back.map(({ id: _, ...r }) => r)).toEqual(all.map(expected));
    expect(back.map((r) => r.id)).toEqual([...back.map((r) => r.id)].sort((a, b) => a - b));
    const distinct = new Set(all.map((r) => JSON.stringify([r.runRefId, r.pkg, r.name, r.cpu, r.benchtime])));
    expect(count(db, 'result_keys')).toBe(distinct.size);
    expect(getRunDetail(db, runId)!.resultCount).toBe(all.length);
    db.close();
  });

  it('stores the same rows and keys with one key cache across batches (an import), and refuses a cache of another run', () => {
    const stored = (cached: boolean) => {
      const { db, runId, refs } = newRun();
      const keys = new ResultKeyCache(runId);
      // A config object shared by many results (as an import plans them), and equal ones apart.
      const shared = { goos: 'linux', pkg: 'example.com/p0' };
      for (let b = 0; b < 4; b++) {
        const batch = Array.from({ length: 60 }, (_, i) => result(refs[(b + i) % 2].id, b * 60 + i, i % 3 === 0 ? { config: shared } : {}));
        if (cached) insertResults(db, runId, batch, keys);
        else insertResults(db, runId, batch);
      }
      const out = {
        results: readStoredResults(db, runId),
        keys: db.prepare('SELECT * FROM result_keys ORDER BY id').all(),
        configs: db.prepare('SELECT * FROM configs ORDER BY id').all(),
      };
      if (cached) expect(() => insertResults(db, runId + 1, [result(refs[0].id, 1)], keys)).toThrow(/key cache of run/);
      db.close();
      return out;
    };
    const plain = stored(false);
    expect(stored(true)).toEqual(plain);
    expect(plain.configs.length).toBe(3);
  });

  it('keeps foreign keys on: a result of an unknown run or column is refused and its batch stores nothing', () => {
    const { db, runId, refs } = newRun();
    insertResults(db, runId, [result(refs[0].id, 0)]);
    const batch = Array.from({ length: 60 }, (_, i) => result(refs[0].id, i));
    expect(() => insertResults(db, runId + 1000, batch)).toThrow(/FOREIGN KEY constraint failed/);
    expect(() => insertResults(db, runId, [...batch, result(refs[1].id + 1000, 1)])).toThrow(/FOREIGN KEY constraint failed/);
    // The results table's own keys: a row naming a run that does not exist, or a key that does not.
    const keyId = (db.prepare('SELECT key_id FROM results').get() as { key_id: number }).key_id;
    const raw = db.prepare('INSERT INTO results (run_id, key_id, iterations, round, metrics) VALUES (?, ?, 1, 1, ?)');
    expect(() => raw.run(runId + 1000, keyId, '[]')).toThrow(/FOREIGN KEY constraint failed/);
    expect(() => raw.run(runId, keyId + 1000, '[]')).toThrow(/FOREIGN KEY constraint failed/);
    expect(count(db, 'results')).toBe(1);
    expect(readStoredResults(db, runId)).toHaveLength(1);
    // A row another writer made with a key of another run still reads back with that key.
    const other = createRun(db, { repoId: null, repoPath: '/r', kind: 'imported', label: '', status: 'completed', spec: null });
    raw.run(other, keyId, '[]');
    expect(readStoredResults(db, other).map((r) => [r.refId, r.name, r.metrics])).toEqual([[refs[0].id, 'BenchmarkParse/size=0', []]]);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.close();
  });

  it('migrates a schema-7 database with results: same rows and ids, history by name, cascade delete', async () => {
    const dir = tempDir();
    const path = join(dir, 'perflab.db');
    const old = new Database(path);
    old.pragma('foreign_keys = ON');
    for (const m of MIGRATIONS.slice(0, 7)) old.exec(m);
    old.pragma('user_version = 7');
    old.exec(`
      INSERT INTO runs (id, repo_path, kind, status, created_at) VALUES (1, '/r', 'measured', 'completed', '2026-12-01T00:00:00Z'),
        (2, '/r', 'imported', 'completed', '2026-12-02T00:00:00Z');
      INSERT INTO run_refs (id, run_id, position, label, name, sha) VALUES (1, 1, 0, 'base', 'main', '${'a'.repeat(40)}'),
        (2, 1, 1, 'head', 'HEAD', '${'b'.repeat(40)}'), (3, 2, 0, 'file', 'file', '');
      INSERT INTO configs (id, run_id, json) VALUES (1, 1, '[["goos","linux"]]');
    `);
    const ins = old.prepare(
      'INSERT INTO results (id, run_id, run_ref_id, config_id, pkg, name, cpu, benchtime, iterations, round, metrics) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    // Interleaved rounds and refs, a NULL config, two -cpu values of one name, a gap in the ids.
    const rows: [number, number, number, number | null, string, string, number, string, number, number, string][] = [];
    let id = 10;
    for (let round = 1; round <= 3; round++)
      for (const ref of [1, 2])
        for (const cpu of [1, 4]) {
          rows.push([
            id,
            1,
            ref,
            1,
            'p',
            'BenchmarkA',
            cpu,
            '1s',
            100 * round,
            round,
            `[["sec/op",${ref * round}e-9,"ns/op",${ref * round}]]`,
          ]);
          id += 2;
        }
    rows.push([id, 2, 3, null, '', 'BenchmarkA', 1, '', 7, 1, '[["sec/op",5e-9,"ns/op",5]]']);
    for (const r of rows) ins.run(...r);
    old.close();

    const o = openDb(path);
    expect(o.readOnlyReason).toBeNull();
    expect(o.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(existsSync(join(dir, 'perflab.db.v7.backup'))).toBe(true);
    expect(o.db.pragma('foreign_key_check')).toEqual([]);
    const back = readStoredResults(o.db, 1);
    expect(back.map((r) => [r.id, r.refId, r.cpu, r.round, r.iterations, r.metrics[0].rawValue])).toEqual(
      rows.filter((r) => r[1] === 1).map((r) => [r[0], r[2], r[6], r[9], r[8], r[2] * r[9]]),
    );
    expect(back[0].config).toEqual([['goos', 'linux']]);
    expect(readStoredResults(o.db, 2).map((r) => [r.id, r.config, r.pkg, r.benchtime])).toEqual([[id, [], '', '']]);
    expect(count(o.db, 'result_keys')).toBe(5);
    const h = await benchmarkHistory(o.db, null, null, { repoId: null, name: 'BenchmarkA-4', unit: 'sec/op', order: 'date' });
    expect(h.points.map((p) => [p.runId, p.refLabel, p.n, p.center])).toEqual([
      [1, 'base', 3, 2e-9],
      [1, 'head', 3, 4e-9],
    ]);
    // New results go on after the migrated ones, and deleting a run removes its keys and results.
    insertResults(o.db, 2, [result(3, 1)]);
    expect(readStoredResults(o.db, 2).map((r) => r.id)).toEqual([id, id + 1]);
    o.db.prepare('DELETE FROM runs WHERE id = 1').run();
    expect(count(o.db, 'results')).toBe(2);
    expect(count(o.db, 'result_keys')).toBe(2);
    expect(o.db.pragma('foreign_key_check')).toEqual([]);
    o.db.close();
  });
});
