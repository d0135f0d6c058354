// Bounded flame data: subtrees below a share of the total are left out and counted, the node
// budget holds, nothing changes below the limits, and the caps on samples and tree nodes are
// typed errors.
import { describe, expect, it } from 'vitest';
import { buildTree, decodeProfileSync, diffTrees, encodeProfile, flameData } from '../../../src/core/pprof/index.js';
import { diffFlameData } from '../../../src/core/pprof/flame.js';
import { LabFailure } from '../../../src/shared/errors.js';
import { hiddenNote } from '../../../src/renderer/src/model/flame-info.js';
import { syntheticCpuProfile } from '../../helpers/pprof-synth.js';
import { picture, renderFlame } from './helpers/render.js';
import { textProfile } from './helpers/text-profile.js';

const p = textProfile(`
  main;parse;scan 600
  main;parse;alloc 300
  main;gc 90
  main;log;fmt 6
  main;log;write 3
  idle 1
`);

describe('flame limits', () => {
  it('leaves out subtrees below the share and reports them', () => {
    const f = flameData(buildTree(p), undefined, { minShare: 0.05, maxNodes: 1000 });
    expect(renderFlame(f)).toBe(
      picture(`
      root 1000/0
        main 999/0
          gc 90/90
          parse 900/0
            alloc 300/300
            scan 600/600
    `),
    );
    // log (9, with fmt and write) and idle (1) are below 5% of 1000.
    expect(f.hidden).toEqual({ frames: 4, value: 10, minShare: 0.05 });
    expect(f.names).not.toContain('fmt');
    expect(hiddenNote(f)).toBe('4 frames below 5% hidden (10ns together)');
  });

  it('changes nothing when every subtree reaches the share', () => {
    const t = buildTree(p);
    const all = flameData(t);
    const bounded = flameData(t, undefined, { minShare: 0.001, maxNodes: 1000 });
    expect(bounded.hidden).toEqual({ frames: 0, value: 0, minShare: 0.001 });
    expect({ ...bounded, hidden: undefined }).toEqual({ ...all, hidden: undefined });
    expect(hiddenNote(bounded)).toBeNull();
  });

  it('raises the share until the node budget holds, keeping the biggest subtrees', () => {
    const big = syntheticCpuProfile({ stacks: 20_000, seed: 7 }).profile;
    const t = buildTree(big);
    expect(t.count).toBeGreaterThan(20_000);
    const f = flameData(t, undefined, { minShare: 0, maxNodes: 2000 });
    expect(f.level.length).toBeLessThanOrEqual(2000);
    expect(f.level.length).toBeGreaterThan(1000);
    expect(f.hidden!.frames + f.level.length).toBe(t.count);
    // Every kept node is at least as large as the reported share; ancestors of kept nodes are kept
    // (a node's level is at most one more than the previous node's).
    const cut = f.hidden!.minShare * t.total;
    for (let i = 1; i < f.level.length; i++) {
      expect(f.value[i]).toBeGreaterThanOrEqual(cut);
      expect(f.level[i]).toBeLessThanOrEqual(f.level[i - 1] + 1);
    }
    // The flame JSON of the whole tree is several times larger than the bounded one.
    expect(JSON.stringify(flameData(t)).length).toBeGreaterThan(5 * JSON.stringify(f).length);
  });

  it('bounds a diff flame graph by the larger of the new and the base value', () => {
    const base = textProfile(`
      main;parse 500
      main;old 400
      main;tiny 1
    `);
    const d = diffFlameData(diffTrees(buildTree(base), buildTree(p)), { minShare: 0.05, maxNodes: 1000 });
    const names = d.label.map((l) => d.names[l]);
    expect(names).toContain('old'); // gone in the new profile, large in the base
    expect(names).not.toContain('tiny');
    expect(names).not.toContain('log');
    expect(d.baseValue).toHaveLength(d.level.length);
    expect(new Set(d.label).size).toBe(d.names.length);
  });

  it('refuses a profile past the sample cap or a tree past the node cap, typed', () => {
    const bytes = encodeProfile(p);
    expect(() => decodeProfileSync(bytes, { maxSamples: 3 })).toThrow(LabFailure);
    try {
      decodeProfileSync(bytes, { maxSamples: 3 });
    } catch (err) {
      expect((err as LabFailure).error).toMatchObject({ code: 'ProfileTooLarge', detail: { size: 6, limit: 3, stage: 'samples' } });
      expect((err as LabFailure).error.message).toBe('profile too large: 6 samples exceed the limit of 3');
    }
    expect(decodeProfileSync(bytes, { maxSamples: 6 }).samples.count).toBe(6);
    try {
      buildTree(p, { maxNodes: 5 });
      expect.unreachable();
    } catch (err) {
      expect((err as LabFailure).error).toMatchObject({ code: 'ProfileTooLarge', detail: { limit: 5, stage: 'nodes' } });
    }
    expect(buildTree(p, { maxNodes: 10 }).count).toBe(10);
  });
});
