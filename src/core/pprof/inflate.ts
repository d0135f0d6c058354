// Size caps and gunzip for profile bytes, then parse + validate: the whole in-process decode
// (load-profile.ts runs the same in a worker). gzip input (magic 1f 8b) is inflated with
// zlib's maxOutputLength so a gzip bomb stops at the cap; anything else is read as an
// uncompressed protobuf, as `go tool pprof` does.
import { gunzipSync } from 'node:zlib';
import { fail } from '../../shared/errors.js';
import { parseProfileBytes } from './decode.js';
import type { ProfileData } from './model.js';
import { validateProfile } from './validate.js';

export interface DecodeLimits {
  /** Largest accepted input (compressed bytes). Default 64 MiB. */
  readonly maxCompressed?: number;
  /** Largest accepted protobuf after gunzip. Default 256 MiB (a benchmark's CPU profile is
   * rarely above a few MB; the 1M-stack synthetic profile of bench/ is 66 MB). */
  readonly maxUncompressed?: number;
  /** Most samples accepted. Default 16M (a 256 MiB protobuf of the smallest real samples). */
  readonly maxSamples?: number;
}

export const DEFAULT_MAX_COMPRESSED = 64 * 1024 * 1024;
export const DEFAULT_MAX_UNCOMPRESSED = 256 * 1024 * 1024;
export const DEFAULT_MAX_SAMPLES = 16 * 1024 * 1024;

export function isGzip(b: Uint8Array): boolean {
  return b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;
}

/** Checks the caps and returns the protobuf bytes. */
export function inflateProfile(input: Uint8Array, limits: DecodeLimits = {}): Uint8Array {
  const maxC = limits.maxCompressed ?? DEFAULT_MAX_COMPRESSED;
  const maxU = limits.maxUncompressed ?? DEFAULT_MAX_UNCOMPRESSED;
  if (!isGzip(input)) {
    if (input.length > maxU) fail('ProfileTooLarge', { size: input.length, limit: maxU, stage: 'uncompressed' });
    return input;
  }
  if (input.length > maxC) fail('ProfileTooLarge', { size: input.length, limit: maxC, stage: 'compressed' });
  // ISIZE (the gzip trailer) sizes the output chunk, so an honest file inflates without a
  // final concatenation copy; a lying trailer only costs speed, the cap still holds.
  const n = input.length;
  const isize = n >= 18 ? (input[n - 4] | (input[n - 3] << 8) | (input[n - 2] << 16) | (input[n - 1] << 24)) >>> 0 : 0;
  // (ISIZE is not trusted to refuse early: a truncated file ends in arbitrary bytes.)
  const chunkSize = Math.min(Math.max(isize + 1, 64 * 1024), maxU + 1, 1 << 30);
  try {
    const out = gunzipSync(input, { maxOutputLength: Math.max(1, maxU), chunkSize });
    return new Uint8Array(out.buffer, out.byteOffset, out.length);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError) {
      fail('ProfileTooLarge', { size: maxU + 1, limit: maxU, stage: 'uncompressed' }, 'the gzip stream inflates past the limit');
    }
    fail('ProfileCorrupt', { field: 'gzip', reason: e.message });
  }
}

/** Inflates, parses and validates. Throws ProfileTooLarge / ProfileCorrupt. */
export function decodeProfileData(input: Uint8Array, limits: DecodeLimits = {}): ProfileData {
  const raw = inflateProfile(input, limits);
  if (raw.length === 0) fail('ProfileCorrupt', { field: 'profile', reason: 'no data' });
  return checkSampleCount(validateProfile(parseProfileBytes(raw), raw), limits);
}

/** Refuses a profile with more samples than the cap (ProfileTooLarge, stage samples). */
export function checkSampleCount(d: ProfileData, limits: DecodeLimits = {}): ProfileData {
  const max = limits.maxSamples ?? DEFAULT_MAX_SAMPLES;
  if (d.samples.count > max) fail('ProfileTooLarge', { size: d.samples.count, limit: max, stage: 'samples' });
  return d;
}
