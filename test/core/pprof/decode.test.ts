// Decoding real and synthetic profiles: the same content as pprof-format (the oracle
// decoder), the same result in the worker and in-process, gzip and plain protobuf inputs, and
// a typed error naming the field for each kind of damage.
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeProfileSync, encodeProfile, encodeProfileGzip, loadProfile } from '../../../src/core/pprof/index.js';
import { LabFailure, type LabError } from '../../../src/shared/errors.js';
import { canonicalFromModel, canonicalFromPprofFormat, decodeWithPprofFormat, invalidity } from './helpers/canonical.js';
import { realProfiles, type RealProfiles } from './helpers/real-profiles.js';
import { syntheticCpuProfile } from '../../helpers/pprof-synth.js';

let real: RealProfiles;
beforeAll(async () => {
  real = await realProfiles();
});

function errorOf(fn: () => unknown): LabError {
  try {
    fn();
  } catch (err) {
    if (err instanceof LabFailure) return err.error;
    throw err;
  }
  throw new Error('expected a LabFailure');
}

async function asyncErrorOf(p: Promise<unknown>): Promise<LabError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof LabFailure) return err.error;
    throw err;
  }
  throw new Error('expected a LabFailure');
}

describe('decode matches pprof-format', () => {
  for (const kind of ['cpu', 'cpu2', 'mem', 'block', 'mutex'] as const) {
    it(`real ${kind} profile`, () => {
      const bytes = readFileSync(real[kind]);
      const ours = decodeProfileSync(bytes);
      const oracle = canonicalFromPprofFormat(decodeWithPprofFormat(bytes));
      expect(invalidity(oracle)).toBeNull();
      expect(canonicalFromModel(ours)).toEqual(oracle);
      expect(ours.samples.count).toBeGreaterThan(0);
    });
  }

  it('a synthetic profile with inlining, recursion and labels-free samples', () => {
    const { profile } = syntheticCpuProfile({ stacks: 5_000, seed: 7 });
    const bytes = encodeProfileGzip(profile);
    const ours = decodeProfileSync(bytes);
    const oracle = canonicalFromPprofFormat(decodeWithPprofFormat(bytes));
    expect(canonicalFromModel(ours)).toEqual(oracle);
    expect(canonicalFromModel(ours)).toEqual(canonicalFromModel(profile));
  });

  it('negative values, labels, comments and large ids round-trip', async () => {
    const { ProfileBuilder } = await import('../../../src/core/pprof/builder.js');
    const b = new ProfileBuilder({
      sampleTypes: [
        { type: 'delta', unit: 'bytes' },
        { type: 'count', unit: 'count' },
      ],
      comments: ['hello', 'wörld'],
      defaultSampleType: 'count',
    });
    const f = b.addFunction('main.f', 'main.go', 3);
    const l = b.addLocation([{ func: f, line: 7, column: 2 }], -1, 2 ** 40 + 3);
    b.addSample(
      [l],
      [-5_000_000_000, 2 ** 52],
      [
        { key: 'k', str: 'v' },
        { key: 'n', num: -3, numUnit: 'bytes' },
      ],
    );
    b.addSample([], [0, 1]);
    const p = b.finish();
    const bytes = encodeProfile(p);
    const ours = decodeProfileSync(bytes);
    expect(canonicalFromModel(ours)).toEqual(canonicalFromPprofFormat(decodeWithPprofFormat(bytes)));
    expect(ours.samples.values[0]).toBe(-5_000_000_000);
    expect(ours.samples.values[1]).toBe(2 ** 52);
    expect(ours.locations.address[0]).toBe(2 ** 40 + 3);
    expect(ours.sampleTypes[ours.defaultSampleTypeIndex].type).toBe('count');
  });
});

