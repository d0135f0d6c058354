// Branches side by side, as a user tries it: two commits where the second slows one benchmark
// by ~30%; an interleaved two-ref run flags that row and only that row; the user's checkout is
// never touched; hostile refs create nothing; the PGO loop shows with/without columns; and a
// second run started at once waits for the first and says so.
// These tests assert measured differences: they run alone (vitest.timing.config.ts), after the rest.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, spawnCli } from '../helpers/cli.js';
import { commitAll, fixtureRepo, git, tempDir } from '../helpers/fixture-repo.js';

interface Row {
  name: string;
  cells: unknown[];
  deltas: ({ text: string; significant: boolean; direction: string } | null)[];
}
interface Table {
  unit: string;
  columns: string[];
  rows: Row[];
}

function slowdownRepo() {
  const repo = fixtureRepo('slowdown');
  const f = join(repo.module, 'work', 'work.go');
  writeFileSync(f, readFileSync(f, 'utf8').replace('const rounds = 1000', 'const rounds = 1300'));
  commitAll(repo.root, 'make Slowed 30% slower');
  return repo;
}

function userState(root: string) {
  return [
    git(root, 'status', '--porcelain=v2'),
    git(root, 'rev-parse', 'HEAD'),
    git(root, 'stash', 'list'),
    readFileSync(join(root, '.git', 'index')).toString('hex'),
  ];
}

