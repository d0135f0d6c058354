// Flame graph navigation and reshaping as small text pictures: wheel zoom around a point and
// drag pan of a range inside the zoomed frame (climbing to ancestors when zooming out past it),
// keyboard moves of the selected frame, left-heavy order and collapsed recursion.
import { describe, expect, it } from 'vitest';
import { hitTest, layoutFlame } from '../../src/renderer/src/model/flame-layout.js';
import { clampRange, moveSelection, panRange, wheelZoom } from '../../src/renderer/src/model/flame-nav.js';
import { flameToText } from '../../src/renderer/src/model/flame-text.js';
import { reshapeFlame } from '../../src/renderer/src/model/flame-transform.js';
import { flameFrom } from './flame-fixture.js';

const STACKS = `
main;parse;split 40
main;parse 10
main;encode;join 30
main;encode;itoa 10
gc 10
`;

describe('wheel zoom and pan', () => {
  const d = flameFrom(STACKS);
  const l = layoutFlame(d);
  const at = (name: string) => d.label.findIndex((k) => d.names[k] === name);

  it('zooms around the pointer: the value under it stays under it', () => {
    // The pointer at 75% of the width is over value 75 (parse/split); halve the span around it:
    // 37.5..87.5 shows the end of join and split (cut at the right edge).
    const z = wheelZoom(d, l, -1, null, 0.75, 0.5);
    expect(z.zoom).toBe(-1);
    expect(z.range).toEqual({ x0: 37.5, span: 50 });
    expect(flameToText(d, l, 40, z.zoom, undefined, z.range)).toBe(
      [
        '[root----------------------------------]',
        '[main----------------------------------]',
        '[encode--][parse-----------------------]',
        '[join----][split-----------------------]',
      ].join('\n'),
    );
    // The point under the pointer is the same frame before and after.
    const v = { zoom: -1, width: 400, rowHeight: 10, inverted: false, minPx: 0.5 };
    expect(hitTest(d, l, { ...v, range: z.range }, 300, 35)).toBe(hitTest(d, l, v, 300, 35));
  });

  it('zooming out past the zoomed frame climbs to its ancestors, then to the whole graph', () => {
    const parse = at('parse');
    const inside = wheelZoom(d, l, parse, null, 0.5, 0.5);
    expect(inside).toEqual({ zoom: parse, range: { x0: 62.5, span: 25 } });
    const out = wheelZoom(d, l, parse, null, 0.5, 1.5);
    expect(out.zoom).toBe(at('main'));
    // Centred on parse's middle (75) the range would start at 37.5; main (10..100) holds it from 25.
    expect(out.range).toEqual({ x0: 25, span: 75 });
    expect(wheelZoom(d, l, at('main'), null, 0.5, 2).range).toBeNull();
    expect(wheelZoom(d, l, at('main'), null, 0.5, 2).zoom).toBe(-1);
  });

  it('pans inside the zoomed frame and stops at its edges', () => {
    const r = { x0: 37.5, span: 50 };
    expect(panRange(d, l, -1, r, 0.25)).toEqual({ x0: 25, span: 50 });
    expect(panRange(d, l, -1, r, 5)).toEqual({ x0: 0, span: 50 });
    expect(panRange(d, l, -1, r, -5)).toEqual({ x0: 50, span: 50 });
    expect(panRange(d, l, -1, null, 0.25)).toBeNull();
    expect(clampRange({ x0: -10, span: 1000 }, { x0: 10, span: 90 }, 100)).toEqual({ x0: 10, span: 90 });
  });
});

describe('keyboard moves', () => {
  const d = flameFrom(STACKS);
  const l = layoutFlame(d);
  const at = (name: string) => d.label.findIndex((k) => d.names[k] === name);
  const name = (i: number) => d.names[d.label[i]];

  it('goes to the parent, the widest child, and along the row', () => {
    expect(name(moveSelection(d, l, -1, -1, 'child'))).toBe('root');
    expect(name(moveSelection(d, l, -1, 0, 'child'))).toBe('main');
    expect(name(moveSelection(d, l, -1, at('main'), 'child'))).toBe('parse');
    expect(name(moveSelection(d, l, -1, at('split'), 'parent'))).toBe('parse');
    expect(moveSelection(d, l, -1, 0, 'parent')).toBe(0);
    expect(name(moveSelection(d, l, -1, at('encode'), 'next'))).toBe('parse');
    expect(name(moveSelection(d, l, -1, at('parse'), 'prev'))).toBe('encode');
    // Along the row across parents: itoa, join (encode's) then split (parse's).
    expect(name(moveSelection(d, l, -1, at('join'), 'next'))).toBe('split');
    expect(name(moveSelection(d, l, -1, at('split'), 'next'))).toBe('split');
  });

  it('stays inside the zoomed subtree', () => {
    const encode = at('encode');
    expect(name(moveSelection(d, l, encode, at('join'), 'next'))).toBe('join');
    expect(name(moveSelection(d, l, encode, at('itoa'), 'next'))).toBe('join');
    expect(name(moveSelection(d, l, encode, encode, 'next'))).toBe('encode');
  });
});

describe('reshapeFlame', () => {
  it('orders children heaviest first (left heavy), by name otherwise', () => {
    const d = flameFrom(STACKS);
    expect(reshapeFlame(d, { leftHeavy: false, collapseRecursion: false })).toBe(d);
    const h = reshapeFlame(d, { leftHeavy: true, collapseRecursion: false });
    expect(flameToText(h, layoutFlame(h), 50)).toBe(
      [
        '[root--------------------------------------------]',
        '[main---------------------------------------][gc-]',
        '[parse------------------][encode------------]',
        '[split-------------]     [join---------][ito]',
      ].join('\n'),
    );
    expect(h.value[0]).toBe(100);
  });

  it('merges directly recursive frames, adding self values and merging callees by name', () => {
    const d = flameFrom('main;walk;walk;walk;visit 30\nmain;walk;visit 10\nmain;walk;walk 5\nmain;walk;walk;leaf 5');
    const c = reshapeFlame(d, { leftHeavy: false, collapseRecursion: true });
    expect(flameToText(c, layoutFlame(c), 50)).toBe(
      [
        '[root--------------------------------------------]',
        '[main--------------------------------------------]',
        '[walk--------------------------------------------]',
        '[lea][visit---------------------------------]',
      ].join('\n'),
    );
    const walk = c.label.findIndex((k) => c.names[k] === 'walk');
    expect(c.value[walk]).toBe(50);
    expect(c.self[walk]).toBe(5);
    const visit = c.label.findIndex((k) => c.names[k] === 'visit');
    expect(c.value[visit]).toBe(40);
  });

  it('keeps the base values of a diff', () => {
    const d = flameFrom('main;f;f 10', 'main;f;f 4\nmain;f 2');
    const c = reshapeFlame(d, { leftHeavy: true, collapseRecursion: true });
    const f = c.label.findIndex((k) => c.names[k] === 'f');
    expect([c.value[f], c.self[f], c.baseValue?.[f], c.baseSelf?.[f]]).toEqual([10, 10, 6, 6]);
    expect(c.level).toEqual([0, 1, 2]);
  });
});
