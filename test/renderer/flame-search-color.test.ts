// Search (RE2 over names, share without double counting recursion), package colours, diff
// steps and the tooltip text of the flame graph.
import { describe, expect, it } from 'vitest';
import { layoutFlame } from '../../src/renderer/src/model/flame-layout.js';
import { matchFunction, searchFlame } from '../../src/renderer/src/model/flame-search.js';
import { diffColor, diffSteps, labelColors, packageOf } from '../../src/renderer/src/model/flame-color.js';
import { breadcrumb, fitLabel, frameInfo } from '../../src/renderer/src/model/flame-info.js';
import { flameToText } from '../../src/renderer/src/model/flame-text.js';
import { flameFrom } from './flame-fixture.js';

const RECURSIVE = `
main;walk;walk;visit 30
main;walk;visit 20
main;other 50
`;

describe('searchFlame', () => {
  it('marks matches and counts a recursive function once in its share', () => {
    const d = flameFrom(RECURSIVE);
    const l = layoutFlame(d);
    const r = searchFlame(d, l, 'walk');
    expect(r.ok).toBe(true);
    if (!r.ok || !r.matches) throw new Error('no matches');
    expect(r.matches.count).toBe(2);
    expect(r.matches.value).toBe(50);
    expect(r.matches.share).toBe(0.5);
    expect(flameToText(d, l, 40, -1, r.matches.nodes)).toBe(
      [
        '[root----------------------------------]',
        '[main----------------------------------]',
        '[other-------------][*walk-------------]',
        '                    [visit-][*walk-----]',
        '                            [visit-----]',
      ].join('\n'),
    );
  });

  it('uses RE2 (Go) syntax: case-insensitive for lower-case queries, errors for Perl-only syntax', () => {
    const d = flameFrom('pkg.Parse;strings.Split 5\npkg.parseInt 5');
    const l = layoutFlame(d);
    const lower = searchFlame(d, l, 'parse');
    expect(lower.ok && lower.matches?.count).toBe(2);
    const upper = searchFlame(d, l, 'Parse');
    expect(upper.ok && upper.matches?.count).toBe(1);
    const bad = searchFlame(d, l, 'a(?=b)');
    expect(bad.ok).toBe(false);
    expect(searchFlame(d, l, '  ')).toEqual({ ok: true, matches: null });
  });

  it('matches one exact function for the top table selection', () => {
    const d = flameFrom(RECURSIVE);
    const m = matchFunction(d, layoutFlame(d), 'visit');
    expect(m.count).toBe(2);
    expect(m.value).toBe(50);
  });
});

describe('colours', () => {
  it('takes the package from Go function names', () => {
    expect(packageOf('example.com/basic/parse.Fields')).toBe('example.com/basic/parse');
    expect(packageOf('runtime.mallocgc')).toBe('runtime');
    expect(packageOf('strings.(*Builder).WriteString')).toBe('strings');
    expect(packageOf('github.com/a/b.(*T).m.func1')).toBe('github.com/a/b');
    expect(packageOf('pkg.F[go.shape.int]')).toBe('pkg');
    expect(packageOf('root')).toBe('root');
  });

  it('gives one colour per package, different per theme', () => {
    const c = labelColors(['a/p.F', 'a/p.G', 'b.H'], 'light');
    expect(c[0]).toBe(c[1]);
    expect(c[0]).not.toBe(c[2]);
    expect(labelColors(['a/p.F'], 'dark')[0]).not.toBe(c[0]);
  });

  it('scales diff steps by the largest change: red growth, blue shrink, relative vs absolute', () => {
    // The new profile has twice the samples overall; `slow` grew in share, `fast` stayed.
    const d = flameFrom('main;slow 120\nmain;fast 80', 'main;slow 40\nmain;fast 60');
    const name = (i: number) => d.names[d.label[i]];
    const abs = diffSteps(d, 'absolute');
    const rel = diffSteps(d, 'relative');
    const at = (n: string) => d.label.findIndex((k) => d.names[k] === n);
    expect(abs[at('main')]).toBe(8);
    expect(abs[at('slow')]).toBe(6);
    expect(abs[at('fast')]).toBeGreaterThan(0);
    expect(rel[at('main')]).toBe(0);
    expect(rel[at('slow')]).toBe(8);
    expect(rel[at('fast')]).toBe(-8);
    expect(name(0)).toBe('root');
    expect(diffColor(8, 'light')).toMatch(/^hsl\(0 /);
    expect(diffColor(-8, 'light')).toMatch(/^hsl\(215 /);
    expect(diffColor(0, 'light')).not.toBe(diffColor(1, 'light'));
  });
});

describe('frame info', () => {
  it('labels total and self (with their shares), gives the file, and base -> new in diff mode', () => {
    const d = flameFrom('main;parse 1500000\nmain 500000', undefined, { parse: 'parse.go:12' });
    const i = d.label.findIndex((k) => d.names[k] === 'parse');
    const f = frameInfo(d, i);
    expect(f.total).toBe('total 1.50ms (75.0%)');
    expect(f.selfText).toBe('self 1.50ms (75.0%)');
    const root = frameInfo(d, 0);
    expect([root.total, root.selfText]).toEqual(['total 2ms (100.0%)', 'self 0ns (0.0%)']);
    expect(f.file).toBe('parse.go:12');
    expect(f.diff).toBeNull();
    const dd = flameFrom('main;parse 30', 'main;parse 20');
    const g = frameInfo(
      dd,
      dd.label.findIndex((k) => dd.names[k] === 'parse'),
    );
    expect(g.diff).toBe('base 20ns (100.0%) -> 30ns (100.0%): +50.0%');
    expect(f.perOp).toBeNull();
  });

  it('says per op when the profiles know the iterations their processes ran', () => {
    const d = { ...flameFrom('main;parse 1500000\nmain 500000'), iterations: 1000 };
    const f = frameInfo(
      d,
      d.label.findIndex((k) => d.names[k] === 'parse'),
    );
    expect(f.perOp).toBe('per op: total 1.50us, self 1.50us');
    expect(frameInfo(d, 0).perOp).toBe('per op: total 2us, self 0ns');
  });

  it('builds the breadcrumb and fits labels to their rectangle', () => {
    const d = flameFrom(RECURSIVE);
    const l = layoutFlame(d);
    const deep = d.level.findIndex((lv) => lv === 4);
    expect(breadcrumb(d, l, deep).map((b) => b.name)).toEqual(['root', 'main', 'walk', 'walk', 'visit']);
    expect(breadcrumb(d, l, -1)).toEqual([]);
    expect(fitLabel('example.com/basic/parse.Fields', 40)).toBe('example.com/basic/parse.Fields');
    expect(fitLabel('example.com/basic/parse.Fields', 14)).toBe('parse.Fields');
    expect(fitLabel('example.com/basic/parse.Fields', 8)).toBe('parse.F…');
    expect(fitLabel('x', 1)).toBe('x');
    expect(fitLabel('runtime.mcall', 3)).toBe('');
  });
});
