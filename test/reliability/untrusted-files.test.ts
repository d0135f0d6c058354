// Untrusted files (security.md): the benchfmt reader and the runner's framed-output parser
// under fast-check over a seed corpus of real files (corpus/: `go test -bench` text, framed
// output of test binaries with a panic, a timeout dump and a grandchild), mutated by
// truncation, bit flips, splices and duplication. Every input is read without a crash, every
// line is accounted for, and nothing invalid comes out as a result. Together with the pprof
// fuzz suite (test/core/pprof/fuzz.test.ts, 2,500 cases) and the benchfmt properties
// (test/core/benchfmt, ~1,000), `npm test` runs 10,000 cases; the gzip bomb is timed here.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readBenchfmtAll, readBenchfmtStream } from '../../src/core/benchfmt/index.js';
import { decodeProfileSync } from '../../src/core/pprof/index.js';
import { BenchOutputParser, parseBenchOutputFile } from '../../src/core/runner/bench-output.js';
import { LabFailure } from '../../src/shared/errors.js';
import { recordFigures, SOAK } from './helpers/figures.js';

const CORPUS_DIR = new URL('./corpus/', import.meta.url).pathname;
const corpus = readdirSync(CORPUS_DIR)
  .sort()
  .map((f) => readFileSync(join(CORPUS_DIR, f)));
const SCALE = SOAK ? 10 : 1;
const SEED = Number(process.env.PERFLAB_FUZZ_SEED ?? 99);

type Mutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'splice'; at: number; len: number; other: number; otherAt: number }
  | { kind: 'duplicate'; at: number; len: number }
  | { kind: 'insert'; at: number; bytes: number[] };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.nat(7) }),
  fc.record({ kind: fc.constant('splice' as const), at: fc.nat(), len: fc.nat(300), other: fc.nat(), otherAt: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 400 }) }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    bytes: fc.array(fc.constantFrom(0, 9, 10, 13, 22, 32, 45, 58, 0xc3, 0xff, 66, 110), { minLength: 1, maxLength: 16 }),
  }),
);

function mutate(src: Buffer, m: Mutation): Buffer {
  const n = src.length;
  const pos = (x: number) => (n === 0 ? 0 : x % n);
  switch (m.kind) {
    case 'truncate':
      return src.subarray(0, pos(m.at));
    case 'flip': {
      const out = Buffer.from(src);
      out[pos(m.at)] ^= 1 << m.bit;
      return out;
    }
    case 'splice': {
      const other = corpus[m.other % corpus.length];
      const o = m.otherAt % other.length;
      const at = pos(m.at);
      return Buffer.concat([src.subarray(0, at), other.subarray(o, o + m.len), src.subarray(Math.min(n, at + m.len))]);
    }
    case 'duplicate': {
      const at = pos(m.at);
      const piece = src.subarray(at, at + m.len);
      return Buffer.concat([src.subarray(0, at + piece.length), piece, src.subarray(at + piece.length)]);
    }
    case 'insert': {
      const at = pos(m.at);
      return Buffer.concat([src.subarray(0, at), Buffer.from(m.bytes), src.subarray(at)]);
    }
  }
}

const input: fc.Arbitrary<Buffer> = fc
  .tuple(fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 4 }))
  .map(([w, ms]) => ms.reduce<Buffer>((b, m) => mutate(b, m), corpus[w % corpus.length]));
const lineCount = (t: string) => (t === '' ? 0 : t.split('\n').length - (t.endsWith('\n') ? 1 : 0));