describe('branches side by side', () => {
  const repo = slowdownRepo();
  const data = tempDir();
  const lockDir = tempDir();
  const p = (...a: string[]) => cli(['--data-dir', data, ...a], { lockDir });
  beforeAll(async () => {
    expect((await p('repo', 'add', repo.module, '--trust')).code).toBe(0);
    // Uncommitted changes and an untracked file must survive untouched.
    writeFileSync(join(repo.module, 'work', 'scratch.txt'), 'notes\n');
    writeFileSync(join(repo.module, 'go.mod'), `${readFileSync(join(repo.module, 'go.mod'), 'utf8')}\n// local edit\n`);
  });

  it('flags the slowed row as a regression and the other as ~; the reverse order shows an improvement', async () => {
    const before = userState(repo.root);
    const r = await p(
      'run',
      '--repo',
      repo.module,
      '--ref',
      'HEAD~1',
      '--ref',
      'HEAD',
      '--count',
      '10',
      '--benchtime',
      '50ms',
      '--cpu',
      '1',
      '--json',
    );
    expect(r.code, r.stderr).toBe(0);
    expect(userState(repo.root)).toEqual(before);
    const run = JSON.parse(r.stdout);
    expect(run.refs.map((x: { label: string }) => x.label)).toEqual(['HEAD~1', 'HEAD']);
    expect(run.schedule.slice(0, 4).map((s: { refLabel: string }) => s.refLabel)).toEqual(['HEAD~1', 'HEAD', 'HEAD', 'HEAD~1']);
    expect(run.environment.cpuCount).toBeGreaterThan(0);
    expect(Array.isArray(run.environment.warnings)).toBe(true);
    expect(run.environment.goVersion).toMatch(/^go1\./);
    const cmp = JSON.parse((await p('compare', 'latest', '--by', 'ref', '--format', 'json')).stdout);
    const t: Table = cmp.tables.find((x: Table) => x.unit === 'sec/op');
    const slowed = t.rows.find((x) => x.name.startsWith('Slowed'))!;
    const steady = t.rows.find((x) => x.name.startsWith('Steady'))!;
    expect(slowed.deltas[1]).toMatchObject({ significant: true, direction: 'worse' });
    expect(Number(slowed.deltas[1]!.text.replace('%', ''))).toBeGreaterThan(15);
    expect(steady.deltas[1]!.text).toBe('~');
    const text = (await p('compare', 'latest', '--by', 'ref')).stdout;
    expect(text).toMatch(/HEAD~1@[0-9a-f]{12}/);

    const rev = await p(
      'run',
      '--repo',
      repo.module,
      '--ref',
      'HEAD',
      '--ref',
      'HEAD~1',
      '--count',
      '10',
      '--benchtime',
      '50ms',
      '--cpu',
      '1',
    );
    expect(rev.code, rev.stderr).toBe(0);
    expect(rev.stderr).toMatch(/reusing the test binary/);
    const cmp2 = JSON.parse((await p('compare', 'latest', '--by', 'ref', '--format', 'json')).stdout);
    const slowed2 = cmp2.tables.find((x: Table) => x.unit === 'sec/op').rows.find((x: Row) => x.name.startsWith('Slowed'));
    expect(slowed2.deltas[1]).toMatchObject({ significant: true, direction: 'better' });
    expect(userState(repo.root)).toEqual(before);
  });

  it('rejects hostile refs with a typed error and creates no file', async () => {
    const canaryDir = tempDir();
    git(repo.root, 'update-ref', 'refs/remotes/origin/--upload-pack=touch_CANARY', 'HEAD');
    for (const ref of [
      `--output=${join(canaryDir, 'CANARY')}`,
      '--orphan=x',
      `-c core.sshCommand=touch ${join(canaryDir, 'CANARY')}`,
      'origin/--upload-pack=touch_CANARY',
    ]) {
      const r = await p('run', '--repo', repo.module, `--ref=${ref}`, '--count', '1');
      expect(r.code, ref).toBe(2);
      expect(r.stderr).toContain(`invalid git ref ${JSON.stringify(ref)}`);
    }
    expect(existsSync(join(canaryDir, 'CANARY'))).toBe(false);
    expect(existsSync(join(repo.module, 'CANARY'))).toBe(false);
    expect(existsSync(join(repo.module, 'x'))).toBe(false);
  });

  it('a second run started at once waits for the first and says so', async () => {
    const env = { ...process.env, PERFLAB_LOCK_DIR: lockDir };
    const first = spawnCli(['--data-dir', data, 'run', '--repo', repo.module, '--count', '4', '--benchtime', '300ms', '--cpu', '1'], {
      env,
    });
    await new Promise<void>((resolve) =>
      first.child.stderr.on('data', () => {
        if (/run \d+ started/.test(first.output().stderr)) resolve();
      }),
    );
    const second = spawnCli(['--data-dir', data, 'run', '--repo', repo.module, '--count', '1', '--benchtime', '10x', '--cpu', '1'], {
      env,
    });
    const [a, b] = await Promise.all([first.done, second.done]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    expect(b.stderr, `first:\n${a.stderr}\nsecond:\n${b.stderr}`).toMatch(/queued: waiting for run \d+ \(pid \d+/);
    const runs = JSON.parse((await p('runs', '--json')).stdout);
    const [newer, older] = runs;
    expect(Date.parse(newer.startedAt)).toBeGreaterThanOrEqual(Date.parse(older.finishedAt) - 50);
  });
});

describe('the PGO loop in one run', () => {
  it('profiles, rebuilds with the profile, and compares the columns', async () => {
    const repo = fixtureRepo('pgo');
    const data = tempDir();
    const p = (...a: string[]) => cli(['--data-dir', data, ...a], { lockDir: tempDir() });
    expect((await p('repo', 'add', repo.module, '--trust')).code).toBe(0);
    const r = await p(
      'run',
      '--repo',
      repo.module,
      '--pgo-loop',
      '--count',
      '10',
      '--benchtime',
      '2000x',
      '--profile-benchtime',
      '1s',
      '--json',
    );
    expect(r.code, r.stderr).toBe(0);
    const run = JSON.parse(r.stdout);
    expect(run.refs.map((x: { label: string }) => x.label)).toEqual(['nopgo', 'pgo']);
    expect(run.notes.join('\n')).toMatch(/pgo: example.com\/pgo built with -pgo=.*a CPU profile of nopgo in this run/);
    expect(run.builds.find((b: { refLabel: string }) => b.refLabel === 'pgo').flags).toMatch(/-pgo=\/.*\.pb\.gz/);
    expect(run.builds.find((b: { refLabel: string }) => b.refLabel === 'nopgo').flags).toMatch(/-pgo=off/);
    const cmp = JSON.parse((await p('compare', 'latest', '--by', 'ref', '--format', 'json')).stdout);
    const row = cmp.tables.find((x: Table) => x.unit === 'sec/op').rows[0];
    expect(row.deltas[1], JSON.stringify({ row, notes: run.notes, warnings: cmp.warnings })).toMatchObject({
      significant: true,
      direction: 'better',
    });
    // PGO inlines the hot call, so the point it returns no longer escapes: 256 -> 0 allocs/op.
    const allocs = cmp.tables.find((x: Table) => x.unit === 'allocs/op').rows[0];
    expect(allocs.deltas[1]).toMatchObject({ significant: true, direction: 'better' });
    expect(run.refs[1].variant).toEqual({ name: 'pgo', pgo: 'self' });
    // The profile the PGO build came from is the run's only profile: `profile top RUN` shows it.
    const top = await p('profile', 'top', 'latest', '-n', '3');
    expect(top.code, top.stderr).toBe(0);
    expect(top.stdout).toMatch(/example\.com\/pgo\.(Total|newPoint)/);
  });
});