describe('loadProfile', () => {
  it('gives the same model in the worker as in-process, from a path and from bytes', async () => {
    const bytes = readFileSync(real.mem);
    const sync = canonicalFromModel(decodeProfileSync(bytes));
    expect(canonicalFromModel(await loadProfile({ path: real.mem }))).toEqual(sync);
    expect(canonicalFromModel(await loadProfile({ bytes }))).toEqual(sync);
  });

  it('accepts an uncompressed protobuf, as go tool pprof does', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'perflab-pprof-'));
    const raw = gunzipSync(readFileSync(real.cpu));
    writeFileSync(join(dir, 'cpu.pb'), raw);
    const p = await loadProfile({ path: join(dir, 'cpu.pb') });
    expect(canonicalFromModel(p)).toEqual(canonicalFromModel(decodeProfileSync(readFileSync(real.cpu))));
  });

  it('names the default sample types: cpu, alloc_space, delay', async () => {
    const name = async (f: string) => {
      const p = await loadProfile({ path: f });
      return p.sampleTypes[p.defaultSampleTypeIndex].type;
    };
    expect(await name(real.cpu)).toBe('cpu');
    expect(await name(real.mem)).toBe('alloc_space');
    expect(await name(real.block)).toBe('delay');
    expect(await name(real.mutex)).toBe('delay');
  });

  it('reports a missing file as FileNotFound', async () => {
    const e = await asyncErrorOf(loadProfile({ path: join(tmpdir(), 'no-such-perflab-profile.pb.gz') }));
    expect(e.code).toBe('FileNotFound');
  });

  it('stops a decode that outlives its timeout with ProfileTooLarge', async () => {
    const { profile } = syntheticCpuProfile({ stacks: 200_000, seed: 3 });
    const e = await asyncErrorOf(loadProfile({ bytes: encodeProfileGzip(profile, 1) }, { timeoutMs: 5 }));
    expect(e.code).toBe('ProfileTooLarge');
    expect(e.message).toMatch(/took longer than 5 ms/);
  });

  it('rejects input above the compressed and uncompressed caps before decoding', async () => {
    const bytes = readFileSync(real.cpu);
    const c = await asyncErrorOf(loadProfile({ path: real.cpu }, { maxCompressed: 100, maxUncompressed: 100 }));
    expect(c).toMatchObject({ code: 'ProfileTooLarge', detail: { stage: 'compressed', limit: 100 } });
    const u = errorOf(() => decodeProfileSync(bytes, { maxUncompressed: 1000 }));
    expect(u).toMatchObject({ code: 'ProfileTooLarge', detail: { stage: 'uncompressed', limit: 1000 } });
  });
});

describe('expansion limits', () => {
  it('stacks that expand to far more frames than bytes are ProfileTooLarge', async () => {
    const { ProfileBuilder } = await import('../../../src/core/pprof/builder.js');
    const b = new ProfileBuilder({ sampleTypes: [{ type: 'samples', unit: 'count' }] });
    const f = b.addFunction('deep.inline', 'x.go', 1);
    const huge = b.addLocation(Array.from({ length: 5000 }, (_, i) => ({ func: f, line: i + 1 })));
    for (let s = 0; s < 200; s++)
      b.addSample(
        Array.from({ length: 20 }, () => huge),
        [1],
      );
    const bytes = encodeProfile(b.finish());
    expect(bytes.length).toBeLessThan(100_000);
    expect(errorOf(() => decodeProfileSync(bytes))).toMatchObject({
      code: 'ProfileTooLarge',
      detail: { stage: 'uncompressed', size: 200 * 20 * 5000 },
    });
  });

  it('the parser stops at its memory budget', async () => {
    const { parseProfileBytes } = await import('../../../src/core/pprof/decode.js');
    const raw = gunzipSync(readFileSync(real.cpu));
    expect(() => parseProfileBytes(raw, 50_000)).toThrow(LabFailure);
    expect(errorOf(() => parseProfileBytes(raw, 50_000))).toMatchObject({ code: 'ProfileTooLarge', detail: { limit: 50_000 } });
    expect(parseProfileBytes(raw).sampleCount).toBeGreaterThan(0);
  });
});

