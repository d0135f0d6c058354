// The optimize loop end to end (issue 18), real go, git and SQLite on the wordcount fixture:
// a slow base (a regexp per word), two uncommitted fixes verified one after the other (two
// steps, two snapshots, each patch shown), the first attempt re-measured from its stored
// snapshot, a fix whose test fails (verify and commit exit 1 naming the test) then repaired,
// `allocs/op<=0` as a target, --pkg building one package, and the improvements commit message
// line for line, committed with --git-commit on the user's branch.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { fixtureRepo, git, tempDir } from '../helpers/fixture-repo.js';

const FIELDS = `// Package words counts the words of a text, as a word processor's status bar does.
package words

import "strings"

// Count returns the number of words in text: runs of characters other than white space.
func Count(text string) int {
	return len(strings.Fields(text))
}
`;

const scan = (isSep: string) => `// Package words counts the words of a text, as a word processor's status bar does.
package words

import "unicode"

// Count returns the number of words in text: runs of characters other than white space.
func Count(text string) int {
	n := 0
	inWord := false
	for _, r := range text {
		if ${isSep} {
			inWord = false
		} else if !inWord {
			inWord = true
			n++
		}
	}
	return n
}
`;

/** An ASCII fast path that forgets the tab: TestCount catches it. */
const FAST_PATH_BUG = scan("r == ' ' || r == '\\n' || (r > 127 && unicode.IsSpace(r))");

interface Step {
  index: number;
  attempt: number | null;
  snapshot: string | null;
  runId: number;
  files: string[];
  tests: { state: string; failed: string[] } | null;
  notes: { text: string }[];
  targets: { name: string; unit: string; state: string; current: number | null; countNeeded?: number | null }[];
}

