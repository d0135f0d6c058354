// `perflab run --resources` end to end, with real go, git, SQLite and the launcher, on the
// geoindex fixture: its benchmarks build a grid before b.ResetTimer (B/op 0), 24 MiB at the
// base and 120 MiB at the head. The resource runs report the peak RSS difference within 25%
// of the 96 MiB truth; a peak-RSS-B budget in the base's perflab.json fails the gate (decided
// at n=6, strict too); at n=2 the strict gate cannot decide the same limit (exit 4). An
// investigation with a peak-RSS-B target measures resources in its runs and commits with a
// Peak memory line.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { commitAll, fixtureRepo, tempDir } from '../helpers/fixture-repo.js';

const MiB = 1 << 20;
const RESOURCE_UNITS = ['peak-RSS-B', 'user-sec/op', 'sys-sec/op', 'GCs/op', 'STW-sec/op'];

interface Table {
  unit: string;
  better: string;
  rows: { name: string; cells: ({ center: number; samples: number[] } | null)[]; deltas: ({ verdict: { state: string } } | null)[] }[];
}

describe('--resources', () => {
  const repo = fixtureRepo('geoindex');
  const data = tempDir('perflab-data-');
  const lockDir = tempDir('perflab-lock-');
  const p = (...a: string[]) => cli(['--data-dir', data, ...a], { lockDir });
  let n6 = '';
  let n2 = '';
  let base = '';
  let head = '';
  const compareTables = async (run: string): Promise<Table[]> => {
    const r = await p('compare', run, '--format', 'json');
    expect(r.code, r.stderr).toBe(0);
    return (JSON.parse(r.stdout) as { tables: Table[] }).tables;
  };

  beforeAll(async () => {
    writeFileSync(
      join(repo.module, 'perflab.json'),
      `${JSON.stringify({ budgets: [{ bench: '^Lookup$', max: { 'peak-RSS-B': '64MiB' } }] }, null, 2)}\n`,
    );
    base = commitAll(repo.root, 'perflab.json: the grid stays under 64 MiB resident');
    const f = join(repo.module, 'geo', 'index.go');
    writeFileSync(f, readFileSync(f, 'utf8').replace('const IndexMiB = 24', 'const IndexMiB = 120'));
    head = commitAll(repo.root, 'geo: a finer grid');
    expect((await p('repo', 'add', repo.module, '--trust')).code).toBe(0);
    const run = async (count: string) => {
      const r = await p(
        'run',
        '--repo',
        repo.module,
        '--ref',
        base,
        '--ref',
        head,
        '--count',
        count,
        '--benchtime',
        '100x',
        '--cpu',
        '1',
        '--resources',
      );
      expect(r.code, r.stderr).toBe(0);
      return r.stdout.trim();
    };
    n6 = await run('6');
    n2 = await run('2');
  }, 300_000);
  afterAll(() => repo.cleanup());

  it('reports the peak RSS difference that B/op cannot see, within 25% of the size difference', async () => {
    const tables = await compareTables(n6);
    const peak = tables.find((t) => t.unit === 'peak-RSS-B')!;
    expect(peak.better).toBe('lower');
    for (const name of ['Lookup', 'LookupLoop']) {
      const row = peak.rows.find((r) => r.name === name)!;
      expect(row.cells[0]!.samples.length).toBe(6);
      const diff = row.cells[1]!.center - row.cells[0]!.center;
      expect(Math.abs(diff - 96 * MiB) / (96 * MiB)).toBeLessThan(0.25);
      expect(row.deltas[1]!.verdict.state).toBe('slower');
      // The grid is built before b.ResetTimer: invisible per op.
      const bop = tables.find((t) => t.unit === 'B/op')!.rows.find((r) => r.name === name)!;
      expect(bop.cells[1]!.center).toBeLessThan(1024);
    }
    for (const unit of RESOURCE_UNITS) {
      const t = tables.find((x) => x.unit === unit);
      expect(t, unit).toBeDefined();
      expect(t!.better).toBe('lower');
      expect(t!.rows.find((r) => r.name === 'Lookup')!.cells[0]!.samples.length).toBe(6);
    }
    // A b.N benchmark builds its grid twice per process (Go's probe, then N), b.Loop once: user
    // time per op of the head's larger grid shows it.
    const user = tables.find((t) => t.unit === 'user-sec/op')!;
    expect(user.rows.find((r) => r.name === 'Lookup')!.cells[1]!.center).toBeGreaterThan(0);
  });

  it('never feeds the timing statistics, and records each resource process with its rusage', async () => {
    const tables = await compareTables(n6);
    expect(tables.find((t) => t.unit === 'sec/op')!.rows.find((r) => r.name === 'Lookup')!.cells[0]!.samples.length).toBe(6);
    const show = await p('show', n6, '--format', 'json');
    const run = (
      JSON.parse(show.stdout) as {
        run: { processes: { purpose: string; exit: string; benchtime: string; maxRssBytes: number }[]; notes: string[] };
      }
    ).run;
    const res = run.processes.filter((x) => x.purpose === 'resources');
    expect(res.length).toBe(6 * 2 * 2);
    for (const x of res) {
      expect(x.exit).toBe('exit 0');
      expect(x.benchtime).toBe('100x');
      expect(x.maxRssBytes).toBeGreaterThan(20 * MiB);
    }
    expect(run.notes.join('\n')).toMatch(/resources: 24 processes .* not a sum over its tree/);
  });

  it('a peak-RSS-B budget fails the gate when exceeded: decided at n=6, also with --strict', async () => {
    const g = await p('gate', n6);
    expect(g.code, g.stdout + g.stderr).toBe(1);
    expect(g.stdout).toMatch(/^FAIL Lookup peak-RSS-B: .* is above the limit 67108864 peak-RSS-B/m);
    // LookupLoop is not covered by ^Lookup$
    expect(g.stdout).not.toMatch(/LookupLoop/);
    const strict = await p('gate', n6, '--strict');
    expect(strict.code, strict.stdout).toBe(1);
    expect(strict.stdout).toMatch(/^FAIL Lookup peak-RSS-B: .*\(interval low end\) is above the limit/m);
  });

  it('at n=2 the strict gate cannot decide the limit (exit 4), the plain gate can (the center)', async () => {
    const strict = await p('gate', n2, '--strict');
    expect(strict.code, strict.stdout).toBe(4);
    expect(strict.stdout).toMatch(/^UNDECIDED Lookup peak-RSS-B: the interval of .* is unbounded at n=2/m);
    expect((await p('gate', n2)).code).toBe(1);
  });

  it('the commit message has a Peak memory line', async () => {
    const r = await p('export', 'commit', n6);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Peak memory: Lookup \d+(\.\d+)?MiB -> \d+(\.\d+)?MiB peak RSS \(\+\d+(\.\d)?%/m);
    expect(r.stdout).toMatch(/--resources/);
  });

  it('an investigation target on peak-RSS-B: unmet at the 120 MiB grid, met at the 24 MiB one', async () => {
    const start = await p(
      'investigate',
      'start',
      '--repo',
      repo.module,
      '--title',
      'shrink the grid',
      '--bench',
      '^BenchmarkLookup$',
      '--base',
      head,
      '--target',
      'Lookup:peak-RSS-B<=64MiB',
      '--count',
      '6',
      '--benchtime',
      '100x',
      '--json',
    );
    expect(start.code, start.stderr).toBe(0);
    const inv = JSON.parse(start.stdout);
    expect(inv.steps[0]).toMatchObject({ kind: 'baseline', runStatus: 'completed' });
    expect(inv.steps[0].targets[0]).toMatchObject({ state: 'unmet', unit: 'peak-RSS-B' });
    const v = JSON.parse((await p('investigate', 'verify', String(inv.id), '--ref', base, '--json')).stdout);
    expect(v.steps[1].targets[0], JSON.stringify(v.steps[1].targets)).toMatchObject({ state: 'met', unit: 'peak-RSS-B' });
    const ok = await p('investigate', 'commit', String(inv.id));
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^perf\(geo\): shrink the grid/);
    expect(ok.stdout).toMatch(/^Peak memory: \d+(\.\d+)?MiB -> \d+(\.\d+)?MiB peak RSS \(-\d+(\.\d)?%/m);
  }, 120_000);

  it('a profile of a b.Loop benchmark at -benchtime=Nx counts N iterations, a b.N one N+1', async () => {
    const r = await p(
      'run',
      '--repo',
      repo.module,
      '--ref',
      base,
      '--count',
      '1',
      '--benchtime',
      '100x',
      '--cpu',
      '1',
      '--profile',
      'cpu',
      '--profile-benchtime',
      '50x',
    );
    expect(r.code, r.stderr).toBe(0);
    const list = await p('profile', 'list', r.stdout.trim(), '--json');
    expect(list.code, list.stderr).toBe(0);
    const its = Object.fromEntries(
      (JSON.parse(list.stdout) as { benchmark: string; iterations: number }[]).map((x) => [x.benchmark, x.iterations]),
    );
    expect(its).toEqual({ BenchmarkLookup: 51, BenchmarkLookupLoop: 50 });
  }, 120_000);
});
