// Call trees and flame data from small text pictures: merging of shared paths, inlined
// frames (a location's lines become frames, caller last), recursion, sorting, filters with
// pprof's semantics, sample type selection and the columnar nested-set layout.
import { describe, expect, it } from 'vitest';
import { buildTree, flameData, topTable } from '../../../src/core/pprof/index.js';
import { LabFailure } from '../../../src/shared/errors.js';
import { picture, renderFlame } from './helpers/render.js';
import { textProfile } from './helpers/text-profile.js';

const base = textProfile(`
  main;work;hash 30
  main;work;mix 10
  main;work 5
  main;idle 20
  main;work+inl;leaf 7
`);

describe('buildTree', () => {
  it('merges shared paths and sorts children by name', () => {
    expect(renderFlame(flameData(buildTree(base)))).toBe(
      picture(`
      root 72/0
        main 72/0
          idle 20/20
          work 52/5
            hash 30/30
            inl 7/0
              leaf 7/7
            mix 10/10
    `),
    );
  });

  it('keeps the nested-set invariants: children follow their parent, values add up', () => {
    const t = buildTree(base);
    for (let i = 1; i < t.count; i++) {
      expect(t.depth[i]).toBe(t.depth[t.parent[i]] + 1);
      expect(t.parent[i]).toBeLessThan(i);
      expect(t.end[i]).toBeLessThanOrEqual(t.end[t.parent[i]]);
    }
    for (let i = 0; i < t.count; i++) {
      let children = 0;
      for (let j = i + 1; j < t.end[i]; j++) if (t.parent[j] === i) children += t.value[j];
      expect(t.value[i]).toBe(t.self[i] + children);
    }
    expect(t.total).toBe(72);
  });

  it('counts a recursive function once in cum, every level in the tree', () => {
    const p = textProfile(`
      main;fib;fib;fib 8
      main;fib;fib 4
      main;other;fib 2
    `);
    expect(renderFlame(flameData(buildTree(p)))).toBe(
      picture(`
      root 14/0
        main 14/0
          fib 12/0
            fib 12/4
              fib 8/8
          other 2/0
            fib 2/2
    `),
    );
    const fib = topTable(p).rows.find((r) => r.name === 'fib')!;
    expect(fib).toMatchObject({ flat: 14, cum: 14 });
  });

  it('picks the sample type and skips zero-valued samples', () => {
    const p = textProfile(
      `
      main;a 1 100
      main;b 2 0
    `,
      [
        { type: 'samples', unit: 'count' },
        { type: 'cpu', unit: 'nanoseconds' },
      ],
    );
    expect(renderFlame(flameData(buildTree(p)))).toBe(
      picture(`
      root 100/0
        main 100/0
          a 100/100
    `),
    );
    expect(renderFlame(flameData(buildTree(p, { sampleType: 'samples' })))).toBe(
      picture(`
      root 3/0
        main 3/0
          a 1/1
          b 2/2
    `),
    );
    expect(() => buildTree(p, { sampleType: 'alloc_space' })).toThrow(LabFailure);
  });

  it('focus keeps samples through a match, ignore drops them, hide removes frames', () => {
    expect(renderFlame(flameData(buildTree(base, { focus: '^hash$|^leaf$' })))).toBe(
      picture(`
      root 37/0
        main 37/0
          work 37/0
            hash 30/30
            inl 7/0
              leaf 7/7
    `),
    );
    expect(renderFlame(flameData(buildTree(base, { ignore: 'work' })))).toBe(
      picture(`
      root 20/0
        main 20/0
          idle 20/20
    `),
    );
    // Hiding the inlined frame keeps its caller's location; hiding a leaf moves self up.
    expect(renderFlame(flameData(buildTree(base, { hide: '^(inl|hash)$' })))).toBe(
      picture(`
      root 72/0
        main 72/0
          idle 20/20
          work 52/35
            leaf 7/7
            mix 10/10
    `),
    );
    // Percentages stay relative to the whole profile (pprof computes the total before focus).
    expect(buildTree(base, { focus: 'idle' }).total).toBe(72);
  });

  it('matches focus against file names too (pprof matches name or file)', () => {
    const t = buildTree(base, { focus: 'pkg/mix\\.go' });
    expect(t.value[0]).toBe(10);
  });

  it('rejects an invalid regex with InvalidInput naming the option', () => {
    try {
      buildTree(base, { focus: '(' });
      throw new Error('no error');
    } catch (err) {
      expect(err).toBeInstanceOf(LabFailure);
      expect((err as LabFailure).error).toMatchObject({ code: 'InvalidInput', detail: { field: 'focus', value: '(' } });
    }
  });

  it('an empty stack adds to the root only', () => {
    const p = textProfile(`
      - 5
      main 1
    `);
    expect(renderFlame(flameData(buildTree(p)))).toBe(
      picture(`
      root 6/5
        main 1/1
    `),
    );
  });
});

describe('flameData', () => {
  it('is plain JSON with one name per distinct frame and file:line of each', () => {
    const f = flameData(buildTree(base));
    expect(JSON.parse(JSON.stringify(f))).toEqual(f);
    expect(new Set(f.names).size).toBe(f.names.length);
    expect(f.files[f.names.indexOf('hash')]).toBe('pkg/hash.go:10');
    expect(f.level.length).toBe(f.value.length);
    expect(f.sampleType).toEqual({ type: 'cpu', unit: 'nanoseconds' });
  });
});
