// Where the gate's budgets come from (src/core/workflow/budget-sources.ts): those set through
// the API plus perflab.json read at the BASE ref's commit (the module's own file first, then the
// repository root's), and only for a trusted repository. A real git repository in a temp dir and
// a real SQLite store.

import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findGit } from '../../../src/core/git/index.js';
import { openDb, type OpenedDb } from '../../../src/core/store/open-db.js';
import { setBudgets, upsertRepo } from '../../../src/core/store/repos.js';
import { budgetSourcesLine, readGateBudgets } from '../../../src/core/workflow/budget-sources.js';
import type { Repo, RunRef } from '../../../src/shared/models.js';
import { commitAll, git, tempDir } from '../../helpers/fixture-repo.js';

describe('gate budgets', () => {
  let root: string;
  let store: OpenedDb;
  let base: string;
  let head: string;
  const gitTool = () => findGit(process.env);
  const ref = (sha: string, label: string): RunRef => ({ id: 1, label, name: label, sha, dirty: false, variant: null, position: 0 });
  const repoRow = (o: { trusted: boolean; moduleSubdir?: string; path?: string }): Repo =>
    upsertRepo(store.db, {
      path: o.path ?? join(root, o.moduleSubdir ?? ''),
      name: 'kv',
      modulePath: 'example.com/kv',
      gitRoot: root,
      moduleSubdir: o.moduleSubdir ?? '',
      identity: 'x',
      trusted: o.trusted,
    });

  beforeAll(() => {
    root = tempDir('perflab-budgets-');
    store = openDb(join(root, '.perflab-test.db'));
    git(root, 'init', '-q', '-b', 'main');
    mkdirSync(join(root, 'kv'));
    writeFileSync(
      join(root, 'perflab.json'),
      JSON.stringify({ maxRegression: 7, budgets: [{ bench: '^Get', maxRegression: { 'sec/op': 3 } }] }),
    );
    writeFileSync(join(root, 'kv', 'perflab.json'), JSON.stringify({ budgets: [{ bench: '^Put', max: { 'sec/op': '50ms' } }] }));
    writeFileSync(join(root, '.gitignore'), '.perflab-test.db*\n');
    base = commitAll(root, 'budgets');
    // The head raises its own budget: read at the base commit, it does not count.
    writeFileSync(join(root, 'perflab.json'), JSON.stringify({ maxRegression: 90 }));
    writeFileSync(join(root, 'kv', 'perflab.json'), '{ not json');
    head = commitAll(root, 'raise the budget');
  });
  afterAll(() => {
    store.db.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('reads the root perflab.json at the base commit, not the head', async () => {
    const repo = repoRow({ trusted: true });
    const b = await readGateBudgets(store.db, repo, ref(base, 'main'), gitTool);
    expect(b.maxRegression).toBe(7);
    expect(b.budgets.map((x) => x.bench)).toEqual(['^Get']);
    expect(b.sources).toEqual([`perflab.json at main (${base.slice(0, 12)})`]);
    expect(budgetSourcesLine(b)).toBe(`budgets: perflab.json at main (${base.slice(0, 12)})\n`);
  });

  it("prefers the module's own perflab.json, and names the file of a bad one", async () => {
    const repo = repoRow({ trusted: true, moduleSubdir: 'kv' });
    const b = await readGateBudgets(store.db, repo, ref(base, 'main'), gitTool);
    expect(b.budgets.map((x) => x.bench)).toEqual(['^Put']);
    expect(b.maxRegression).toBeUndefined();
    await expect(readGateBudgets(store.db, repo, ref(head, 'feature'), gitTool)).rejects.toMatchObject({
      error: { code: 'ParseError', detail: { file: 'kv/perflab.json at feature' } },
    });
  });

  it("adds the budgets set through the API; an untrusted repository's file is never read", async () => {
    const repo = repoRow({ trusted: false, path: join(root, 'other') });
    setBudgets(store.db, repo.id, { maxRegression: 4, budgets: [{ bench: '^Scan', maxRegression: { 'B/op': 1 } }] });
    const b = await readGateBudgets(store.db, repo, ref(base, 'main'), gitTool);
    expect(b.maxRegression).toBe(4);
    expect(b.budgets.map((x) => x.bench)).toEqual(['^Scan']);
    expect(b.sources).toEqual(['budgets set through the API']);
    expect(await readGateBudgets(store.db, null, ref(base, 'main'), gitTool)).toEqual({ budgets: [], sources: [] });
    expect(budgetSourcesLine({ budgets: [], sources: [] })).toBe('');
  });
});
