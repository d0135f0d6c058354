// A ref is its commit, runs are never pooled silently, and `latest` is the newest run, as a
// user meets them through the CLI on a real repository: a ref typed as a 7-digit commit keeps
// its name and is found by every selector (profile top, export, gate); two runs of the same two
// commits compare as (run, ref) columns by default and as one column per commit with --by ref;
// an unknown projection key is refused; after a failed run, compare and gate latest exit 3.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Comparison } from '../../src/shared/compare-types.js';
import { createLab } from '../../src/core/lab.js';
import { cli } from '../helpers/cli.js';
import { commitAll, fixtureRepo, git, tempDir } from '../helpers/fixture-repo.js';

const COUNT = 3;

describe('ref identity and run pooling', () => {
  const repo = fixtureRepo('slowdown');
  const data = tempDir();
  const lockDir = tempDir();
  const p = (...a: string[]) => cli(['--data-dir', data, ...a], { lockDir });
  let base = '';
  let head = '';
  let run1 = 0;
  let run2 = 0;

  beforeAll(async () => {
    base = git(repo.root, 'rev-parse', 'HEAD').trim();
    git(repo.root, 'tag', 'before');
    const src = join(repo.module, 'work', 'work.go');
    writeFileSync(src, readFileSync(src, 'utf8').replace('const rounds = 1000', 'const rounds = 1300'));
    head = commitAll(repo.root, 'work: more rounds');
    expect((await p('repo', 'add', repo.module, '--trust')).code).toBe(0);
    const r1 = await p(
      'run',
      '--repo',
      repo.module,
      '--bench',
      'Slowed',
      '--ref',
      'before',
      '--ref',
      head.slice(0, 7),
      '--count',
      String(COUNT),
      '--benchtime',
      '200x',
      '--profile',
      'cpu',
      '--profile-benchtime',
      '300ms',
      '--json',
    );
    expect(r1.code, r1.stderr).toBe(0);
    run1 = JSON.parse(r1.stdout).id;
    // The same two commits, typed differently: the full base commit and the branch.
    const r2 = await p(
      'run',
      '--repo',
      repo.module,
      '--bench',
      'Slowed',
      '--ref',
      base,
      '--ref',
      'main',
      '--count',
      String(COUNT),
      '--benchtime',
      '200x',
      '--json',
    );
    expect(r2.code, r2.stderr).toBe(0);
    run2 = JSON.parse(r2.stdout).id;
  }, 240_000);

  afterAll(() => repo.cleanup());

  it('keeps a ref typed as a short commit under its typed name, with its full commit', async () => {
    const run = JSON.parse((await p('show', String(run1), '--format', 'json')).stdout).run as {
      refs: { label: string; name: string; sha: string }[];
    };
    expect(run.refs.map((r) => [r.label, r.sha])).toEqual([
      ['before', base],
      [head.slice(0, 7), head],
    ]);
    const text = (await p('show', String(run1), '--format', 'benchfmt')).stdout;
    expect(text).toContain(`ref: before@${base.slice(0, 12)}`);
    expect(text).toContain(`ref: ${head.slice(0, 7)}\n`);
  });

  it('finds the profile of a ref by its 7-digit commit, its name@sha12, or a 12-digit prefix', async () => {
    const list = JSON.parse((await p('profile', 'list', String(run1), '--json')).stdout) as {
      id: number;
      refLabel: string;
      kind: string;
    }[];
    const mine = list.find((x) => x.refLabel === head.slice(0, 7) && x.kind === 'cpu')!;
    const want = (await p('profile', 'top', `#${mine.id}`, '--json', '-n', '3')).stdout;
    expect(JSON.parse(want).rows.length).toBeGreaterThan(0);
    for (const sel of [head.slice(0, 7), head.slice(0, 12), head]) {
      const top = await p('profile', 'top', String(run1), '--ref', sel, '--bench', 'Slowed', '--json', '-n', '3');
      expect(top.code, `${sel}: ${top.stderr}`).toBe(0);
      expect(top.stdout, sel).toBe(want);
    }
    const byName = await p(
      'profile',
      'top',
      String(run1),
      '--ref',
      `before@${base.slice(0, 12)}`,
      '--bench',
      'Slowed',
      '--json',
      '-n',
      '3',
    );
    expect(byName.code, byName.stderr).toBe(0);
    const none = await p('profile', 'top', String(run1), '--ref', 'nope', '--bench', 'Slowed');
    expect(none.code).toBe(2);
    expect(none.stderr).toContain(`run ${run1} has no ref "nope" (its refs: before@${base.slice(0, 12)}, ${head.slice(0, 7)})`);
  });

  it('takes any selector of a commit for --base/--head of export commit and gate', async () => {
    const byName = await p('export', 'commit', String(run1), '--base', 'before', '--head', head.slice(0, 7));
    expect(byName.code, byName.stderr).toBe(0);
    const byPrefix = await p('export', 'commit', String(run1), '--base', base.slice(0, 9), '--head', head);
    expect(byPrefix.code, byPrefix.stderr).toBe(0);
    expect(byPrefix.stdout).toBe(byName.stdout);
    // The gate takes its columns through the same matcher (the API's base/head).
    const lab = createLab({ dataDir: data, lockDir });
    try {
      const report = await lab.api.gate({
        run: run1,
        base: base.slice(0, 7),
        head: `${head.slice(0, 7)}@${head.slice(0, 12)}`,
        maxRegression: 1000,
        strict: false,
      });
      expect(report.rows.length).toBeGreaterThan(0);
      expect(report.text).toContain(head.slice(0, 7));
      expect(report.text).toContain('before');
      await expect(lab.api.gate({ run: run1, base: base.slice(0, 7), head: 'nope', strict: false })).rejects.toMatchObject({
        error: { code: 'RefNotInRun', detail: { ref: 'nope', runId: run1 } },
      });
    } finally {
      await lab.close();
    }
  });

  it("compares two runs as (run, ref) columns by default: no cell pools a run's refs", async () => {
    const r = await p('compare', String(run1), String(run2), '--format', 'json');
    expect(r.code, r.stderr).toBe(0);
    const c = JSON.parse(r.stdout) as Comparison;
    expect(c.pooling).toBeUndefined();
    const secs = c.tables.find((t) => t.unit === 'sec/op')!;
    expect(secs.columns).toEqual([
      `run ${run1} before@${base.slice(0, 12)}`,
      `run ${run1} ${head.slice(0, 7)}`,
      `run ${run2} ${base.slice(0, 12)}`,
      `run ${run2} main@${head.slice(0, 12)}`,
    ]);
    for (const t of c.tables)
      for (const row of t.rows) for (const cell of row.cells) if (cell) expect(cell.n, `${t.unit} ${row.name}`).toBeLessThanOrEqual(COUNT);
    // By label (here each run's default label), a run's refs stay apart too.
    const byLabel = JSON.parse((await p('compare', String(run1), String(run2), '--by', 'label', '--format', 'json')).stdout) as Comparison;
    expect(byLabel.tables.find((t) => t.unit === 'sec/op')!.columns).toHaveLength(4);
    for (const t of byLabel.tables)
      for (const row of t.rows) for (const cell of row.cells) if (cell) expect(cell.n).toBeLessThanOrEqual(COUNT);
    const text = await p('compare', String(run1), String(run2));
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).not.toMatch(/columns by commit/);
  });

  it('puts one commit in one column with --by ref, pooling it across runs, and says so', async () => {
    const r = await p('compare', String(run1), String(run2), '--by', 'ref', '--format', 'json');
    expect(r.code, r.stderr).toBe(0);
    const c = JSON.parse(r.stdout) as Comparison;
    expect(c.pooling).toBe(`columns by commit: each column pools that commit's samples across runs ${run1}, ${run2}`);
    const secs = c.tables.find((t) => t.unit === 'sec/op')!;
    expect(secs.columns).toEqual([`before@${base.slice(0, 12)}`, head.slice(0, 7)]);
    for (const cell of secs.rows[0].cells) expect(cell?.n).toBe(2 * COUNT);
    const text = await p('compare', String(run1), String(run2), '--by', 'ref');
    expect(text.stdout.split('\n')[0]).toBe(c.pooling);
    // One run by ref: nothing is pooled, nothing is said.
    const one = await p('compare', String(run1), '--by', 'ref');
    expect(one.stdout).not.toContain('columns by commit');
  });

  it('refuses an unknown projection key with exit 2 naming it', async () => {
    const r = await p('compare', String(run1), String(run2), '--col', '.run');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('".run"');
    expect(r.stdout).toBe('');
    const by = await p('compare', String(run1), '--by', 'nonsense');
    expect(by.code).toBe(2);
    expect(by.stderr).toContain('"nonsense"');
    expect((await p('compare', String(run1), String(run2), '--col', '.file,ref')).code).toBe(0);
    // Nothing is never printed as a pass: a filter that leaves no row says so.
    const empty = await p('compare', String(run1), '--filter', '.name:Nope');
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('".name:Nope"');
    expect(empty.stdout).toBe('');
  });

  it('answers exit 3 naming the status for latest after a failed run, never an older run', async () => {
    // A branch that does not compile: the run is created, then fails at its build.
    git(repo.root, 'checkout', '-q', '-b', 'broken');
    const src = join(repo.module, 'work', 'work.go');
    writeFileSync(src, readFileSync(src, 'utf8').replace('return x\n}', 'return y\n}'));
    commitAll(repo.root, 'work: a typo');
    git(repo.root, 'checkout', '-q', 'main');
    const failed = await p('run', '--repo', repo.module, '--bench', 'Slowed', '--ref', 'broken', '--count', '1', '--json');
    expect(failed.code).not.toBe(0);
    const runs = JSON.parse((await p('runs', '--json')).stdout) as { id: number; status: string }[];
    const newest = runs.reduce((a, b) => (b.id > a.id ? b : a));
    expect(newest.id).toBeGreaterThan(run2);
    expect(newest.status).toBe('failed');
    for (const args of [
      ['compare', 'latest'],
      ['gate', 'latest'],
      ['export', 'commit', 'latest'],
      ['compare', 'latest', '--format', 'json'],
    ]) {
      const r = await p(...args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(3);
      expect(r.stderr).toMatch(new RegExp(`run ${newest.id} (ended|is) failed`));
      expect(r.stdout).toBe('');
    }
  });
});
