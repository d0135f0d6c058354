import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  formatConfigLine,
  formatResultLine,
  formatUnitLine,
  parseName,
  readBenchfmtAll,
  readBenchfmtStream,
} from '../../../src/core/benchfmt/index.js';
import type { BenchRecord, BenchValue } from '../../../src/core/benchfmt/index.js';
import { LabFailure } from '../../../src/shared/errors.js';

describe('parseName', () => {
  it('splits base, key=value and positional parts, and the -N suffix', () => {
    expect(parseName('Encode/format=json/size=1k-48')).toEqual({
      base: 'Encode',
      parts: [
        { key: 'format', value: 'json' },
        { key: 'size', value: '1k' },
      ],
      procs: 48,
      procsText: '48',
      withoutProcs: 'Encode/format=json/size=1k',
      rawParts: ['/format=json', '/size=1k', '-48'],
    });
    expect(parseName('Parse-8')).toMatchObject({ base: 'Parse', parts: [], procs: 8, withoutProcs: 'Parse' });
    expect(parseName('Parse')).toMatchObject({ base: 'Parse', procs: null, withoutProcs: 'Parse' });
    expect(parseName('F/size-1024')).toMatchObject({ base: 'F', parts: [{ key: null, value: 'size' }], procs: 1024 });
    expect(parseName('F-')).toMatchObject({ base: 'F-', procs: null });
    expect(parseName('F-x8')).toMatchObject({ base: 'F-x8', procs: null });
    expect(parseName('F/a=b=c')).toMatchObject({ parts: [{ key: 'a', value: 'b=c' }] });
    expect(parseName('F/x-8/y')).toMatchObject({
      parts: [
        { key: null, value: 'x-8' },
        { key: null, value: 'y' },
      ],
      procs: null,
    });
    expect(parseName('')).toMatchObject({ base: '', parts: [], procs: null });
  });
});

describe('writer', () => {
  it('prints what go test prints', () => {
    expect(formatConfigLine('goos', 'linux')).toBe('goos: linux');
    expect(formatConfigLine('ref', '')).toBe('ref:');
    expect(
      formatResultLine('Encode/format=json-48', 1000000, [
        { value: 1718, unit: 'ns/op' },
        { value: 1.5e-7, unit: 'x' },
      ]),
    ).toBe('BenchmarkEncode/format=json-48 1000000 1718 ns/op 1.5e-07 x');
    expect(formatUnitLine('text-bytes', 'assume', 'exact')).toBe('Unit text-bytes assume=exact');
  });

  it('refuses what would not read back, naming the value', () => {
    const bad = [
      () => formatConfigLine('Goos', 'x'),
      () => formatConfigLine('a b', 'x'),
      () => formatConfigLine('k', ' leading'),
      () => formatConfigLine('k', 'a\nb'),
      () => formatResultLine('A B', 1, [{ value: 1, unit: 'x' }]),
      () => formatResultLine('A', 1.5, [{ value: 1, unit: 'x' }]),
      () => formatResultLine('A', 1, []),
      () => formatResultLine('A', 1, [{ value: 1, unit: 'ns op' }]),
      () => formatUnitLine('x', 'a=b', 'c'),
    ];
    for (const f of bad) {
      expect(f).toThrow(LabFailure);
      try {
        f();
      } catch (e) {
        expect((e as LabFailure).error.code).toBe('InvalidInput');
      }
    }
  });
});

// Arbitraries for things the format can carry.
const nameChar = fc.constantFrom(...'abcXYZ019/=-_.:éµ'.split(''));
const arbName = fc.array(nameChar, { maxLength: 20 }).map((a) => a.join(''));
const arbUnit = fc.array(fc.constantFrom(...'nsMBop/*-xµ%'.split('')), { minLength: 1, maxLength: 8 }).map((a) => a.join(''));
const arbValue = fc.oneof(
  fc.double(),
  fc.integer({ min: 0, max: 1e9 }),
  fc.constantFrom(0, -0, 0.5, 1e-300, 5e-324, 1.7976931348623157e308),
);
const arbValues = fc.array(fc.record({ value: arbValue, unit: arbUnit }), { minLength: 1, maxLength: 4 });
const arbKey = fc
  .tuple(fc.constantFrom(...'abcé'.split('')), fc.array(fc.constantFrom(...'abz09-._/é'.split('')), { maxLength: 8 }))
  .map(([a, b]) => a + b.join(''));
