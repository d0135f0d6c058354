// What a warm run of a commit does not do again: the package listing of a commit's worktree is
// kept beside the test binaries (bin/<sha prefix>/<key>.packages) and read instead of starting
// `go list` again; a damaged listing is listed afresh and replaced; the working tree (WORKTREE)
// is listed every time and never kept. And the git calls that check a run's refs are started
// by the run's launcher, not forked by the lab.
import { chmodSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findGit } from '../../src/core/git/index.js';
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

describe("a run's git calls", () => {
  it("are started by the run's launcher once the run starts (the checks before it are the lab's own)", async () => {
    const repo = fixtureRepo('slowdown');
    const dir = tempDir();
    const calls = join(dir, 'calls');
    const wrapper = join(dir, 'git');
    writeFileSync(wrapper, `#!/bin/sh\necho "$PPID $*" >> '${calls}'\nexec '${(await findGit(process.env)).bin}' "$@"\n`);
    chmodSync(wrapper, 0o755);
    const lab = createLab({ dataDir: tempDir(), lockDir: tempDir(), env: { ...process.env, PERFLAB_GIT: wrapper } });
    try {
      await lab.api.addRepo({ path: repo.module, trust: true });
      writeFileSync(calls, '');
      const { runId } = await lab.api.startRun({ repo: repo.module, refs: ['HEAD'], bench: 'Steady', count: 1, benchtime: ['1x'] });
      expect(await lab.waitForRun(runId)).toBe('completed');
      const lines = readFileSync(calls, 'utf8').trim().split('\n');
      const parentOf = (what: RegExp) => lines.filter((l) => what.test(l)).map((l) => Number(l.split(' ')[0]));
      // Before the run starts (its checks when asked for): forked by the lab itself.
      expect(parentOf(/ rev-parse --verify --quiet --end-of-options HEAD\^\{commit\}/)).toEqual([process.pid]);
      // Once it runs: the ref, the worktree's filter drivers, status and identity, all from one other process.
      const inRun = [
        ...parentOf(/ rev-parse --git-common-dir --verify/),
        ...parentOf(/ config -z --get-regexp/),
        ...parentOf(/ status --porcelain=v2/),
        ...parentOf(/ rev-parse --show-toplevel --git-common-dir/),
      ];
      expect(inRun.length).toBeGreaterThanOrEqual(4);
      expect(new Set(inRun).size).toBe(1);
      expect(inRun[0]).not.toBe(process.pid);
    } finally {
      await lab.close();
      repo.cleanup();
    }
  });
});
