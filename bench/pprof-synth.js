// Synthetic CPU profiles for the profile benchmarks: bench/lib/pprof-synth-core.js wired to the
// compiled model (dist/): `npx tsc -p tsconfig.node.json` first. Tests use
// test/helpers/pprof-synth.ts, the same generator over src/.
import { writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { ProfileBuilder } from '../dist/core/pprof/builder.js';
import { encodeProfile } from '../dist/core/pprof/encode.js';
import { mulberry32 } from '../dist/core/runner/plan.js';
import { buildSyntheticCpuProfile } from './lib/pprof-synth-core.js';

/** Builds a synthetic CPU profile (samples/count, cpu/nanoseconds); options as in pprof-synth-core.js. */
export function syntheticCpuProfile(o = {}) {
  return buildSyntheticCpuProfile({ ProfileBuilder, mulberry32 }, o);
}

/** Writes a synthetic CPU profile (gzipped protobuf) and returns its sizes. */
export function writeSyntheticCpuProfile(path, o = {}) {
  const { profile, samples } = syntheticCpuProfile(o);
  const raw = encodeProfile(profile);
  const gz = gzipSync(raw, { level: 1 });
  writeFileSync(path, gz);
  return { path, samples, uncompressedBytes: raw.length, compressedBytes: gz.length };
}