describe('investigate: the optimize loop as a record', () => {
  const repo = fixtureRepo('wordcount');
  const data = tempDir('perflab-data-');
  const lockDir = tempDir('perflab-lock-');
  const p = (...a: string[]) => cli(['--data-dir', data, ...a], { lockDir, cwd: repo.root });
  const source = join(repo.module, 'words', 'words.go');
  const status = async (): Promise<{ steps: Step[]; commitBlocked: string | null }> =>
    JSON.parse((await p('investigate', 'status', '1', '--json')).stdout);
  const center = (s: Step, unit: string) => s.targets.find((t) => t.unit === unit)?.current ?? NaN;
  let start = { code: -1, stdout: '', stderr: '' };

  const hookMarker = join(tempDir('perflab-hook-'), 'pre-commit-ran');

  beforeAll(async () => {
    git(repo.root, 'config', 'user.name', 'Ada Lovelace');
    git(repo.root, 'config', 'user.email', 'ada@example.com');
    // The user's own hook: --git-commit runs it as git commit would.
    writeFileSync(join(repo.root, '.git', 'hooks', 'pre-commit'), `#!/bin/sh\necho ran > '${hookMarker}'\n`, { mode: 0o755 });
    expect((await p('repo', 'add', repo.module, '--trust')).code).toBe(0);
    start = await p(
      'investigate',
      'start',
      '--repo',
      repo.module,
      '--title',
      'faster word count',
      '--bench',
      'Count',
      '--pkg',
      './words',
      '--target',
      'Count:sec/op:-50%',
      '--target',
      'allocs/op<=0',
      '--count',
      '5',
      '--benchtime',
      '1000x',
      '--profile',
      'none',
    );
  });
  afterAll(() => repo.cleanup());

  it('starts with a baseline of the --pkg package only', async () => {
    expect(start.code, start.stderr).toBe(0);
    expect(start.stdout).toMatch(/^step 0 baseline HEAD: run \d+ completed$/m);
    const db = new Database(join(data, 'perflab.db'), { readonly: true });
    const pkgs = db.prepare('SELECT DISTINCT pkg FROM builds').all() as { pkg: string }[];
    db.close();
    expect(pkgs.map((x) => x.pkg)).toEqual(['example.com/wordcount/words']);
  });

  it('verifies two uncommitted fixes as two attempts with their own snapshots and patches', async () => {
    writeFileSync(source, FIELDS);
    const v1 = await p('investigate', 'verify', '1');
    expect(v1.code, v1.stderr).toBe(0);
    expect(v1.stderr).toMatch(/attempt 1: verify run \d+ of WORKTREE \(snapshot [0-9a-f]{40}\)/);
    expect(v1.stderr).toMatch(/testing example\.com\/wordcount\/words at snapshot:[0-9a-f]{12}/);
    expect((await p('investigate', 'note', '1', '--text', 'hypothesis: the regexp engine dominates; strings.Fields avoids it')).code).toBe(
      0,
    );

    writeFileSync(source, scan('unicode.IsSpace(r)'));
    const v2 = await p('investigate', 'verify', '1');
    expect(v2.code, v2.stderr).toBe(0);

    const { steps } = await status();
    expect(steps.map((s) => s.attempt)).toEqual([null, 1, 2]);
    expect(steps[1].snapshot).toMatch(/^[0-9a-f]{40}$/);
    expect(steps[2].snapshot).toMatch(/^[0-9a-f]{40}$/);
    expect(steps[1].snapshot).not.toBe(steps[2].snapshot);
    expect(steps[1].tests?.state).toBe('passed');
    expect(steps[1].notes.map((n) => n.text)).toEqual(['hypothesis: the regexp engine dominates; strings.Fields avoids it']);
    expect(steps[1].files).toEqual(['M\twords/words.go']);

    const patch1 = await p('investigate', 'show-step', '1', '1', '--patch');
    const patch2 = await p('investigate', 'show-step', '1', '2', '--patch');
    expect(patch1.stdout).toMatch(/^diff --git a\/words\/words\.go b\/words\/words\.go$/m);
    expect(patch1.stdout).toContain('+\treturn len(strings.Fields(text))');
    expect(patch2.stdout).toContain('+\t\tif unicode.IsSpace(r) {');
    expect(patch2.stdout).not.toContain('strings.Fields');
    // Each patch applies to HEAD and gives that attempt back.
    const f = join(tempDir('perflab-patch-'), 'step1.patch');
    writeFileSync(f, patch1.stdout);
    git(repo.root, 'stash', 'push', '-q');
    git(repo.root, 'apply', f);
    expect(readFileSync(source, 'utf8')).toBe(FIELDS);
    git(repo.root, 'checkout', '-q', '--', '.');
    git(repo.root, 'stash', 'pop', '-q');

    // allocs/op<=0 (an exact unit, decided at 5 samples): unmet at attempt 1, met at attempt 2.
    const allocs = (s: Step) => s.targets.find((t) => t.unit === 'allocs/op')!;
    expect(allocs(steps[1]).state).toBe('unmet');
    expect(allocs(steps[1]).current).toBe(1);
    expect(allocs(steps[2]).state).toBe('met');
    expect(allocs(steps[2]).current).toBe(0);
  });

  it('re-measures the first stored attempt from its snapshot and reproduces its figures within noise', async () => {
    const before = (await status()).steps;
    const r = await p('investigate', 'verify', '1', '--ref', before[1].snapshot!.slice(0, 12));
    expect(r.code, r.stderr).toBe(0);
    const again = (await status()).steps[3];
    expect(again.snapshot).toBe(before[1].snapshot);
    expect(center(again, 'allocs/op')).toBe(center(before[1], 'allocs/op'));
    // Time is noisy on a shared 2-core machine: the re-measure must land on this attempt's
    // figure (within 3x, and much nearer to it than to the base, ~30x slower), not the base's.
    const ln = (a: number, b: number) => Math.abs(Math.log(a / b));
    const [t1, t2, tBase] = [
      center(before[1], 'sec/op'),
      center(again, 'sec/op'),
      before[0].targets.find((t) => t.unit === 'sec/op')!.current!,
    ];
    expect(ln(t2, t1)).toBeLessThan(Math.log(3));
    expect(ln(t2, t1)).toBeLessThan(ln(t2, tBase) / 2);
    // The working tree was not touched by the re-measure.
    expect(readFileSync(source, 'utf8')).toBe(scan('unicode.IsSpace(r)'));
  });

  it('a failing test blocks the commit by name; fixing it unblocks', async () => {
    writeFileSync(source, FAST_PATH_BUG);
    const bad = await p('investigate', 'verify', '1');
    expect(bad.code, bad.stderr).toBe(1);
    expect(bad.stderr).toMatch(/tests fail at attempt 4: example\.com\/wordcount\/words\.TestCount/);
    const refused = await p('investigate', 'commit', '1', '--style', 'improvements');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/commit refused: tests fail at step 4 \(attempt 4\): example\.com\/wordcount\/words\.TestCount/);
    expect(refused.stdout).toBe('');

    writeFileSync(source, scan('unicode.IsSpace(r)'));
    // --count: this step's rounds instead of the investigation's 5 (8 vs 8: one sample slowed by
    // a busy machine no longer reaches the end of the delta interval; at 5 vs 5 it can, and the
    // -50% target was once undecided under a concurrent load)
    const good = await p('investigate', 'verify', '1', '--count', '8');
    expect(good.code, good.stderr).toBe(0);
    const st = await status();
    const goodRun = JSON.parse((await p('show', String(st.steps[5].runId), '--format', 'json')).stdout) as {
      run: { spec: { count: number } };
    };
    expect(goodRun.run.spec.count).toBe(8);
    expect(st.steps[5].tests?.state).toBe('passed');
    expect(st.steps[5].snapshot).toBe(st.steps[2].snapshot);
    expect(st.commitBlocked).toBeNull();
  });

  it('writes the improvements message line for line and commits the measured snapshot', async () => {
    const dirty = readFileSync(source, 'utf8');
    writeFileSync(source, `${dirty}// a later edit\n`);
    const moved = await p('investigate', 'commit', '1', '--style', 'improvements', '--scope', 'word counting', '--git-commit');
    expect(moved.code).toBe(2);
    expect(moved.stderr).toMatch(/the working tree is no longer the measured snapshot/);
    writeFileSync(source, dirty);

    const head = git(repo.root, 'rev-parse', 'HEAD').trim();
    const r = await p(
      'investigate',
      'commit',
      '1',
      '--style',
      'improvements',
      '--scope',
      'word counting',
      '--trailer',
      'Co-Authored-By: A <a@b>',
      '--git-commit',
    );
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('perf: optimize word counting');
    expect(lines[1]).toBe('');
    expect(lines[2]).toBe('Improvements:');
    expect(lines[3]).toMatch(/^- Speed: \d+(\.\d+)?[µn]?s → \d+(\.\d+)?[µn]?s \((\d+(\.\d)?)% faster\)$/);
    // B/op of a 0-allocation loop at 300x can carry a few bytes of the testing package's own allocations.
    expect(lines[4]).toMatch(/^- Memory: \d+(\.\d+)?KiB → \d+(\.\d+)?B \((\d\d(\.\d)?|100)% reduction\)$/);
    expect(lines[5]).toMatch(/^- Allocations: \d+ → 0 \(100% reduction\)$/);
    expect(lines.slice(6)).toEqual(['', 'Co-Authored-By: A <a@b>', '']);
    // X = (before - after) / before.
    const m = /^- Speed: .* \((\d+(?:\.\d)?)% faster\)$/.exec(lines[3])!;
    expect(Number(m[1])).toBeGreaterThan(50);

    expect(r.stderr).toMatch(
      /will commit the snapshot of step 5 \(1 files\) if the working tree still is that snapshot:\n {2}M\twords\/words\.go\n/,
    );
    expect(git(repo.root, 'rev-parse', 'HEAD~1').trim()).toBe(head);
    expect(git(repo.root, 'log', '-1', '--format=%B').trimEnd()).toBe(r.stdout.trimEnd());
    expect(git(repo.root, 'status', '--porcelain')).toBe('');
    expect(readFileSync(hookMarker, 'utf8')).toBe('ran\n');
    expect(git(repo.root, 'log', '-1', '--format=%an <%ae>').trim()).toBe('Ada Lovelace <ada@example.com>');
  });

  it('signs off, leaves an empty scope out, exports targets as Markdown and reads them back, warns past --max-attempts', async () => {
    const signed = await p('investigate', 'commit', '1', '--scope', '', '--signoff');
    expect(signed.code, signed.stderr).toBe(0);
    expect(signed.stdout).toMatch(/^perf: faster word count\n/);
    expect(signed.stdout.trimEnd().split('\n').pop()).toBe('Signed-off-by: Ada Lovelace <ada@example.com>');

    const file = join(tempDir('perflab-targets-'), 'targets.md');
    expect((await p('investigate', 'targets', '1', '--export', file)).code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(
      '| benchmark | unit | target |\n| --- | --- | --- |\n| Count | sec/op | -50% |\n| . | allocs/op | <= 0 |\n',
    );
    const second = await p(
      'investigate',
      'start',
      '--repo',
      repo.module,
      '--title',
      'keep it allocation-free',
      '--bench',
      'Count',
      '--pkg',
      './words',
      '--targets',
      file,
      '--max-attempts',
      '1',
      '--count',
      '4',
      '--benchtime',
      '1000x',
      '--profile',
      'none',
      '--no-tests',
      '--json',
    );
    expect(second.code, second.stderr).toBe(0);
    const inv = JSON.parse(second.stdout) as { id: number; targets: unknown[]; tests: string; maxAttempts: number };
    expect(inv.targets).toEqual([
      { name: 'Count', unit: 'sec/op', improvePct: 50 },
      { name: '.', unit: 'allocs/op', max: 0 },
    ]);
    expect(inv).toMatchObject({ tests: 'off', maxAttempts: 1 });
    const v = await p('investigate', 'verify', String(inv.id));
    expect(v.code, v.stderr).toBe(0);
    expect(v.stderr).toMatch(/^warning: attempt 1 of at most 1: step back and re-analyze/m);
    expect(v.stdout).toMatch(/^ {2}met +\S*Count\S* allocs\/op: 0(\.0+)?; target <= 0 allocs\/op/m);
    // the sec/op target's line says its verdict is the change against the base
    expect(v.stdout).toMatch(/^ {2}(met|unmet|undecided) +\S*Count\S* sec\/op: .*; target 50\.0% better than base; .*; vs base: /m);
    // A clean working tree is a snapshot too: HEAD's tree, no files changed.
    const st = JSON.parse((await p('investigate', 'status', String(inv.id), '--json')).stdout) as { steps: Step[] };
    expect(st.steps[1].snapshot).toBe(git(repo.root, 'rev-parse', 'HEAD^{tree}').trim());
    expect(st.steps[1].files).toEqual([]);
    expect(st.steps[1].tests).toBeNull();

    // Any run's WORKTREE column carries its snapshot as its identity.
    writeFileSync(join(repo.module, 'words', 'doc.go'), '// Counting words.\npackage words\n');
    const run = await p(
      'run',
      '--repo',
      repo.module,
      '--pkg',
      './words',
      '--bench',
      'Count',
      '--ref',
      'WORKTREE',
      '--count',
      '1',
      '--benchtime',
      '10x',
    );
    expect(run.code, run.stderr).toBe(0);
    const shown = JSON.parse((await p('show', run.stdout.trim(), '--format', 'json')).stdout) as {
      run: { refs: { name: string; dirty: boolean; snapshot?: string }[] };
    };
    const tree = git(repo.root, 'rev-parse', 'HEAD^{tree}').trim();
    expect(shown.run.refs[0]).toMatchObject({ name: 'WORKTREE', dirty: true });
    expect(shown.run.refs[0].snapshot).toMatch(/^[0-9a-f]{40}$/);
    expect(shown.run.refs[0].snapshot).not.toBe(tree);
    expect(git(repo.root, 'status', '--porcelain')).toBe('?? words/doc.go\n');
  });
});