describe('untrusted benchmark text and output', () => {
  it(`${3000 * SCALE} mutated benchfmt files: one record per line, results well-formed, never a crash`, () => {
    const tally = { results: 0, errors: 0, lines: 0 };
    fc.assert(
      fc.property(input, (buf) => {
        const text = buf.toString('utf8');
        const recs = readBenchfmtAll(text);
        expect(recs).toHaveLength(lineCount(text));
        tally.lines += recs.length;
        for (const r of recs) {
          if (r.kind === 'result') {
            tally.results++;
            expect(Number.isSafeInteger(r.iterations)).toBe(true);
            expect(r.values.length).toBeGreaterThan(0);
            for (const v of r.values) expect(v.unit.length).toBeGreaterThan(0);
          } else if (r.kind === 'syntax-error') tally.errors++;
        }
      }),
      { numRuns: 3000 * SCALE, seed: SEED },
    );
    recordFigures('fuzz-benchfmt', tally);
    expect(tally.results).toBeGreaterThan(0);
    expect(tally.errors).toBeGreaterThan(0);
  });

  it(`${500 * SCALE} mutated files read as a byte stream in random chunks agree with the whole-text reader`, async () => {
    await fc.assert(
      fc.asyncProperty(input, fc.array(fc.nat(4000), { maxLength: 8 }), async (buf, cuts) => {
        const text = buf.toString('utf8');
        const bytes = Buffer.from(text, 'utf8');
        const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
        const parts: Uint8Array[] = [];
        let prev = 0;
        for (const c of points) {
          parts.push(bytes.subarray(prev, c));
          prev = c;
        }
        parts.push(bytes.subarray(prev));
        const got = [];
        for await (const r of readBenchfmtStream(
          (async function* () {
            yield* parts;
          })(),
        ))
          got.push(r);
        expect(got).toEqual(readBenchfmtAll(text));
      }),
      { numRuns: 500 * SCALE, seed: SEED + 1 },
    );
  });

  it(`${3000 * SCALE} mutated framed outputs: every line classified, results named Benchmark*, never a crash`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'perflab-fuzz-'));
    const tally = { lines: 0, results: 0, crashes: 0, failures: 0, viaFile: 0 };
    let i = 0;
    try {
      await fc.assert(
        fc.asyncProperty(input, async (buf) => {
          const text = buf.toString('utf8');
          const p = new BenchOutputParser();
          const lines = text === '' ? [] : text.split('\n');
          if (text.endsWith('\n')) lines.pop();
          for (const l of lines) p.line(l);
          const out = p.finish(text.length);
          expect(out.lineCount).toBe(lines.length);
          // One in ten also goes through the file reader, which must agree.
          if (i++ % 10 === 0) {
            const f = join(dir, `${i}.out`);
            writeFileSync(f, buf);
            const viaFile = await parseBenchOutputFile(f);
            expect(viaFile.lineCount).toBe(lineCount(text));
            expect(viaFile.results).toEqual(out.results);
            tally.viaFile++;
          }
          tally.lines += out.lineCount;
          tally.results += out.results.length;
          tally.failures += out.failures.length;
          if (out.crash) tally.crashes++;
          for (const r of out.results) {
            expect(r.fullName.startsWith('Benchmark')).toBe(true);
            expect(r.values.every((v) => v.unit.length > 0)).toBe(true);
          }
        }),
        { numRuns: 3000 * SCALE, seed: SEED + 2 },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    recordFigures('fuzz-bench-output', tally);
    expect(tally.results).toBeGreaterThan(0);
    expect(tally.crashes).toBeGreaterThan(0);
  });

  it('a gzip bomb (1 GiB of zeros in ~1 MB) is a typed error, well under a second', () => {
    // 16 gzip members of 64 MiB of zeros each: one valid gzip stream of 1 GiB.
    const member = gzipSync(Buffer.alloc(64 << 20), { level: 9 });
    const bomb = Buffer.concat(Array.from({ length: 16 }, () => member));
    const t0 = performance.now();
    let err: unknown;
    try {
      decodeProfileSync(new Uint8Array(bomb));
    } catch (e) {
      err = e;
    }
    const ms = performance.now() - t0;
    recordFigures('gzip-bomb', {
      compressedBytes: bomb.length,
      uncompressedBytes: 2 ** 30,
      rejectMs: Math.round(ms),
      code: (err as LabFailure)?.error?.code,
    });
    expect(err).toBeInstanceOf(LabFailure);
    expect((err as LabFailure).error.code).toBe('ProfileTooLarge');
    expect(ms).toBeLessThan(5000);
  });
});
