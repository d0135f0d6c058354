// jsonBytes (src/core/compare/json-text.ts) writes exactly what JSON.stringify writes (as
// UTF-8), and takes the bytes of a shared part (shareJson) from its first serialization: real
// comparison answers re-projected over one prepared input (with and without samples), and
// values with every case JSON.stringify treats apart.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compare, prepareTexts, toComparisonJson } from '../../../src/core/compare/index.js';
import { jsonBytes, shareJson } from '../../../src/core/compare/json-text.js';

const jsonText = (v: object): string => jsonBytes(v).toString('utf8');

function bench(seed: number, shift: number): string {
  let s = seed;
  const r = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const lines = ['goos: linux', 'goarch: amd64', 'pkg: example.com/router', 'cpu: AMD EPYC 7B13'];
  for (let run = 0; run < 6; run++) {
    for (let i = 0; i < 40; i++) {
      const ns = (100 + i * 37) * shift * (1 + (r() - 0.5) * 0.05);
      lines.push(
        `BenchmarkRoute/params=${i % 5}/path=${i}-8 \t 100000\t ${ns.toFixed(1)} ns/op\t ${i % 3 === 0 ? 0 : 64} B/op\t ${i % 3} allocs/op`,
      );
    }
  }
  // A sample with NaN and one only in the new file: footnotes, which are not shared.
  return lines.join('\n') + '\n';
}

describe('jsonBytes', () => {
  it('writes every re-projection of a comparison as JSON.stringify does, reusing shared parts', () => {
    const input = prepareTexts([
      { name: 'old.txt', text: bench(1, 1) },
      { name: 'new.txt', text: bench(2, 0.9) + 'BenchmarkRoute/params=9/path=99-8 100 5 ns/op\n' },
    ]);
    const projections = [{}, { filter: '/params:(1 OR 2)' }, { row: '.name' }, { holm: true }, {}, { col: '/params', row: '.name' }];
    for (const p of projections) {
      for (const samples of [true, false]) {
        const answer = toComparisonJson(compare(input, { alpha: 0.05, confidence: 0.95, ...p }), { tolerancePct: 2, samples });
        expect(jsonText(answer), JSON.stringify(p)).toBe(JSON.stringify(answer));
        expect(jsonText({ ok: true, value: answer })).toBe(JSON.stringify({ ok: true, value: answer }));
      }
    }
  });

  it('takes a shared part from its first text (and only a shared part)', () => {
    const part = shareJson({ center: 1.5e-8, samples: [1, 2] });
    const loose = { center: 2 };
    expect(jsonText({ a: part, b: loose })).toBe('{"a":{"center":1.5e-8,"samples":[1,2]},"b":{"center":2}}');
    // Shared parts are never modified; this one is, to show its text was kept.
    (part as { center: number }).center = 3;
    loose.center = 4;
    expect(jsonText({ a: part, b: loose })).toBe('{"a":{"center":1.5e-8,"samples":[1,2]},"b":{"center":4}}');
  });

  it('treats what JSON.stringify treats apart the same way', () => {
    const odd: unknown[] = [
      { u: undefined, f: () => 1, s: Symbol('x'), n: NaN, i: -Infinity, z: -0, d: new Date(0), nested: [undefined, () => 1, NaN] },
      Object.assign(Object.create(null) as object, { b: 1, 2: 'two', a: 'é\u2028"\\\n\u0001😀' }),
      { toJSON: () => ({ replaced: true }) },
      [new Float64Array([1, 2]), new Map([[1, 2]]), null, true, false, 'x'],
      { '10': 1, '2': 2, b: 3, a: 4 },
    ];
    for (const v of odd) expect(jsonText(v as object)).toBe(JSON.stringify(v));
    // Past the writer's first 64 KiB, and characters of 1 to 4 UTF-8 bytes.
    const long = { s: 'aé€😀'.repeat(20_000), list: Array.from({ length: 5000 }, (_, i) => shareJson({ i, t: 'ü'.repeat(i % 7) })) };
    expect(jsonText(long)).toBe(JSON.stringify(long));
    fc.assert(
      fc.property(fc.jsonValue(), fc.anything(), (j, a) => {
        expect(jsonText([j])).toBe(JSON.stringify([j]));
        let want: string | undefined;
        try {
          want = JSON.stringify({ a });
        } catch {
          return; // BigInt and cycles throw in both
        }
        expect(jsonText({ a })).toBe(want);
      }),
      { numRuns: 300 },
    );
  });
});
