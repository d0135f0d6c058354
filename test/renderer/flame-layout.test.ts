// Flame graph transforms over the columnar nested set, checked as small text pictures (one line
// per level, frames scaled to characters), as Grafana's flame graph tests do.
import { describe, expect, it } from 'vitest';
import { ancestry, flameRects, graphHeight, hitTest, layoutFlame } from '../../src/renderer/src/model/flame-layout.js';
import { flameToText } from '../../src/renderer/src/model/flame-text.js';
import { flameFrom } from './flame-fixture.js';

const STACKS = `
main;parse;split 40
main;parse 10
main;encode;join 30
main;encode;itoa 10
gc 10
`;

describe('layoutFlame', () => {
  it('places children inside their parent, in order, and finds subtree ends and parents', () => {
    const d = flameFrom(STACKS);
    const l = layoutFlame(d);
    expect(d.names[d.label[0]]).toBe('root');
    expect(l.total).toBe(100);
    expect(l.maxLevel).toBe(3);
    const at = (name: string) => d.label.findIndex((k) => d.names[k] === name);
    expect(l.x[at('gc')]).toBe(0);
    expect(l.x[at('main')]).toBe(10);
    expect(l.x[at('encode')]).toBe(10);
    expect(l.x[at('parse')]).toBe(50);
    expect(l.x[at('split')]).toBe(50);
    expect(l.end[0]).toBe(d.level.length);
    expect(l.end[at('encode')]).toBe(at('parse'));
    expect(l.parent[at('split')]).toBe(at('parse'));
    expect(ancestry(l, at('itoa')).map((i) => d.names[d.label[i]])).toEqual(['root', 'main', 'encode', 'itoa']);
  });

  it('draws the whole graph as an icicle', () => {
    const d = flameFrom(STACKS);
    expect(flameToText(d, layoutFlame(d), 50)).toBe(
      [
        '[root--------------------------------------------]',
        '[gc-][main---------------------------------------]',
        '     [encode------------][parse------------------]',
        '     [ito][join---------][split-------------]',
      ].join('\n'),
    );
  });

  it('zooms into a frame: its subtree fills the width, its ancestors stay full width', () => {
    const d = flameFrom(STACKS);
    const l = layoutFlame(d);
    const encode = d.label.findIndex((k) => d.names[k] === 'encode');
    expect(flameToText(d, l, 40, encode)).toBe(
      [
        '[root----------------------------------]',
        '[main----------------------------------]',
        '[encode--------------------------------]',
        '[itoa----][join------------------------]',
      ].join('\n'),
    );
  });

  it('culls subtrees narrower than the minimum width, children included', () => {
    const d = flameFrom('a;b;c 1\nd 999');
    const l = layoutFlame(d);
    const r = flameRects(d, l, { zoom: -1, width: 100, rowHeight: 10, inverted: false, minPx: 0.5 });
    expect([...r.node.slice(0, r.count)].map((i) => d.names[d.label[i]])).toEqual(['root', 'd']);
    const r2 = flameRects(d, l, { zoom: -1, width: 1000, rowHeight: 10, inverted: false, minPx: 0.5 });
    expect(r2.count).toBe(5);
  });

  it('puts roots at the bottom in flame mode', () => {
    const d = flameFrom(STACKS);
    const l = layoutFlame(d);
    const r = flameRects(d, l, { zoom: -1, width: 100, rowHeight: 20, inverted: true, minPx: 0.5 });
    expect(graphHeight(l, 20)).toBe(80);
    expect(r.node[0]).toBe(0);
    expect(r.y[0]).toBe(60);
  });

  it('hit-tests the frame under the pointer, zoomed or not, in both orientations', () => {
    const d = flameFrom(STACKS);
    const l = layoutFlame(d);
    const name = (i: number) => (i < 0 ? null : d.names[d.label[i]]);
    const v = { zoom: -1, width: 100, rowHeight: 10, inverted: false, minPx: 0.5 };
    expect(name(hitTest(d, l, v, 5, 15))).toBe('gc');
    expect(name(hitTest(d, l, v, 15, 35))).toBe('itoa');
    expect(name(hitTest(d, l, v, 45, 35))).toBe('join');
    expect(name(hitTest(d, l, v, 45, 45))).toBe(null);
    expect(name(hitTest(d, l, v, 99, 25))).toBe('parse');
    expect(name(hitTest(d, l, v, 99.9, 35))).toBe(null);
    const encode = d.label.findIndex((k) => d.names[k] === 'encode');
    const z = { ...v, zoom: encode };
    expect(name(hitTest(d, l, z, 10, 35))).toBe('itoa');
    expect(name(hitTest(d, l, z, 90, 35))).toBe('join');
    expect(name(hitTest(d, l, z, 90, 5))).toBe('root');
    expect(name(hitTest(d, l, { ...v, inverted: true }, 5, 25))).toBe('gc');
  });

  it('lays out 100,000 nodes and culls them to what a 1200 px canvas can show', () => {
    const level: number[] = [0];
    const value: number[] = [100_000];
    for (let i = 0; i < 99_999; i++) {
      level.push(1 + (i % 4));
      value.push(4 - (i % 4));
    }
    const l = layoutFlame({ level, value });
    expect(l.maxLevel).toBe(4);
    const r = flameRects({ level, value }, l, { zoom: -1, width: 1200, rowHeight: 18, inverted: false, minPx: 0.5 });
    expect(r.count).toBe(1);
    const zoomed = flameRects({ level, value }, l, { zoom: 1, width: 1200, rowHeight: 18, inverted: false, minPx: 0.5 });
    expect(zoomed.count).toBe(5);
  });
});
