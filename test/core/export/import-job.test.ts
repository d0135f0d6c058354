// A large import planned and stored batch by batch (src/core/export/import-job.ts): whatever the
// batch size, the stored run is the one a small import stores (the API, planned at once) (columns that first appear
// in a later batch, config blocks that change, unit metadata, syntax errors); a text without
// results stores nothing; a batch that fails removes the run. Real SQLite files in temp dirs.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runImportJob } from '../../../src/core/export/import-job.js';
import { runToBenchfmt } from '../../../src/core/export/run-benchfmt.js';
import { openDb } from '../../../src/core/store/open-db.js';
import { getUnitMeta, readStoredResults } from '../../../src/core/store/results.js';
import { getRunDetail, getRunRefs, listRuns } from '../../../src/core/store/runs.js';
import { LabFailure } from '../../../src/shared/errors.js';
import { tempDir } from '../../helpers/fixture-repo.js';
import { importedLab } from '../../helpers/imported-lab.js';

/** Two refs of a router module, the second ref's block after many results of the first; a package change, a unit line, a bad line. */
function text(): string {
  const out = ['goos: linux', 'goarch: amd64', 'Unit ns/op assume=nothing'];
  for (const ref of ['main@1111111111111111111111111111111111111111', 'fast-path@2222222222222222222222222222222222222222']) {
    out.push(`ref: ${ref}`);
    for (const pkg of ['example.com/router', 'example.com/router/trie']) {
      out.push(`pkg: ${pkg}`);
      for (let round = 0; round < 4; round++)
        for (const route of ['static', 'param', 'wildcard'])
          out.push(
            `BenchmarkMatch/route=${route}-4 \t 500000\t ${(210 + round * 3 + route.length).toFixed(1)} ns/op\t 48 B/op\t 1 allocs/op`,
          );
    }
    out.push('BenchmarkBroken-4 10 ns/op');
  }
  return `${out.join('\n')}\n`;
}

/** The run as Go benchmark text, the way `perflab show --format benchfmt` prints it. */
function storedText(dbPath: string, runId: number): string {
  const { db } = openDb(dbPath);
  try {
    return runToBenchfmt(readStoredResults(db, runId), getRunRefs(db, runId), getUnitMeta(db, runId));
  } finally {
    db.close();
  }
}

describe('runImportJob', () => {
  // The same text imported the way a small one is (the API, in-process, planned at once).
  const lab = importedLab('perflab-import-whole-', () => [{ name: 'router.txt', text: text() }]);

  it('stores batch by batch what the whole plan stores, whatever the batch size', () => {
    const dir = tempDir('perflab-import-job-');
    const t = text();
    const want = storedText(lab.ctx.store.path, lab.runId);
    expect(want).toContain('ref: fast-path@');
    for (const chunk of [1, 7, 24, 5000]) {
      const dbPath = join(dir, `chunk-${chunk}.db`);
      const r = runImportJob({ dbPath, files: [{ name: 'router.txt', text: t }], label: 'router', chunk });
      expect(r.results).toBe(48);
      expect(r.syntaxErrors.map((e) => e.line)).toHaveLength(2);
      expect(storedText(dbPath, r.runId), `chunk ${chunk}`).toBe(want);
      const { db } = openDb(dbPath);
      const run = getRunDetail(db, r.runId)!;
      db.close();
      expect(run).toMatchObject({ status: 'completed', resultCount: 48, statusDetail: '48 results imported', label: 'router' });
      expect(run.refs.map((x) => x.label)).toEqual(['main', 'fast-path']);
    }
  });

  it('stores nothing for a text without results, and says where it looked', () => {
    const dbPath = join(tempDir('perflab-import-job-'), 'p.db');
    const e = (() => {
      try {
        runImportJob({ dbPath, files: [{ name: 'notes.txt', text: 'goos: linux\nBenchmarkBroken-4 10 ns/op\nPASS\n' }] });
      } catch (err) {
        return err;
      }
    })();
    expect(e instanceof LabFailure && e.error.code).toBe('ParseError');
    expect((e as LabFailure).message).toMatch(/no benchmark results found/);
    const { db } = openDb(dbPath);
    expect(listRuns(db, { limit: 10 })).toEqual([]);
    db.close();
  });

  it('removes the run when a batch fails after others were stored', () => {
    const dbPath = join(tempDir('perflab-import-job-'), 'p.db');
    // The disk fills up at the 21st result: the fifth batch of 5 fails.
    const setup = openDb(dbPath).db;
    setup.exec(
      "CREATE TRIGGER disk_full BEFORE INSERT ON results WHEN (SELECT COUNT(*) FROM results) >= 20 BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END;",
    );
    setup.close();
    let created = -1;
    expect(() => runImportJob({ dbPath, files: [{ name: 'router.txt', text: text() }], chunk: 5 }, (id) => (created = id))).toThrow(
      /database or disk is full/,
    );
    expect(created).toBeGreaterThan(0);
    const { db } = openDb(dbPath);
    const count = (table: string) => (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
    expect(listRuns(db, { limit: 10 })).toEqual([]);
    expect([count('results'), count('result_keys'), count('run_refs'), count('configs')]).toEqual([0, 0, 0, 0]);
    db.close();
  });
});
