// go tool pprof is the oracle: topTable gives the same flat and cum per function as
// `go tool pprof -top -nodecount=N -nodefraction=0 -edgefraction=0` on every sample type of
// real profiles (CPU, memory, block, mutex) and of a synthetic one, with the same totals; the
// focus/ignore/hide filters and -diff_base agree too. Numbers are compared, not text.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  buildTree,
  decodeProfileSync,
  diffTrees,
  encodeProfileGzip,
  mergeProfiles,
  topTable,
  type Profile,
  type TopOptions,
} from '../../../src/core/pprof/index.js';
import type { TopTable } from '../../../src/shared/profile-types.js';
import { syntheticCpuProfile } from '../../helpers/pprof-synth.js';
import { pprofTop, type PprofTop } from './helpers/pprof-top.js';
import { realProfiles, type RealProfiles } from './helpers/real-profiles.js';

let real: RealProfiles;
let synthFile: string;
let synth2File: string;
beforeAll(async () => {
  real = await realProfiles();
  const dir = mkdtempSync(join(tmpdir(), 'perflab-pprof-oracle-'));
  synthFile = join(dir, 'synth.pb.gz');
  synth2File = join(dir, 'synth2.pb.gz');
  writeFileSync(synthFile, encodeProfileGzip(syntheticCpuProfile({ stacks: 20_000, seed: 11 }).profile));
  writeFileSync(synth2File, encodeProfileGzip(syntheticCpuProfile({ stacks: 20_000, seed: 11, inlineFraction: 0.3 }).profile));
});

function load(file: string): Profile {
  return decodeProfileSync(readFileSync(file));
}

/** Asserts that our table has exactly pprof's functions with the same flat and cum. */
function expectSameTop(ours: TopTable, oracle: PprofTop): void {
  expect(ours.total).toBe(oracle.total);
  const mine = new Map(ours.rows.map((r) => [r.name, { flat: r.flat, cum: r.cum }]));
  expect(mine.size).toBe(oracle.rows.size);
  for (const [name, row] of oracle.rows) expect({ name, ...mine.get(name) }).toEqual({ name, ...row });
  // Same order where pprof's sort key (|flat|, then name) decides it.
  expect(ours.rows.map((r) => r.name)).toEqual(oracle.order);
}

describe('topTable agrees with go tool pprof -top', () => {
  const kinds = ['cpu', 'mem', 'block', 'mutex'] as const;
  for (const kind of kinds) {
    it(`every sample type of the real ${kind} profile`, async () => {
      const p = load(real[kind]);
      expect(p.sampleTypes.length).toBeGreaterThan(1);
      for (const t of p.sampleTypes) {
        const oracle = await pprofTop(real[kind], t.type, t.unit);
        expectSameTop(topTable(p, { sampleType: t.type }), oracle);
        // The same numbers from a built tree.
        expectSameTop(topTable(buildTree(p, { sampleType: t.type })), oracle);
      }
    });
  }

  it('both sample types of a synthetic profile (inlined frames, recursion)', async () => {
    const p = load(synthFile);
    for (const t of p.sampleTypes) {
      const oracle = await pprofTop(synthFile, t.type, t.unit);
      expect(oracle.rows.size).toBeGreaterThan(1000);
      expectSameTop(topTable(p, { sampleType: t.type }), oracle);
      expectSameTop(topTable(buildTree(p, { sampleType: t.type })), oracle);
    }
  });

  it('the real CPU profile keeps inlined frames as functions of their own', async () => {
    const top = topTable(load(real.cpu));
    const names = top.rows.map((r) => r.name);
    expect(names).toContain('example.com/pprofgen.mix');
    expect(names).toContain('example.com/pprofgen.rotl');
    expect(names).toContain('example.com/pprofgen.Fib');
  });

  const filters: [string, TopOptions, string[]][] = [
    ['focus', { focus: 'Walk|Fib' }, ['-focus=Walk|Fib']],
    ['ignore', { ignore: 'runtime\\.' }, ['-ignore=runtime\\.']],
    ['hide', { hide: 'mix|rotl' }, ['-hide=mix|rotl']],
    [
      'all three',
      { focus: 'pprofgen', ignore: 'Contended', hide: '^runtime\\.' },
      ['-focus=pprofgen', '-ignore=Contended', '-hide=^runtime\\.'],
    ],
    ['a file-name focus', { focus: 'work\\.go' }, ['-focus=work\\.go']],
  ];
  for (const [name, opts, flags] of filters) {
    it(`${name} on the real CPU profile`, async () => {
      const oracle = await pprofTop(real.cpu, 'cpu', 'nanoseconds', flags);
      expectSameTop(topTable(load(real.cpu), { ...opts, sampleType: 'cpu' }), oracle);
    });
  }

  it('-diff_base on two real CPU profiles and on two synthetic ones', async () => {
    // Base: every benchmark; head: Fib and Walk only, so the other benchmarks' functions are
    // certainly below zero (with the base the other way round, whether any is depends on the run).
    for (const [base, head] of [
      [real.cpu, real.cpu2],
      [synthFile, synth2File],
    ]) {
      const oracle = await pprofTop(head, 'cpu', 'nanoseconds', [`-diff_base=${base}`]);
      const ours = topTable(load(head), { sampleType: 'cpu', base: load(base) });
      expect(ours.diff).toBe(true);
      expectSameTop(ours, oracle);
      expect(ours.rows.some((r) => r.flat < 0)).toBe(true);
    }
  });

  it("the diff tree, summed per function, gives pprof's -diff_base flat values", async () => {
    const oracle = await pprofTop(real.cpu, 'cpu', 'nanoseconds', [`-diff_base=${real.cpu2}`]);
    const d = diffTrees(buildTree(load(real.cpu2)), buildTree(load(real.cpu)));
    const flat = new Map<string, number>();
    for (let i = 1; i < d.count; i++) {
      const name = d.names[d.name[i]];
      flat.set(name, (flat.get(name) ?? 0) + d.self[i] - d.baseSelf[i]);
    }
    for (const [name, row] of oracle.rows) expect({ name, flat: flat.get(name) ?? 0 }).toEqual({ name, flat: row.flat });
    expect(d.baseTotal).toBe(oracle.total);
  });

  it('a merged profile agrees with pprof given both files', async () => {
    const merged = mergeProfiles([load(real.cpu), load(real.cpu2)]);
    const g = await import('./helpers/go-run.js');
    const go = await g.goRunner();
    const args = ['tool', 'pprof', '-top', '-nodecount=1000000', '-nodefraction=0', '-edgefraction=0', '-unit=ns', real.cpu, real.cpu2];
    const r = await go.run(args, tmpdir());
    expect(r.exitCode).toBe(0);
    const total = /of (\d+)ns total/.exec(r.stdout);
    expect(Number(total?.[1])).toBe(topTable(merged).total);
    const dir = mkdtempSync(join(tmpdir(), 'perflab-pprof-merge-'));
    const file = join(dir, 'merged.pb.gz');
    writeFileSync(file, encodeProfileGzip(merged));
    expectSameTop(topTable(merged), await pprofTop(file, 'cpu', 'nanoseconds'));
    const both = (await pprofTop(real.cpu, 'cpu', 'nanoseconds')).total + (await pprofTop(real.cpu2, 'cpu', 'nanoseconds')).total;
    expect(topTable(merged).total).toBe(both);
  });
});
