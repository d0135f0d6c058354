// Adaptive repetitions: --until-significant keeps adding interleaved rounds while rows are
// undecided, stops when every row is decided or at MAX, corrects alpha for the repeated
// looks, and says what happened.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { commitAll, fixtureRepo, tempDir } from '../helpers/fixture-repo.js';

describe('--until-significant', () => {
  it('adds rounds for undecided rows only, up to MAX, and reports the corrected alpha', async () => {
    const repo = fixtureRepo('slowdown');
    const f = join(repo.module, 'work', 'work.go');
    writeFileSync(f, readFileSync(f, 'utf8').replace('const rounds = 1000', 'const rounds = 1300'));
    commitAll(repo.root, 'slower');
    const data = tempDir();
    const p = (...a: string[]) => cli(['--data-dir', data, ...a], { lockDir: tempDir() });
    expect((await p('repo', 'add', repo.module, '--trust')).code).toBe(0);
    const r = await p(
      'run',
      '--repo',
      repo.module,
      '--ref',
      'HEAD~1',
      '--ref',
      'HEAD',
      '--count',
      '5',
      '--until-significant',
      '13',
      '--benchtime',
      '30ms',
      '--cpu',
      '1',
      '--json',
    );
    expect(r.code, r.stderr).toBe(0);
    const run = JSON.parse(r.stdout);
    const note = run.notes.find((n: string) => n.startsWith('adaptive'));
    expect(note).toMatch(
      /adaptive \(--until-significant 13\): (\d+) rounds; .* each tested at alpha 0\.0100 \(0\.05 \/ 5, Bonferroni over looks\)/,
    );
    const rounds = Number(/: (\d+) rounds;/.exec(note)![1]);
    expect(rounds).toBeGreaterThanOrEqual(5);
    expect(rounds).toBeLessThanOrEqual(13);
    const results = JSON.parse((await p('show', String(run.id), '--format', 'json')).stdout).results as {
      name: string;
      round: number;
      refLabel: string;
    }[];
    // Every round has both refs of the same benchmarks: interleaving held in the added rounds.
    for (let round = 1; round <= rounds; round++) {
      const inRound = results.filter((x) => x.round === round);
      expect(new Set(inRound.map((x) => x.refLabel)).size, `round ${round}`).toBe(inRound.length ? 2 : 0);
    }
    // Only undecided benchmarks get more rounds: Slowed (30% slower) is decided no later than Steady.
    const slowedN = results.filter((x) => x.name === 'BenchmarkSlowed').length;
    const steadyN = results.filter((x) => x.name === 'BenchmarkSteady').length;
    expect(slowedN).toBeGreaterThanOrEqual(10);
    expect(slowedN).toBeLessThanOrEqual(steadyN);
    expect(steadyN).toBe(2 * rounds);
    expect(r.stderr).toMatch(/adaptive/);
    const cmp = JSON.parse((await p('compare', String(run.id), '--alpha', '0.01', '--format', 'json')).stdout);
    const slowed = cmp.tables
      .find((t: { unit: string }) => t.unit === 'sec/op')
      .rows.find((x: { name: string }) => x.name.startsWith('Slowed'));
    expect(slowed.deltas[1].significant).toBe(true);
  });
});
