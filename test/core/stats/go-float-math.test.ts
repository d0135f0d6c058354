// Go's amd64 math.Log / math.Exp and a correctly rounded FMA (src/core/stats/go-float-math.ts)
// against Go itself (test/fixtures/statsoracle, built for this machine: amd64 with AVX+FMA, the
// path benchstat takes here), and the geomean benchstat prints, bit for bit.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { geomean } from '../../../src/core/stats/index.js';
import { fusedMultiplyAdd, goExp, goLog } from '../../../src/core/stats/go-float-math.js';
import { buildOracle, goFloat, type Oracle } from './oracle.js';
import { intIn, prng, timings } from './gen.js';

let oracle: Oracle;

beforeAll(async () => {
  oracle = await buildOracle();
});

afterAll(async () => {
  await oracle?.dispose();
});

const hex = (x: number): string => {
  const v = new DataView(new ArrayBuffer(8));
  v.setFloat64(0, x);
  return v.getBigUint64(0).toString(16);
};

/** Compares ours with the oracle's answers bit for bit; returns the mismatches. */
function mismatches(xs: readonly number[], ours: (x: number) => number, theirs: readonly { value: string }[], name: string): string[] {
  return xs.flatMap((x, i) => {
    const want = goFloat(theirs[i].value);
    const got = ours(x);
    return Object.is(got, want) ? [] : [`${name}(${x}) = ${got} (${hex(got)}), Go ${want} (${hex(want)})`];
  });
}

describe('Go amd64 Log and Exp', () => {
  it('goLog equals math.Log bit for bit (edges, √2/2 neighbours, 20,000 random magnitudes)', async () => {
    const rand = prng(1);
    const xs = [
      1,
      2,
      0.5,
      105,
      101,
      1e-9,
      3e9,
      Math.SQRT1_2,
      0.7071067811865475,
      0.7071067811865477,
      Math.SQRT2,
      1e300,
      1.7976931348623157e308,
      2.2250738585072014e-308,
      5e-324,
      1e-310,
      4.9e-320,
    ];
    for (let i = 0; i < 20000; i++) xs.push(10 ** (rand() * 40 - 20));
    for (let i = 0; i < 2000; i++) xs.push(1 + (rand() - 0.5) * 1e-6);
    const answers = await oracle.ask<{ value: string }>(xs.map((x) => ({ op: 'log', x })));
    expect(mismatches(xs, goLog, answers, 'log')).toEqual([]);
    expect(goLog(0)).toBe(-Infinity);
    expect(goLog(-1)).toBeNaN();
    expect(goLog(Infinity)).toBe(Infinity);
    expect(goLog(NaN)).toBeNaN();
  });

  it('goExp equals math.Exp (FMA path) bit for bit (edges, subnormal results, 20,000 random arguments)', async () => {
    const rand = prng(2);
    const xs = [
      0, 1, -1, 4.63, -20.7, 700, -700, -708.4, -709, -720, -744.4, -745, -745.2, -746, -1e10, 709.78, 709.782712893384, 709.7827128933841,
      1e-10, -1e-10, 1e-300, 20.7, -0.5, 0.34657359027997264, -1e300,
    ];
    for (let i = 0; i < 20000; i++) xs.push((rand() - 0.5) * (i % 4 === 0 ? 1500 : i % 4 === 1 ? 1 : 60));
    const answers = await oracle.ask<{ value: string }>(xs.map((x) => ({ op: 'exp', x })));
    expect(mismatches(xs, goExp, answers, 'exp')).toEqual([]);
    expect(goExp(Infinity)).toBe(Infinity);
    expect(goExp(-Infinity)).toBe(0);
    expect(goExp(NaN)).toBeNaN();
    expect(goExp(710)).toBe(Infinity);
    // and Math.exp is not good enough: it differs from Go for some of these
    const vsMath = xs.filter((x, i) => Math.exp(x) !== goFloat(answers[i].value)).length;
    expect(vsMath).toBeGreaterThan(10);
  });

  it('fusedMultiplyAdd equals math.FMA on 30,000 triples (fast path and exact fallback)', async () => {
    const rand = prng(3);
    const signed = (): number => (rand() < 0.5 ? -1 : 1);
    const triples: [number, number, number][] = [
      [0.1, 10, -1],
      [2, 3, 4],
      [1 + 2 ** -52, 1 - 2 ** -53, -1],
      [2 ** 600, 2 ** 600, -1], // overflow
      [2 ** -600, 2 ** -600, 2 ** -1074], // underflow to the subnormal range
      [1e-200, 1e-200, -1e-310],
      [3, 1 / 3, -1],
      [0, 5, -0],
      [-0, 5, 0],
      [1e300, 1e10, -1.7976931348623157e308],
      [1e300, 1e-10, -1e290],
    ];
    for (let i = 0; i < 30000; i++) {
      const scale = i % 3 === 0 ? 2 ** intIn(rand, -1100, 1000) : 2 ** intIn(rand, -60, 60);
      const a = signed() * rand() * scale;
      const b = signed() * (1 + rand());
      // c near -a·b makes the cancellation cases that need the single rounding
      const c = i % 2 === 0 ? -(a * b) * (1 + (rand() - 0.5) * 2 ** -40) : signed() * rand() * 2 ** intIn(rand, -80, 80);
      triples.push([a, b, c]);
    }
    const answers = await oracle.ask<{ value: string }>(triples.map(([x, y, z]) => ({ op: 'fma', x, y, z })));
    const bad = triples.flatMap(([a, b, c], i) => {
      const want = goFloat(answers[i].value);
      const got = fusedMultiplyAdd(a, b, c);
      return Object.is(got, want) || (got === 0 && want === 0) ? [] : [`fma(${a}, ${b}, ${c}) = ${got}, Go ${want}`];
    });
    expect(bad.slice(0, 10)).toEqual([]);
    // the single rounding matters: a plain a*b + c differs on many of them
    expect(triples.filter(([a, b, c], i) => a * b + c !== goFloat(answers[i].value)).length).toBeGreaterThan(1000);
  });
});

describe('geomean', () => {
  it('equals go-moremath GeoMean bit for bit on 2,000 samples (benchstat CSV prints every digit)', async () => {
    const rand = prng(5);
    const samples = Array.from({ length: 2000 }, (_, i) =>
      i % 2 ? timings(rand, intIn(rand, 1, 40), 10 ** intIn(rand, -9, 9), 1) : timings(rand, intIn(rand, 1, 40), 1000, 0.3).map(Math.round),
    );
    samples.push([105, 101]);
    const answers = await oracle.ask<{ value: string }>(samples.map((values) => ({ op: 'geomean', values })));
    const bad = samples.flatMap((xs, i) =>
      Object.is(geomean(xs), goFloat(answers[i].value)) ? [] : [`geomean([${xs}]) = ${geomean(xs)}, Go ${answers[i].value}`],
    );
    expect(bad.slice(0, 10)).toEqual([]);
    expect(geomean([105, 101])).toBe(102.9805806936434); // Math.log/Math.exp give ...4339
    expect(geomean([1, 0, 2])).toBeNaN();
    expect(geomean([])).toBeNaN();
  });
});
