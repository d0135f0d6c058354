// Diff, sandwich, source lines and merge, on small pictures and on the real fixture profiles.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  buildTree,
  decodeProfileSync,
  diffTrees,
  flameData,
  mergeProfiles,
  sandwich,
  sourceView,
  topTable,
} from '../../../src/core/pprof/index.js';
import { LabFailure } from '../../../src/shared/errors.js';
import { picture, renderFlame } from './helpers/render.js';
import { realProfiles, type RealProfiles } from './helpers/real-profiles.js';
import { textProfile } from './helpers/text-profile.js';

let real: RealProfiles;
beforeAll(async () => {
  real = await realProfiles();
});

describe('diffTrees', () => {
  const before = textProfile(`
    main;parse;scan 40
    main;parse;alloc 20
    main;gc 10
  `);
  const after = textProfile(`
    main;parse;scan 25
    main;parse;intern 5
    main;gc 10
  `);

  it('aligns both trees by call path, keeping paths present on one side only', () => {
    const f = flameData(buildTree(after), buildTree(before));
    expect(renderFlame(f)).toBe(
      picture(`
      root 40/0 base 70/0
        main 40/0 base 70/0
          gc 10/10 base 10/10
          parse 30/0 base 60/0
            alloc 0/0 base 20/20
            intern 5/5 base 0/0
            scan 25/25 base 40/40
    `),
    );
    expect(f.baseTotal).toBe(70);
    expect(f.total).toBe(40);
  });

  it('gives absolute and relative change per node', () => {
    const d = diffTrees(buildTree(before), buildTree(after));
    const at = (name: string) => d.names.indexOf(name);
    const node = (name: string) => Array.from(d.name).indexOf(at(name));
    expect(d.delta[node('scan')]).toBe(-15);
    expect(d.relative[node('scan')]).toBeCloseTo(-15 / 40);
    expect(d.delta[node('alloc')]).toBe(-20);
    expect(d.relative[node('alloc')]).toBe(-1);
    expect(d.delta[node('intern')]).toBe(5);
    expect(Number.isNaN(d.relative[node('intern')])).toBe(true);
  });

  it('diffing a tree against itself changes nothing', () => {
    const t = buildTree(decodeProfileSync(readFileSync(real.cpu)));
    const d = diffTrees(t, t);
    expect(d.count).toBe(t.count);
    expect(d.delta.every((x) => x === 0)).toBe(true);
  });
});

describe('sandwich', () => {
  const p = textProfile(`
    main;a;f;g 10
    main;b;f 5
    main;f;f;h 3
    main;c 7
  `);

  it('callees merge every outermost call, callers come from the innermost', () => {
    const s = sandwich(p, 'f');
    expect(s.self).toBe(5);
    expect(s.cum).toBe(18);
    expect(renderFlame(s.callees)).toBe(
      picture(`
      f 18/5
        f 3/0
          h 3/3
        g 10/10
    `),
    );
    expect(renderFlame(s.callers)).toBe(
      picture(`
      f 18/0
        a 10/0
          main 10/10
        b 5/0
          main 5/5
        f 3/0
          main 3/3
    `),
    );
  });

  it('works on a real profile: the recursive Fib calls itself', () => {
    const s = sandwich(buildTree(decodeProfileSync(readFileSync(real.cpu))), 'example.com/pprofgen.Fib');
    const callees = s.callees.label.map((l) => s.callees.names[l]);
    expect(callees[0]).toBe('example.com/pprofgen.Fib');
    expect(callees.slice(1)).toContain('example.com/pprofgen.Fib');
    const callers = s.callers.label.map((l) => s.callers.names[l]);
    expect(callers).toContain('example.com/pprofgen.BenchmarkFib');
    expect(s.callers.value[0]).toBe(s.cum);
    const top = topTable(decodeProfileSync(readFileSync(real.cpu))).rows.find((r) => r.name === 'example.com/pprofgen.Fib')!;
    expect(s.cum).toBe(top.cum);
    expect(s.self).toBe(top.flat);
  });

  it('an unknown function is InvalidInput', () => {
    expect(() => sandwich(p, 'nope')).toThrow(LabFailure);
  });
});

describe('sourceView', () => {
  it('puts flat on the leaf line and cum once per sample on each line of the function', async () => {
    const p = textProfile(`
      main;f+g;h 4
      main;f 6
    `);
    // In the picture, f's lines are 12 (f+g: the caller f is the second line) and 11.
    const v = await sourceView(p, 'f', async () => Array.from({ length: 14 }, (_, i) => `line ${i + 1}`).join('\n'));
    expect(v.found).toBe(true);
    expect(v.file).toBe('pkg/f.go');
    expect(v.lines.map((l) => [l.line, l.flat, l.cum])).toEqual([
      [10, 0, 0],
      [11, 6, 6],
      [12, 0, 4],
      [13, 0, 0],
      [14, 0, 0],
    ]);
    expect(v.lines[1].text).toBe('line 11');
  });

  it('reads the real fixture source for Hash through the callback', async () => {
    const p = decodeProfileSync(readFileSync(real.cpu));
    const asked: string[] = [];
    const v = await sourceView(p, 'example.com/pprofgen.Hash', async (file) => {
      asked.push(file);
      return readFileSync(join(real.module, file.replace(/^example\.com\/pprofgen\//, '')), 'utf8');
    });
    expect(asked).toEqual(['example.com/pprofgen/work.go']);
    expect(v.found).toBe(true);
    const hot = v.lines.filter((l) => l.cum > 0);
    expect(hot.length).toBeGreaterThan(0);
    expect(hot.some((l) => l.text.includes('mix(h, uint64(b))'))).toBe(true);
    expect(v.lines[0].text).toMatch(/^func Hash/);
  });

  it('without the file the lines still carry numbers and values', async () => {
    const p = textProfile('main;f 3');
    const v = await sourceView(p, 'f', async () => null);
    expect(v.found).toBe(false);
    expect(v.lines.find((l) => l.line === 11)).toEqual({ line: 11, text: '', flat: 3, cum: 3 });
  });
});

describe('mergeProfiles', () => {
  it('sums repetitions: the merged tree is the sum of both trees', () => {
    const a = textProfile('main;a 3\nmain;b 1');
    const b = textProfile('main;b 2\nmain;c 5');
    expect(renderFlame(flameData(buildTree(mergeProfiles([a, b]))))).toBe(
      picture(`
      root 11/0
        main 11/0
          a 3/3
          b 3/3
          c 5/5
    `),
    );
  });

  it('refuses profiles of different sample types', () => {
    const a = textProfile('main 1');
    const b = textProfile('main 1', [{ type: 'alloc_space', unit: 'bytes' }]);
    expect(() => mergeProfiles([a, b])).toThrow(LabFailure);
  });
});
