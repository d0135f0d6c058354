// A warm run of a commit reuses what its first run learnt of the tree: the package listing of
// a commit's worktree is kept beside the test binaries (bin/<sha prefix>/<key>.packages) and
// read instead of starting `go list` again; a damaged listing is listed afresh and replaced;
// the working tree (WORKTREE) is listed every time and never kept.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLab } from '../../src/core/lab.js';
import { fixtureRepo, git, tempDir } from '../helpers/fixture-repo.js';

function keptListings(binDir: string): string[] {
  return readdirSync(binDir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.packages'))
    .map((f) => join(binDir, f));
}

describe('package listings kept for a commit', () => {
  const repo = fixtureRepo('slowdown');
  const data = tempDir();
  const lab = createLab({ dataDir: data, lockDir: tempDir() });
  const bin = join(data, 'bin');
  afterAll(async () => {
    await lab.close();
    repo.cleanup();
  });
  const run = async (ref: string) => {
    const { runId } = await lab.api.startRun({ repo: repo.module, refs: [ref], bench: 'Steady', count: 1, benchtime: ['1x'] });
    await lab.waitForRun(runId);
    return lab.api.getRun({ run: runId });
  };

  it('keeps the listing of a commit, reads it on the next run, and lists again when it is damaged', async () => {
    await lab.api.addRepo({ path: repo.module, trust: true });
    const head = git(repo.root, 'rev-parse', 'HEAD').trim();
    const first = await run('HEAD');
    expect(first.status).toBe('completed');
    const kept = keptListings(bin);
    expect(kept.length).toBe(1);
    expect(kept[0]).toContain(join(bin, head.slice(0, 2)));
    const listing = JSON.parse(readFileSync(kept[0], 'utf8')) as { importPath: string; testFiles: string[] }[];
    expect(listing).toEqual([
      expect.objectContaining({ importPath: 'example.com/slowdown/work', testFiles: ['work_test.go'], error: null }),
    ]);

    // The next run reads the kept listing: one that says the package has no tests ends it with no benchmarks.
    writeFileSync(kept[0], JSON.stringify(listing.map((p) => ({ ...p, testFiles: [] }))));
    const second = await run('HEAD');
    expect(second.status).toBe('failed');
    expect(second.error?.code).toBe('NoBenchmarks');
    expect(second.notes).toContain('example.com/slowdown/work has no test files at HEAD: skipped');

    // A listing that is not one is ignored: go list runs again and its answer replaces the file.
    writeFileSync(kept[0], '{"not":"a listing"}');
    const third = await run('HEAD');
    expect(third.status).toBe('completed');
    expect(third.resultCount).toBe(1);
    expect(JSON.parse(readFileSync(kept[0], 'utf8'))).toEqual(listing);
  });

  it('never keeps the listing of the working tree', async () => {
    const before = keptListings(bin);
    const r = await run('WORKTREE');
    expect(r.status).toBe('completed');
    expect(keptListings(bin)).toEqual(before);
  });
});
