// Honest verdicts end to end, with real go, git and SQLite on the checksum fixture: a 5x
// slowdown measured 3 times per side cannot be decided (the gate exits 4 naming the row and
// the --count that would decide it; the commit message says so instead of "no significant
// change"), measured 10 times it fails the gate (exit 1); one added allocation per op is
// certain at 3 samples (exit 1 naming allocs/op). Baselines gate a later run, refusing another
// machine or Go unless asked; an adaptive run's corrected alpha is the default everywhere.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { commitAll, fixtureRepo, git, tempDir } from '../helpers/fixture-repo.js';

const BT = ['--benchtime', '200x', '--cpu', '1'];

describe('verdicts through the CLI', () => {
  const repo = fixtureRepo('checksum');
  const data = tempDir('perflab-data-');
  const lockDir = tempDir('perflab-lock-');
  const p = (...a: string[]) => cli(['--data-dir', data, ...a], { lockDir });
  const edit = (from: RegExp | string, to: string) => {
    const f = join(repo.module, 'adler', 'adler.go');
    writeFileSync(f, readFileSync(f, 'utf8').replace(from, to));
  };
  const run = async (...a: string[]) => {
    const r = await p('run', '--repo', repo.module, ...BT, ...a);
    expect(r.code, r.stderr).toBe(0);
    return r.stdout.trim();
  };
  let base = '';
  let slow = '';
  let alloc = '';
  let n3 = '';

  beforeAll(async () => {
    base = git(repo.root, 'rev-parse', 'HEAD').trim();
    edit('const passes = 1', 'const passes = 5');
    slow = commitAll(repo.root, 'adler: fold the input five times for stronger mixing');
    edit('append(dst, ', 'append(dst[:len(dst):len(dst)], ');
    alloc = commitAll(repo.root, "adler: never write into the caller's spare capacity");
    expect((await p('repo', 'add', repo.module, '--trust')).code).toBe(0);
    n3 = await run('--ref', base, '--ref', slow, '--count', '3');
  });
  afterAll(() => repo.cleanup());

  it('a 5x slowdown at --count 3: gate exits 4 naming the undecided row and the count that would decide it', async () => {
    const g = await p('gate', n3, '--max-regression', '5');
    expect(g.code, g.stdout + g.stderr).toBe(4);
    expect(g.stdout).toMatch(/checked rows undecided: no regression shown, none ruled out/);
    expect(g.stdout).toMatch(
      /^UNDECIDED Sum sec\/op: n too small for alpha \(the smallest reachable p is 0\.1 > 0\.05\).*; measure with --count \d+$/m,
    );
    expect(g.stdout).not.toMatch(/within budget$/m);
    const json = JSON.parse((await p('gate', n3, '--max-regression', '5', '--json')).stdout);
    const row = json.rows.find((r: { name: string; unit: string }) => r.name === 'Sum' && r.unit === 'sec/op');
    expect(row).toMatchObject({ state: 'undecided', verdict: { state: 'undecided', reason: 'n too small for alpha', exact: false } });
    expect(row.countNeeded).toBeGreaterThanOrEqual(4);
    // exact rows are decided even at n=3: 0 allocs on both sides is no change
    expect(json.rows.find((r: { name: string; unit: string }) => r.name === 'Sum' && r.unit === 'allocs/op')).toMatchObject({
      state: 'within budget',
      verdict: { state: 'no change', exact: true },
    });
    const allowed = await p('gate', n3, '--max-regression', '5', '--allow-undecided');
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toMatch(/undecided \(allowed by --allow-undecided\)/);
  });

  it('export commit at --count 3 is honest: no "no significant change", no perf: subject', async () => {
    const m = await p('export', 'commit', n3);
    expect(m.code, m.stderr).toBe(0);
    expect(m.stdout).not.toMatch(/no significant change/i);
    expect(m.stdout.split('\n')[0]).toBe('adler: inconclusive benchmark results (n=3)');
    expect(m.stdout.replace(/\n {2}(?! )/g, ' ')).toMatch(
      /^Inconclusive at n=3 \(.*undecided\): with 3 samples per side the U test cannot reach p <= 0\.05 whatever the change .*; measure with --count \d+\.$/m,
    );
    for (const l of m.stdout.split('\n')) if (!l.startsWith('    ')) expect(l.length, l).toBeLessThanOrEqual(72);
    // compare's JSON carries the same verdict; its text stays benchstat's
    const c = JSON.parse((await p('compare', n3, '--format', 'json')).stdout);
    const sum = c.tables.find((t: { unit: string }) => t.unit === 'sec/op').rows.find((r: { name: string }) => r.name === 'Sum');
    expect(sum.deltas[1].verdict).toMatchObject({ state: 'undecided', reason: 'n too small for alpha', tolerancePct: 2 });
    expect(sum.deltas[1].text).toBe('~');
  });

  it('the same slowdown at --count 10 fails the gate (exit 1)', async () => {
    const n10 = await run('--ref', base, '--ref', slow, '--count', '10');
    const g = await p('gate', n10, '--max-regression', '5');
    expect(g.code, g.stdout + g.stderr).toBe(1);
    // p=0.000 when the samples separate; under a loaded machine one overlap gives 0.001.
    expect(g.stdout).toMatch(/^FAIL Sum sec\/op: \+\d+\.\d+% \(p=0\.00\d n=10\) regresses beyond 5\.0%/m);
    const m = await p('export', 'commit', n10);
    expect(m.stdout.split('\n')[0]).toMatch(/^perf\(adler\): make (Sum|Digest) \d+% slower$/);
  });

  it('one added allocation per op at --count 3 fails the gate naming allocs/op (exact)', async () => {
    const r = await run('--ref', slow, '--ref', alloc, '--count', '3');
    const g = await p('gate', r, '--max-regression', '5');
    expect(g.code, g.stdout + g.stderr).toBe(1);
    expect(g.stdout).toMatch(
      /^FAIL Digest allocs\/op: 0 -> 1 allocs\/op in every sample \(exact\), a change from 0 regresses beyond 5\.0%/m,
    );
    expect(g.stdout).toMatch(/^FAIL Digest B\/op: 0 -> 8 B\/op in every sample \(exact\)/m);
  });

  it('gates a run against a named baseline; another Go version is refused with exit 2 unless allowed', async () => {
    const set = await p('baseline', 'set', 'v1', n3, '--ref', base);
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toMatch(new RegExp(`^baseline v1: run ${n3} \\S*${base.slice(0, 12)}\\S* \\(${base.slice(0, 12)}\\)\n$`));
    const list = JSON.parse((await p('baseline', 'list', '--json')).stdout);
    expect(list).toEqual([
      expect.objectContaining({ name: 'v1', runId: Number(n3), refLabel: expect.stringContaining(base.slice(0, 12)), sha: base }),
    ]);
    const later = await run('--ref', alloc, '--count', '3');
    const g = await p('gate', later, '--baseline', 'v1', '--max-regression', '5');
    expect(g.code, g.stdout + g.stderr).toBe(1);
    expect(g.stdout).toMatch(new RegExp(`^gate: ${alloc.slice(0, 12)}\\S* vs baseline v1 \\(run ${n3} ${base.slice(0, 12)}\\S*\\)`, 'm'));
    expect(g.stdout).toMatch(/^FAIL Digest allocs\/op: 0 -> 1 allocs\/op/m);
    // a run of another build (here: build tags) is another program: refused the same way
    const tagged = await run('--ref', alloc, '--count', '3', '--tags', 'nodebug');
    const otherBuild = await p('gate', tagged, '--baseline', 'v1');
    expect(otherBuild.code, otherBuild.stdout + otherBuild.stderr).toBe(2);
    expect(otherBuild.stderr).toMatch(/different builds \(default build vs -tags nodebug\).*--allow-env-mismatch/);
    // compared run against run, the other build's column says which build it is (same commit)
    const both = await p('compare', later, tagged);
    expect(both.code, both.stderr).toBe(0);
    expect(both.stdout).toMatch(new RegExp(`│ +run ${later} +│ +run ${tagged} \\(-tags nodebug\\) +│`));
    // and by commit it is never pooled with the default build of that commit
    const byCommit = await p('compare', later, tagged, '--by', 'ref');
    expect(byCommit.code, byCommit.stderr).toBe(0);
    expect(byCommit.stdout).toMatch(
      new RegExp(`│ +\\S*${alloc.slice(0, 12)}\\S* +│ +\\S*${alloc.slice(0, 12)}\\S* \\(-tags nodebug\\) +│`),
    );
    // the baseline's run as if measured with another Go
    const db = new Database(join(data, 'perflab.db'));
    const env = JSON.parse(
      (db.prepare('SELECT environment FROM runs WHERE id = ?').get(Number(n3)) as { environment: string }).environment,
    );
    db.prepare('UPDATE runs SET environment = ? WHERE id = ?').run(JSON.stringify({ ...env, goVersion: 'go1.0' }), Number(n3));
    db.close();
    const refused = await p('gate', later, '--baseline', 'v1');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/different Go versions \("go1\.0" vs "go1\.\d+.*"\).*--allow-env-mismatch/);
    const allowed = await p('gate', later, '--baseline', 'v1', '--max-regression', '5', '--allow-env-mismatch');
    expect(allowed.code).toBe(1);
    expect(allowed.stdout).toMatch(/^warning: environment mismatch allowed by --allow-env-mismatch: different Go versions/m);
    expect((await p('gate', later, '--baseline', 'nope')).code).toBe(2);
  });

  it('an adaptive run carries its corrected alpha: compare, gate and export use it by default', async () => {
    const r = await run('--ref', base, '--ref', slow, '--count', '2', '--until-significant', '4', '--bench', 'Sum');
    const detail = JSON.parse((await p('show', r, '--format', 'json')).stdout);
    const alpha = detail.run?.alpha ?? detail.alpha;
    expect(alpha).toBeCloseTo(0.025, 10);
    const c = JSON.parse((await p('compare', r, '--format', 'json')).stdout);
    expect(c.alpha).toBeCloseTo(0.025, 10);
    expect(c.tables[0].rows[0].deltas[1].verdict.alpha).toBeCloseTo(0.025, 10);
    const g = JSON.parse((await p('gate', r, '--max-regression', '5', '--json')).stdout);
    expect(g.rows[0].verdict.alpha).toBeCloseTo(0.025, 10);
    const explicit = JSON.parse((await p('compare', r, '--format', 'json', '--alpha', '0.05')).stdout);
    expect(explicit.alpha).toBe(0.05);
  });
});
