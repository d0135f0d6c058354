// TextPreparer.pushBytes (result lines scanned from the file's bytes, src/core/benchfmt/byte-scan.ts)
// against the text path it replaces for `perflab compare FILE...`: for the same bytes, cut into
// pieces anywhere (inside a UTF-8 character, between `\r` and `\n`), the prepared input holds
// the same results, shapes, values, unit metadata and diagnostics as prepareTexts of the
// decoded text.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ByteResultScanner, newResultScratch } from '../../../src/core/benchfmt/index.js';
import { prepareTexts, TextPreparer, type PreparedInput } from '../../../src/core/compare/index.js';

// What `go test -bench` prints, with the lines a real file picks up around it: `-v` noise, a
// failing benchmark's log, unit metadata (one conflicting), CRLF endings, names in other
// scripts, values the byte scanner leaves to the text parser (exponents, underscores, hex,
// signed or 20-digit counts, NaN), malformed results, Go spaces outside ASCII (NBSP, U+2028)
// and bytes that are not UTF-8.
const CODEC = [
  '\ufeffgoos: linux',
  'goarch: amd64',
  'pkg: example.com/codec',
  'cpu: AMD EPYC 7B13',
  '=== RUN   BenchmarkEncode',
  'BenchmarkEncode',
  'BenchmarkEncode/json/size=16-8         \t  170800\t      5855 ns/op\t  49024 B/op\t     130 allocs/op',
  'BenchmarkEncode/json/size=16-8         \t  171200\t      5841 ns/op\t  49024 B/op\t     130 allocs/op\r',
  'BenchmarkDecode/gob-8   \t   108570\t      9210.5 ns/op\t 142.31 MB/s',
  'BenchmarkDecode/gob-8   \t   108570\t      9207.25 ns/op\t 142.40 MB/s',
  'Unit items/s assume=exact better=higher',
  'Unit items/s better=lower',
  'BenchmarkQueue/ring-8 1000 1250 ns/op 800000 items/s 0 B/op',
  'BenchmarkQueue/ring-8 1000 1.25e3 ns/op 800_000 items/s 0x0p+0 B/op',
  'BenchmarkQueue/ring-8 +1000 1250 ns/op',
  'BenchmarkQueue/ring-8 12345678901234567890 1250 ns/op',
  'BenchmarkQueue/ring-8 1000 NaN ns/op',
  'BenchmarkQueue/ring-8 1000 1250',
  'BenchmarkQueue/ring-8 1000',
  'BenchmarkQueue/ring-8 ',
  'BenchmarkQueue/ring-8 x1000 5 ns/op',
  'BenchmarkКлюч/значение=ёж-8 2000 611 ns/op',
  'BenchmarkEmoji/🚀=fast-4 2000 72.5 ns/op',
  'BenchmarkNbsp-8\u00a0100\u00a0912\u00a0ns/op',
  'BenchmarkLineSep-8 100\u2028913 ns/op',
  'BenchmarkTabs-8\t\v100\f914 ns/op',
  'BenchmarkControl\u0001Name-8 100 915 ns/op',
  'Benchmark 100 916 ns/op',
  'Benchmark',
  '    codec_test.go:88: warm-up took 1.2s',
  '--- FAIL: BenchmarkBroken',
  'pkg: example.com/codec/v2',
  'BenchmarkEncode/json/size=16-8 170000 5999 ns/op 49024 B/op 130 allocs/op',
  'goos:',
  'BenchmarkEncode/json/size=16-8 170000 6001 ns/op',
  '',
  'PASS',
  'ok  \texample.com/codec\t12.345s',
].join('\n');

function bytesOf(text: string, bad: boolean): Uint8Array {
  const b = Buffer.from(text, 'utf8');
  if (!bad) return new Uint8Array(b);
  // A lone continuation byte in a name, a truncated 3-byte character before `\n` and at the end.
  return new Uint8Array(
    Buffer.concat([
      b,
      Buffer.from('\nBenchmarkBad\x80Bytes-8 10 5 ns/op\nBenchmarkCut-8 10 6 ns/op \xe2\x82\nBenchmarkEnd-8 10 7 ns/op\xe2', 'latin1'),
    ]),
  );
}

