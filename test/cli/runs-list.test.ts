// `perflab runs` without --repo lists every repository's runs: a REPO column then says whose
// each run is (found listing runs of x/crypto, x/net and go-sqlite3 from one data dir, which
// read alike); with one repository, or --repo, no column.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDb } from '../../src/core/store/open-db.js';
import { addRunRefs, createRun, updateRun } from '../../src/core/store/runs.js';
import { cli } from '../helpers/cli.js';
import { tempDir } from '../helpers/fixture-repo.js';

function seed(data: string, repoPaths: string[]): void {
  const { db } = openDb(join(data, 'perflab.db'));
  for (const repoPath of repoPaths) {
    const id = createRun(db, { repoId: null, repoPath, kind: 'measured', label: '', status: 'running', spec: null });
    addRunRefs(db, id, [{ label: 'HEAD', name: 'HEAD', sha: 'a'.repeat(40), dirty: false, variant: null }]);
    updateRun(db, id, { status: 'completed' });
  }
  db.close();
}

describe('runs', () => {
  it('names the repository of each run when the list spans several', async () => {
    const data = tempDir();
    seed(data, ['/src/crypto', '/src/net', '/src/crypto']);
    const r = await cli(['--data-dir', data, 'runs']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^ID\s+REPO\s+STATUS\s+RESULTS\s+REFS/);
    expect(lines.slice(1).map((l) => l.split(/\s+/).slice(0, 2))).toEqual([
      ['3', 'crypto'],
      ['2', 'net'],
      ['1', 'crypto'],
    ]);
  });

  it('full paths when two repositories share a directory name; no column for one repository', async () => {
    const data = tempDir();
    seed(data, ['/src/a/tools', '/src/b/tools']);
    const r = await cli(['--data-dir', data, 'runs']);
    expect(r.stdout).toMatch(/^2\s+\/src\/b\/tools\s+completed/m);
    const one = tempDir();
    seed(one, ['/src/crypto']);
    expect((await cli(['--data-dir', one, 'runs'])).stdout.split('\n')[0]).toMatch(/^ID\s+STATUS\s+RESULTS/);
  });
});
