// Profile diffs per op, on a real module with two commits: the second makes BenchmarkSlowed
// 5x slower per op (rounds 1000 -> 5000) and leaves BenchmarkSteady's code as it was. Each
// profiling process runs `-test.benchtime=Nx` with N from the timing results, and stores the
// N+1 iterations it ran; `profile diff` divides each side by its own count unless --absolute.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TopTable } from '../../src/shared/profile-types.js';
import { cli } from '../helpers/cli.js';
import { commitAll, fixtureRepo, git, tempDir } from '../helpers/fixture-repo.js';

interface Listed {
  id: number;
  kind: string;
  benchmark: string;
  refLabel: string;
  iterations: number | null;
}

describe('profile diff per op', () => {
  const repo = fixtureRepo('slowdown');
  const data = tempDir();
  const lockDir = tempDir();
  const p = (...a: string[]) => cli(['--data-dir', data, ...a], { lockDir });
  let list: Listed[] = [];
  const id = (bench: string, ref: string) => `#${list.find((x) => x.kind === 'cpu' && x.benchmark === bench && x.refLabel === ref)!.id}`;

  beforeAll(async () => {
    git(repo.root, 'branch', 'before');
    const src = join(repo.module, 'work', 'work.go');
    writeFileSync(src, readFileSync(src, 'utf8').replace('const rounds = 1000', 'const rounds = 5000'));
    commitAll(repo.root, 'work: five times the rounds');
    expect((await p('repo', 'add', repo.module, '--trust')).code).toBe(0);
    const r = await p(
      'run',
      '--repo',
      repo.module,
      '--ref',
      'before',
      '--ref',
      'main',
      '--bench',
      'Slowed|Steady',
      '--count',
      '2',
      '--benchtime',
      '50ms',
      '--profile',
      'cpu',
      '--profile-benchtime',
      '1s',
      '--json',
    );
    expect(r.code, r.stderr).toBe(0);
    list = JSON.parse((await p('profile', 'list', 'latest', '--json')).stdout) as Listed[];
  }, 240_000);
  afterAll(() => repo.cleanup());

  it('stores the iterations each profiling process ran (N+1, N from the timing rounds)', async () => {
    const cpu = list.filter((x) => x.kind === 'cpu');
    expect(cpu).toHaveLength(4);
    for (const x of cpu) expect(x.iterations, `${x.benchmark} at ${x.refLabel}`).toBeGreaterThan(2);
    // N lasts about the profile benchtime at each ref's own speed: the 5x slowed head runs far
    // fewer (one N for both refs would give a ratio near 1). go test picks N from timings, so
    // under the suite's load the ratio has come out as low as 2.3 (4-5 on a quiet machine).
    const its = (b: string, ref: string) => cpu.find((x) => x.benchmark === b && x.refLabel === ref)!.iterations!;
    expect(its('BenchmarkSlowed', 'before') / its('BenchmarkSlowed', 'main')).toBeGreaterThan(1.5);
    expect((await p('show', 'latest')).stdout).toMatch(/note: profiles: -benchtime=Nx lasting about 1s/);
  });

  it("a 5x slower head grows the benchmark's cum more than 3x per op; --absolute gives raw totals", async () => {
    const r = await p('profile', 'diff', id('BenchmarkSlowed', 'before'), id('BenchmarkSlowed', 'main'), '--json', '-n', '1000');
    expect(r.code, r.stderr).toBe(0);
    const t = JSON.parse(r.stdout) as TopTable;
    expect(t.normalization?.mode).toBe('per op');
    const row = t.rows.find((x) => x.name.endsWith('.BenchmarkSlowed'))!;
    expect(row, JSON.stringify(t.rows.map((x) => x.name))).toBeDefined();
    // cum is head minus base, baseCum the base: head / base = (cum + baseCum) / baseCum.
    expect((row.cum + row.baseCum!) / row.baseCum!).toBeGreaterThan(3);

    const abs = JSON.parse(
      (await p('profile', 'diff', id('BenchmarkSlowed', 'before'), id('BenchmarkSlowed', 'main'), '--json', '--absolute', '-n', '1000'))
        .stdout,
    ) as TopTable;
    expect(abs.normalization?.mode).toBe('absolute');
    // Raw totals are of two ~1s processes: far from the 5x per op.
    expect(abs.newTotal! / abs.total).toBeLessThan(2.5);

    const text = await p('profile', 'diff', id('BenchmarkSlowed', 'before'), id('BenchmarkSlowed', 'main'));
    expect(text.stdout).toMatch(/^Values: per op /m);
    expect(text.stdout).toMatch(/ per op total \(new minus base\)/);
  });

  it('on identical code the root total per op changes by less than 20%', async () => {
    const t = JSON.parse(
      (await p('profile', 'diff', id('BenchmarkSteady', 'before'), id('BenchmarkSteady', 'main'), '--json')).stdout,
    ) as TopTable;
    expect(t.normalization?.mode).toBe('per op');
    expect(Math.abs(t.newTotal! / t.total - 1)).toBeLessThan(0.2);
  });

  it('a profile file has no count: the diff says it is absolute and why', async () => {
    const files = JSON.parse((await p('profile', 'list', 'latest', '--json')).stdout) as (Listed & { path: string })[];
    const a = files.find((x) => x.kind === 'cpu' && x.benchmark === 'BenchmarkSteady')!;
    const t = JSON.parse((await p('profile', 'diff', a.path, id('BenchmarkSteady', 'main'), '--json')).stdout) as TopTable;
    expect(t.normalization?.mode).toBe('absolute');
    expect(t.normalization?.reason).toMatch(/file carries no iteration count/);
  });
});