describe('damaged input gives a typed error naming the field', () => {
  it('a gzip bomb stops at the uncompressed cap, whatever its trailer says', () => {
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024), { level: 9 });
    expect(bomb.length).toBeLessThan(200_000);
    const e = errorOf(() => decodeProfileSync(bomb, { maxUncompressed: 16 * 1024 * 1024 }));
    expect(e).toMatchObject({ code: 'ProfileTooLarge', detail: { stage: 'uncompressed', limit: 16 * 1024 * 1024 } });
    // ISIZE rewritten to 1 KiB: inflation still stops at the cap.
    const liar = Uint8Array.from(bomb);
    liar.set([0, 4, 0, 0], liar.length - 4);
    const e2 = errorOf(() => decodeProfileSync(liar, { maxUncompressed: 16 * 1024 * 1024 }));
    expect(e2).toMatchObject({ code: 'ProfileTooLarge', detail: { stage: 'uncompressed', limit: 16 * 1024 * 1024 } });
  });

  it('a truncated gzip stream', () => {
    const bytes = readFileSync(real.cpu);
    expect(errorOf(() => decodeProfileSync(bytes.subarray(0, bytes.length >> 1)))).toMatchObject({
      code: 'ProfileCorrupt',
      detail: { field: 'gzip' },
    });
  });

  it('a truncated protobuf', () => {
    const raw = gunzipSync(readFileSync(real.cpu));
    const e = errorOf(() => decodeProfileSync(raw.subarray(0, raw.length - 7)));
    expect(e.code).toBe('ProfileCorrupt');
  });

  it('a text file (wrong magic)', () => {
    const e = errorOf(() => decodeProfileSync(new TextEncoder().encode('--- contention:\ncycles/second=1\n')));
    expect(e.code).toBe('ProfileCorrupt');
  });

  it('empty input', () => {
    expect(errorOf(() => decodeProfileSync(new Uint8Array(0)))).toMatchObject({ code: 'ProfileCorrupt', detail: { field: 'profile' } });
  });

  it('a protobuf without sample types', () => {
    // field 6 (string_table) = "" only.
    expect(errorOf(() => decodeProfileSync(Uint8Array.from([0x32, 0x00])))).toMatchObject({
      code: 'ProfileCorrupt',
      detail: { field: 'sample_type' },
    });
  });

  // Hand-made messages: sample_type {1:1,2:2}, strings "", "t", "u", then one broken part.
  const head = [0x0a, 0x04, 0x08, 0x01, 0x10, 0x02, 0x32, 0x00, 0x32, 0x01, 0x74, 0x32, 0x01, 0x75];
  const cases: [string, number[], string][] = [
    ['a sample pointing at a missing location', [0x12, 0x05, 0x0a, 0x01, 0x05, 0x10, 0x01], 'sample.location_id'],
    ['a sample with two values for one type', [0x12, 0x04, 0x12, 0x02, 0x01, 0x02], 'sample.value'],
    ['a location pointing at a missing function', [0x22, 0x06, 0x08, 0x01, 0x22, 0x02, 0x08, 0x09], 'location.line.function_id'],
    ['a location pointing at a missing mapping', [0x22, 0x04, 0x08, 0x01, 0x10, 0x03], 'location.mapping_id'],
    ['a function name outside the string table', [0x2a, 0x04, 0x08, 0x01, 0x10, 0x63], 'function.name'],
    ['a location with the reserved id 0', [0x22, 0x02, 0x10, 0x00], 'location.id'],
    ['two functions with one id', [0x2a, 0x02, 0x08, 0x01, 0x2a, 0x02, 0x08, 0x01], 'function.id'],
    ['a label key outside the string table', [0x12, 0x06, 0x10, 0x01, 0x1a, 0x02, 0x08, 0x40], 'sample.label.key'],
    ['a default_sample_type outside the string table', [0x70, 0x09], 'default_sample_type'],
    ['a known field with the wrong wire type', [0x2d, 0x00, 0x00, 0x00, 0x00], 'function'],
    ['a length running past the end', [0x2a, 0x7f, 0x08], 'function'],
    ['a group (wire type 3) in an unknown field', [0xa3, 0x01], 'profile'],
    ['a group where period_type belongs', [0x5b], 'period_type'],
  ];
  for (const [name, tail, field] of cases) {
    it(name, () => {
      const e = errorOf(() => decodeProfileSync(Uint8Array.from([...head, ...tail])));
      expect(e).toMatchObject({ code: 'ProfileCorrupt', detail: { field } });
    });
  }

  it('the hand-made head alone is a valid empty profile', () => {
    const p = decodeProfileSync(Uint8Array.from(head));
    expect(p.sampleTypes).toEqual([{ type: 't', unit: 'u' }]);
    expect(p.samples.count).toBe(0);
  });
});