const arbConfigValue = fc.oneof(
  fc.constant(''),
  fc.tuple(fc.constantFrom('a', 'x', '1', '@'), fc.string({ maxLength: 20 })).map(([a, b]) => a + b.replace(/[\r\n]/g, '')),
);

type Item =
  | { readonly t: 'config'; readonly key: string; readonly value: string }
  | { readonly t: 'result'; readonly name: string; readonly iterations: number; readonly values: BenchValue[] };

const arbItem: fc.Arbitrary<Item> = fc.oneof(
  fc.record({ t: fc.constant('config' as const), key: arbKey, value: arbConfigValue }),
  fc.record({
    t: fc.constant('result' as const),
    name: arbName,
    iterations: fc.integer({ min: -1000, max: 2 ** 53 - 1 }),
    values: arbValues,
  }),
);

function sameValue(a: number, b: number): boolean {
  return Object.is(a, b);
}

describe('round trips (property)', () => {
  it('write -> read gives back names, iterations, values, units and configs', () => {
    fc.assert(
      fc.property(fc.array(arbItem, { maxLength: 30 }), (items) => {
        const lines = items.map((it) =>
          it.t === 'config' ? formatConfigLine(it.key, it.value) : formatResultLine(it.name, it.iterations, it.values),
        );
        const recs = readBenchfmtAll(lines.map((l) => l + '\n').join(''));
        expect(recs).toHaveLength(items.length);
        items.forEach((it, i) => {
          const r = recs[i];
          if (it.t === 'config') {
            expect(r).toEqual({ kind: 'config', key: it.key, value: it.value, line: i + 1 });
          } else {
            expect(r.kind).toBe('result');
            if (r.kind !== 'result') return;
            expect(r.fullName).toBe(it.name);
            expect(r.iterations).toBe(it.iterations);
            expect(r.values.map((v) => v.unit)).toEqual(it.values.map((v) => v.unit));
            r.values.forEach((v, j) => expect(sameValue(v.value, it.values[j].value)).toBe(true));
          }
        });
      }),
      { numRuns: 300 },
    );
  });

  it('unit lines round-trip', () => {
    fc.assert(
      fc.property(arbUnit, fc.stringMatching(/^[a-z]{1,6}$/), fc.stringMatching(/^[a-z0-9=]{0,6}$/), (unit, key, value) => {
        const [r] = readBenchfmtAll(formatUnitLine(unit, key, value));
        expect(r).toMatchObject({ kind: 'unit', unit, key, value });
      }),
    );
  });
});

describe('any input (property)', () => {
  const noisy = fc
    .array(
      fc.oneof(
        fc.string({ maxLength: 40 }),
        fc.constantFrom(
          'Benchmark',
          'BenchmarkA 1',
          'Unit',
          'Unit x a=b',
          'k: v',
          'BenchmarkA 1 2 ns/op',
          '\r',
          '\u0085',
          '\u00a0Benchmark',
        ),
        fc.string({ unit: 'grapheme', maxLength: 20 }),
      ),
      { maxLength: 40 },
    )
    .map((parts) => parts.join(''));

  it('terminates with exactly one record per line, numbered 1..n', () => {
    fc.assert(
      fc.property(noisy, (text) => {
        const recs = readBenchfmtAll(text);
        const lines = text === '' ? 0 : text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
        expect(recs).toHaveLength(lines);
        recs.forEach((r: BenchRecord, i) => expect(r.line).toBe(i + 1));
      }),
      { numRuns: 500 },
    );
  });

  it('the stream reader agrees with the string reader for any chunking', async () => {
    await fc.assert(
      fc.asyncProperty(noisy, fc.array(fc.nat(60), { maxLength: 6 }), async (text, cuts) => {
        const sorted = [...cuts].map((c) => Math.min(c, text.length)).sort((a, b) => a - b);
        const parts: string[] = [];
        let prev = 0;
        for (const c of sorted) {
          parts.push(text.slice(prev, c));
          prev = c;
        }
        parts.push(text.slice(prev));
        const got: BenchRecord[] = [];
        for await (const r of readBenchfmtStream(
          (async function* () {
            yield* parts;
          })(),
        ))
          got.push(r);
        expect(got).toEqual(readBenchfmtAll(text));
      }),
      { numRuns: 200 },
    );
  });
});
