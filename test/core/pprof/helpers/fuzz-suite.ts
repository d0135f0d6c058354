// The decoder fuzz suite (fuzz.test.ts, fuzz.soak.test.ts). Damaged profiles never crash the decoder and are never silently accepted: fast-check
// mutates a corpus of real profiles (truncate, flip bits, splice, duplicate, insert) in their
// protobuf or gzip form; every input either decodes to a model that pprof-format (the oracle)
// decodes to the same content and that passes an independent check of every reference, or is
// rejected with ProfileCorrupt / ProfileTooLarge.
import { readFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  buildTree,
  decodeProfileSync,
  encodeProfile,
  flameData,
  loadProfile,
  ProfileBuilder,
  topTable,
  type Profile,
} from '../../../../src/core/pprof/index.js';
import { parseProfileBytes } from '../../../../src/core/pprof/decode.js';
import { LabFailure } from '../../../../src/shared/errors.js';
import { canonicalFromModel, canonicalFromPprofFormat, decodeWithPprofFormat, invalidity } from './canonical.js';
import { realProfiles } from './real-profiles.js';

let corpus: Uint8Array[] = [];

function labelled(): Uint8Array {
  const b = new ProfileBuilder({
    sampleTypes: [
      { type: 'contentions', unit: 'count' },
      { type: 'delay', unit: 'nanoseconds' },
    ],
    comments: ['fuzz seed'],
    period: 1,
  });
  const m = b.addMapping({ filename: '/bin/x.test', buildId: 'abc', memoryStart: 4096, memoryLimit: 1 << 20 });
  const f = [
    b.addFunction('sync.(*Mutex).Lock', 'sync/mutex.go', 80),
    b.addFunction('main.work', 'main.go', 10),
    b.addFunction('main.main', 'main.go', 3),
  ];
  const l = [
    b.addLocation(
      [
        { func: f[0], line: 90 },
        { func: f[1], line: 12 },
      ],
      m,
      0x1010,
    ),
    b.addLocation([{ func: f[2], line: 5 }], m, 0x1020),
  ];
  for (let i = 0; i < 20; i++)
    b.addSample(
      [l[0], l[1]],
      [i + 1, -(i * 1000)],
      [
        { key: 'worker', str: `w${i % 3}` },
        { key: 'bytes', num: i * 7, numUnit: 'bytes' },
      ],
    );
  return encodeProfile(b.finish());
}

async function loadCorpus(): Promise<void> {
  const r = await realProfiles();
  corpus = [r.cpu, r.mem, r.block, r.mutex].map((f) => new Uint8Array(gunzipSync(readFileSync(f))));
  corpus.push(labelled());
}

type Mutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'flips'; at: number[]; bits: number[] }
  | { kind: 'splice'; from: number; at: number; len: number; other: number; otherAt: number }
  | { kind: 'duplicate'; at: number; len: number }
  | { kind: 'insert'; at: number; bytes: number[] };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.nat(7) }),
  fc.record({
    kind: fc.constant('flips' as const),
    at: fc.array(fc.nat(), { minLength: 2, maxLength: 8 }),
    bits: fc.array(fc.nat(7), { minLength: 8, maxLength: 8 }),
  }),
  fc.record({ kind: fc.constant('splice' as const), from: fc.nat(), at: fc.nat(), len: fc.nat(64), other: fc.nat(), otherAt: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 200 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.array(fc.nat(255), { minLength: 1, maxLength: 12 }) }),
);

function mutate(src: Uint8Array, m: Mutation): Uint8Array {
  const n = src.length;
  const pos = (x: number) => (n === 0 ? 0 : x % n);
  switch (m.kind) {
    case 'truncate':
      return src.slice(0, pos(m.at));
    case 'flip': {
      const out = src.slice();
      out[pos(m.at)] ^= 1 << m.bit;
      return out;
    }
    case 'flips': {
      const out = src.slice();
      m.at.forEach((a, i) => {
        out[pos(a)] ^= 1 << m.bits[i];
      });
      return out;
    }
    case 'splice': {
      const other = corpus[m.other % corpus.length];
      const o = m.otherAt % other.length;
      const piece = other.subarray(o, o + m.len);
      const at = pos(m.at);
      return Uint8Array.from([...src.subarray(0, at), ...piece, ...src.subarray(Math.min(n, at + m.len))]);
    }
    case 'duplicate': {
      const at = pos(m.at);
      const piece = src.subarray(at, at + m.len);
      return Uint8Array.from([...src.subarray(0, at + piece.length), ...piece, ...src.subarray(at + piece.length)]);
    }
    case 'insert': {
      const at = pos(m.at);
      return Uint8Array.from([...src.subarray(0, at), ...m.bytes, ...src.subarray(at)]);
    }
  }
}