/** The prepared input's contents as plain data (typed arrays cut to their used length). */
function plain(p: PreparedInput) {
  let nValues = 0;
  for (let k = 0; k < p.resultCount; k++) nValues += p.shapes[p.resultShapes[k]].values.length;
  return {
    sourceNames: p.sourceNames,
    shapes: p.shapes.map((s) => ({ ...s, config: s.config.entries })),
    resultShapes: [...p.resultShapes.subarray(0, p.resultCount)],
    values: [...p.values.subarray(0, nValues)],
    units: [...p.units.values],
    diagnostics: p.diagnostics,
  };
}

function viaBytes(sources: readonly { name: string; bytes: Uint8Array }[], cuts: readonly number[]): PreparedInput {
  const t = new TextPreparer(false);
  for (const { name, bytes } of sources) {
    t.begin({ name });
    let at = 0;
    for (const c of [...cuts.map((x) => Math.min(x, bytes.length)).sort((a, b) => a - b), bytes.length]) {
      if (c <= at) continue;
      // A copy, as a reader reusing its buffer hands over a view that changes after the call.
      const piece = bytes.slice(at, c);
      t.pushBytes(piece);
      piece.fill(0x41);
      at = c;
    }
    t.end();
  }
  return t.finish();
}

describe('TextPreparer.pushBytes', () => {
  it('prepares exactly what the decoded text prepares, however the bytes are cut', () => {
    for (const bad of [false, true]) {
      const a = bytesOf(CODEC, bad);
      const b = bytesOf(CODEC.replace(/5855/g, '6012').replace('BenchmarkTabs', 'BenchmarkTabz'), bad);
      const decode = (x: Uint8Array) => new TextDecoder('utf-8', { ignoreBOM: true }).decode(x);
      const reference = plain(
        prepareTexts([
          { name: 'old.txt', text: decode(a) },
          { name: 'new.txt', text: decode(b) },
        ]),
      );
      // The corpus exercises both paths: results from bytes, and lines only text can parse.
      expect(reference.resultShapes.length).toBeGreaterThan(15);
      expect(reference.diagnostics.join('\n')).toMatch(/parsing iteration count|missing units|metadata better of unit items\/s/);
      expect(reference.shapes.some((s) => s.fullName.includes('Ключ'))).toBe(true);
      expect(
        plain(
          viaBytes(
            [
              { name: 'old.txt', bytes: a },
              { name: 'new.txt', bytes: b },
            ],
            [],
          ),
        ),
      ).toEqual(reference);
      // Every single cut point (inside characters and CRLF pairs included).
      for (let c = 1; c < a.length; c += 7) {
        expect(
          plain(
            viaBytes(
              [
                { name: 'old.txt', bytes: a },
                { name: 'new.txt', bytes: b },
              ],
              [c, c + 1],
            ),
          ),
        ).toEqual(reference);
      }
      fc.assert(
        fc.property(fc.array(fc.nat(a.length), { maxLength: 12 }), (cuts) => {
          expect(
            plain(
              viaBytes(
                [
                  { name: 'old.txt', bytes: a },
                  { name: 'new.txt', bytes: b },
                ],
                cuts,
              ),
            ),
          ).toEqual(reference);
        }),
        { numRuns: 150 },
      );
    }
  });

  it('scans plain result lines itself and leaves every other line to the text parser', () => {
    const scanner = new ByteResultScanner();
    const scan = (line: string) => {
      const out = newResultScratch();
      const bytes = new TextEncoder().encode(`xx${line}yy`);
      return scanner.scan(bytes, 2, bytes.length - 2, out)
        ? { name: out.fullName, iterations: out.iterations, values: out.values.slice(0, out.n), units: out.units.slice(0, out.n) }
        : null;
    };
    expect(scan('BenchmarkEncode/json/size=16-8 \t  170800\t 5855 ns/op\t 49024 B/op\t 130 allocs/op')).toEqual({
      name: 'Encode/json/size=16-8',
      iterations: 170800,
      values: [5855, 49024, 130],
      units: ['ns/op', 'B/op', 'allocs/op'],
    });
    // Every ASCII space Go knows separates fields; a control character does not.
    expect(scan('BenchmarkTabs-8\t\v100\f914.5 ns/op\r\n7 MB/s')).toEqual({
      name: 'Tabs-8',
      iterations: 100,
      values: [914.5, 7],
      units: ['ns/op', 'MB/s'],
    });
    expect(scan('BenchmarkControl\u0001Name-8 100 .25 ns/op')).toEqual({
      name: 'Control\u0001Name-8',
      iterations: 100,
      values: [0.25],
      units: ['ns/op'],
    });
    expect(scan('Benchmark 100 5. ns/op')).toEqual({ name: '', iterations: 100, values: [5], units: ['ns/op'] });
    for (const line of [
      'BenchmarkКлюч-8 100 5 ns/op',
      'BenchmarkNbsp-8\u00a0100 5 ns/op',
      'BenchmarkX-8 100 5 ns/op\u00a0',
      'BenchmarkX-8 100 1e3 ns/op',
      'BenchmarkX-8 100 1_000 ns/op',
      'BenchmarkX-8 100 1.2.3 ns/op',
      'BenchmarkX-8 100 1234567890123456 ns/op',
      'BenchmarkX-8 +100 5 ns/op',
      'BenchmarkX-8 1234567890123456 5 ns/op',
      'BenchmarkX-8 100 5',
      'BenchmarkX-8 100',
      'BenchmarkX-8',
      'Benchmark',
      'BenchmarX-8 100 5 ns/op',
      'goos: linux',
    ]) {
      expect(scan(line), line).toBeNull();
    }
  });

  it('tells apart names whose hashes collide', () => {
    // FNV-1a (the scanner's hash) collides for some pairs of same-length names: find one.
    const fnv = (s: string) => {
      let h = 0x811c9dc5;
      for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
      return h;
    };
    const seen = new Map<number, string>();
    let pair: [string, string] | null = null;
    for (let i = 0; pair === null && i < 1_000_000; i++) {
      const name = `Key/k=${String(i).padStart(7, '0')}-8`;
      const other = seen.get(fnv(name));
      if (other !== undefined) pair = [other, name];
      else seen.set(fnv(name), name);
    }
    expect(pair).not.toBeNull();
    const [x, y] = pair!;
    const text = `Benchmark${x} 100 5 ns/op\nBenchmark${y} 100 6 ns/op\nBenchmark${x} 100 7 ns/op\nBenchmark${y} 100 8 ns/op\n`;
    const got = plain(viaBytes([{ name: 'a', bytes: new TextEncoder().encode(text) }], []));
    expect(got).toEqual(plain(prepareTexts([{ name: 'a', text }])));
    expect(got.shapes.map((s) => s.fullName)).toEqual([x, y]);
    expect(got.resultShapes).toEqual([0, 1, 0, 1]);
  });

  it('finds a name seen before without mixing up names that share a hash bucket or a prefix', () => {
    // Many similar names (same length, one byte apart) and prefixes of one another.
    const lines: string[] = [];
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 3000; i++) lines.push(`BenchmarkKey/k=${String(i).padStart(4, '0')}-8 100 ${i + round + 1} ns/op`);
      lines.push('BenchmarkKey/k=1-8 100 1 ns/op', 'BenchmarkKey/k=12-8 100 2 ns/op', 'BenchmarkKey/k=123-8 100 3 ns/op');
    }
    const text = lines.join('\n') + '\n';
    const reference = plain(prepareTexts([{ name: 'a', text }]));
    const got = plain(viaBytes([{ name: 'a', bytes: new TextEncoder().encode(text) }], [1000, 50000]));
    expect(got).toEqual(reference);
    expect(got.shapes).toHaveLength(3003);
  });
});
