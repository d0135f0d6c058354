import Database from 'better-sqlite3';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LabFailure } from '../../../src/shared/errors.js';
import { openDb } from '../../../src/core/store/open-db.js';
import { SCHEMA_VERSION } from '../../../src/core/store/migrations.js';
import { upsertRepo, getRepoByPath, setTrusted } from '../../../src/core/store/repos.js';
import { addFailure, addRunRefs, createRun, getRunDetail, listRuns, unfinishedRuns, updateRun } from '../../../src/core/store/runs.js';
import { insertResults, readStoredResults, type NewResult } from '../../../src/core/store/results.js';
import { tempDir } from '../../helpers/fixture-repo.js';

function newStore() {
  const dir = tempDir();
  return { dir, opened: openDb(join(dir, 'perflab.db')) };
}

describe('store', () => {
  it('creates the schema with WAL, foreign keys and the current user_version', () => {
    const { opened } = newStore();
    const { db } = opened;
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(Number(db.pragma('busy_timeout', { simple: true }))).toBeGreaterThanOrEqual(5000);
    db.close();
  });

  it('stores repositories and never lowers trust on re-add', () => {
    const {
      opened: { db },
    } = newStore();
    const base = { path: '/x/repo', name: 'repo', modulePath: 'example.com/repo', gitRoot: '/x/repo', moduleSubdir: '', identity: 'abc' };
    upsertRepo(db, { ...base, trusted: true });
    upsertRepo(db, { ...base, trusted: false });
    expect(getRepoByPath(db, '/x/repo')?.trusted).toBe(true);
    setTrusted(db, getRepoByPath(db, '/x/repo')!.id, false);
    expect(getRepoByPath(db, '/x/repo')?.trusted).toBe(false);
    db.close();
  });

  it('keeps every sample: results with metrics and config read back in order', () => {
    const {
      opened: { db },
    } = newStore();
    const runId = createRun(db, { repoId: null, repoPath: '/r', kind: 'measured', label: 'l', status: 'running', spec: null });
    const [ref] = addRunRefs(db, runId, [{ label: 'main', name: 'main', sha: 'a'.repeat(40), dirty: false, variant: null }]);
    const rows: NewResult[] = [1, 2, 3].map((round) => ({
      runRefId: ref.id,
      config: { goos: 'linux', pkg: 'p' },
      pkg: 'p',
      name: 'BenchmarkX/size=1',
      cpu: 2,
      benchtime: '1s',
      iterations: 100 * round,
      round,
      metrics: [
        { unit: 'sec/op', value: round * 1e-9, rawUnit: 'ns/op', rawValue: round },
        { unit: 'B/op', value: 16, rawUnit: 'B/op', rawValue: 16 },
      ],
    }));
    expect(insertResults(db, runId, rows)).toBe(3);
    const back = readStoredResults(db, runId);
    expect(back.map((r) => r.round)).toEqual([1, 2, 3]);
    expect(back[1].metrics).toEqual([
      { unit: 'sec/op', value: 2e-9, rawUnit: 'ns/op', rawValue: 2 },
      { unit: 'B/op', value: 16, rawUnit: 'B/op', rawValue: 16 },
    ]);
    expect(back[2].config).toEqual([
      ['goos', 'linux'],
      ['pkg', 'p'],
    ]);
    addFailure(db, runId, ref.id, { pkg: 'p', name: 'BenchmarkY', benchtime: '1s', round: 1, kind: 'panic', message: 'boom' });
    addFailure(db, runId, ref.id, { pkg: 'p', name: 'BenchmarkZ', benchtime: '1s', round: 1, kind: 'skip', message: '' });
    updateRun(db, runId, { status: 'completed' });
    const d = getRunDetail(db, runId)!;
    expect(d.resultCount).toBe(3);
    expect(d.failedCells).toBe(1);
    expect(d.failures.map((f) => f.refLabel)).toEqual(['main', 'main']);
    expect(listRuns(db, { limit: 10 })[0].id).toBe(runId);
    expect(unfinishedRuns(db)).toEqual([]);
    db.close();
  });

  it('deleting a run removes its rows (foreign keys cascade)', () => {
    const {
      opened: { db },
    } = newStore();
    const runId = createRun(db, { repoId: null, repoPath: '', kind: 'imported', label: '', status: 'completed', spec: null });
    const [ref] = addRunRefs(db, runId, [{ label: 'a', name: 'a', sha: '', dirty: false, variant: null }]);
    insertResults(db, runId, [
      {
        runRefId: ref.id,
        config: {},
        pkg: '',
        name: 'BenchmarkA',
        cpu: 1,
        benchtime: '',
        iterations: 1,
        round: 1,
        metrics: [{ unit: 'sec/op', value: 1, rawUnit: 'sec/op', rawValue: 1 }],
      },
    ]);
    db.prepare('DELETE FROM runs WHERE id = ?').run(runId);
    expect((db.prepare('SELECT COUNT(*) AS n FROM results').get() as { n: number }).n).toBe(0);
    expect((db.prepare('SELECT COUNT(*) AS n FROM run_refs').get() as { n: number }).n).toBe(0);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.close();
  });

  it('opens a database written by a newer Perflab read-only and refuses writes with a clear message', () => {
    const { dir, opened } = newStore();
    opened.db.pragma(`user_version = ${SCHEMA_VERSION + 5}`);
    opened.db.close();
    const again = openDb(join(dir, 'perflab.db'));
    expect(again.readOnlyReason).toBeInstanceOf(LabFailure);
    expect(again.readOnlyReason?.error.code).toBe('DatabaseTooNew');
    expect(again.readOnlyReason?.message).toMatch(/newer Perflab.*read-only/);
    expect(() =>
      again.db
        .prepare(
          "INSERT INTO repos (path, name, module_path, git_root, module_subdir, identity, added_at) VALUES ('a','a','a','a','','','')",
        )
        .run(),
    ).toThrow(/readonly/i);
    expect(again.db.prepare('SELECT COUNT(*) AS n FROM repos').get()).toEqual({ n: 0 });
    again.db.close();
  });

  it('refuses a file that is not a database and leaves it untouched', () => {
    const dir = tempDir();
    const path = join(dir, 'perflab.db');
    const junk = Buffer.from('this is not an sqlite database, it is a file with text in it'.repeat(100));
    writeFileSync(path, junk);
    let err: unknown;
    try {
      openDb(path);
    } catch (e) {
      err = e;
    }
    expect((err as LabFailure).error.code).toBe('DatabaseCorrupt');
    expect(readFileSync(path).equals(junk)).toBe(true);
  });

  it('applies the schema to an existing unversioned file without needing a backup', () => {
    const dir = tempDir();
    const path = join(dir, 'perflab.db');
    const d = new Database(path);
    d.exec('CREATE TABLE leftover (x)');
    d.pragma('user_version = 0');
    d.close();
    // user_version 0 with content: treated as fresh (no backup needed), schema applied.
    const o = openDb(path);
    expect(o.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    o.db.close();
    expect(existsSync(join(dir, 'perflab.db.v0.backup'))).toBe(false);
  });
  it('counts a run results again when another handle adds some (counts are kept per run state)', () => {
    const { dir, opened } = newStore();
    const { db } = opened;
    const runId = createRun(db, { repoId: null, repoPath: '/r', kind: 'measured', label: 'l', status: 'running', spec: null });
    const other = createRun(db, { repoId: null, repoPath: '/r', kind: 'measured', label: 'm', status: 'running', spec: null });
    const [ref] = addRunRefs(db, runId, [{ label: 'main', name: 'main', sha: 'a'.repeat(40), dirty: false, variant: null }]);
    const [ref2] = addRunRefs(db, other, [{ label: 'main', name: 'main', sha: 'a'.repeat(40), dirty: false, variant: null }]);
    const rows = (refId: number, n: number): NewResult[] =>
      Array.from({ length: n }, (_, i) => ({
        runRefId: refId,
        config: { pkg: 'p' },
        pkg: 'p',
        name: `BenchmarkParse/n=${i % 3}`,
        cpu: 2,
        benchtime: '1s',
        iterations: 1000,
        round: i,
        metrics: [{ unit: 'sec/op', value: 1e-6, rawUnit: 'ns/op', rawValue: 1000 }],
      }));
    const counts = () => Object.fromEntries(listRuns(db, { limit: 10 }).map((r) => [r.id, r.resultCount]));
    expect(counts()).toEqual({ [runId]: 0, [other]: 0 });
    insertResults(db, runId, rows(ref.id, 3));
    insertResults(db, other, rows(ref2.id, 4));
    expect(counts()).toEqual({ [runId]: 3, [other]: 4 });
    // Another process (the CLI while the server is open) adds results: both handles see them.
    const second = openDb(join(dir, 'perflab.db')).db;
    insertResults(second, runId, rows(ref.id, 5));
    expect(counts()).toEqual({ [runId]: 8, [other]: 4 });
    expect(Object.fromEntries(listRuns(second, { limit: 10 }).map((r) => [r.id, r.resultCount]))).toEqual({ [runId]: 8, [other]: 4 });
    // The other run's last results deleted with it: the first run's next ids still come after its own.
    second.prepare('DELETE FROM runs WHERE id = ?').run(other);
    insertResults(db, runId, rows(ref.id, 2));
    expect(counts()).toEqual({ [runId]: 10 });
    expect(getRunDetail(db, runId)?.resultCount).toBe(10);
    second.close();
    db.close();
  });
});