interface Tally {
  accepted: number;
  rejected: number;
  unknownFields: number;
  maxMs: number;
}

/** The property: valid and identical to the oracle, or a typed rejection. */
function check(input: Uint8Array, raw: Uint8Array | null, tally: Tally): void {
  let p: Profile;
  const t0 = performance.now();
  try {
    p = decodeProfileSync(input, { maxUncompressed: 64 * 1024 * 1024 });
  } catch (err) {
    tally.maxMs = Math.max(tally.maxMs, performance.now() - t0);
    if (!(err instanceof LabFailure) || (err.error.code !== 'ProfileCorrupt' && err.error.code !== 'ProfileTooLarge')) {
      throw new Error(`untyped failure: ${String(err)}`, { cause: err });
    }
    tally.rejected++;
    return;
  }
  tally.maxMs = Math.max(tally.maxMs, performance.now() - t0);
  tally.accepted++;
  const ours = canonicalFromModel(p);
  expect(invalidity(ours)).toBeNull();
  if (parseProfileBytes(raw ?? input).unknownFields > 0) {
    // Valid protobuf with fields profile.proto does not define: pprof-format cannot skip
    // fixed32/fixed64 fields nor read multi-byte tags, so only the independent check applies.
    tally.unknownFields++;
  } else {
    const oracle = canonicalFromPprofFormat(decodeWithPprofFormat(raw ?? input));
    expect(invalidity(oracle)).toBeNull();
    expect(ours).toEqual(oracle);
  }
  // Every transform runs on whatever was accepted.
  for (const t of p.sampleTypes) {
    const tree = buildTree(p, { sampleType: t.type });
    flameData(tree);
    topTable(p, { sampleType: t.type, n: 5 });
  }
}

/** Registers the suite with CASES protobuf mutations (and CASES/4 gzip ones). */
export function fuzzSuite(CASES: number, seed: number): void {
  beforeAll(loadCorpus);
  describe('fuzzing the decoder over real profiles', () => {
    it(`${CASES} mutated protobufs: valid and equal to the oracle, or typed errors`, () => {
      const tally: Tally = { accepted: 0, rejected: 0, unknownFields: 0, maxMs: 0 };
      fc.assert(
        fc.property(fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 3 }), fc.boolean(), (which, ms, zip) => {
          let bytes = corpus[which % corpus.length];
          for (const m of ms) bytes = mutate(bytes, m);
          check(zip ? new Uint8Array(gzipSync(bytes)) : bytes, zip ? bytes : null, tally);
        }),
        { numRuns: CASES, seed },
      );
      expect(tally.accepted + tally.rejected).toBe(CASES);
      // Both outcomes occur: the corpus is not trivially rejected or accepted.
      expect(tally.accepted).toBeGreaterThan(0);
      expect(tally.rejected).toBeGreaterThan(0);
      console.log(
        `pprof fuzz: ${tally.accepted} accepted (${tally.accepted - tally.unknownFields} equal to pprof-format, ${tally.unknownFields} with unknown fields), ${tally.rejected} rejected, slowest ${tally.maxMs.toFixed(1)} ms`,
      );
    });

    it(`${Math.ceil(CASES / 4)} mutated gzip files are typed errors or valid`, () => {
      const tally: Tally = { accepted: 0, rejected: 0, unknownFields: 0, maxMs: 0 };
      const zipped = corpus.map((c) => new Uint8Array(gzipSync(c)));
      fc.assert(
        fc.property(fc.nat(), mutation, (which, m) => {
          const input = mutate(zipped[which % zipped.length], m);
          let raw: Uint8Array | null;
          try {
            raw = new Uint8Array(gunzipSync(input));
          } catch {
            raw = null;
          }
          check(input, raw, tally);
        }),
        { numRuns: Math.ceil(CASES / 4), seed: seed + 1 },
      );
      expect(tally.rejected).toBeGreaterThan(0);
    });

    it('damaged files loaded through the worker are typed errors too', async () => {
      const src = corpus[0];
      for (let i = 1; i <= 8; i++) {
        const cut = src.slice(0, Math.floor((src.length * i) / 9));
        await expect(loadProfile({ bytes: cut })).rejects.toBeInstanceOf(LabFailure);
      }
    });
  });
}
