// Worker thread entry (node:worker_threads) for load-profile.ts: reads a profile file (or
// takes bytes), inflates it under the size caps, parses and validates it, and posts the
// model's data back with its typed arrays transferred. It only listens when started as a
// worker; importing it elsewhere does nothing. Messages: in `DecodeRequest`, out
// `DecodeReply` (a `stage` note after inflating, then the result or a LabError).
import { parentPort } from 'node:worker_threads';
import { labError, toLabError, type LabError } from '../../shared/errors.js';
import { readFileBounded } from '../fs/safe-read.js';
import { DEFAULT_MAX_COMPRESSED, DEFAULT_MAX_UNCOMPRESSED, inflateProfile, type DecodeLimits } from './inflate.js';
import { parseProfileBytes } from './decode.js';
import { validateProfile } from './validate.js';
import { transferables, type ProfileData } from './model.js';

export interface DecodeRequest {
  readonly path?: string;
  readonly bytes?: Uint8Array;
  readonly limits: DecodeLimits;
}

export type DecodeReply =
  | { readonly kind: 'inflated'; readonly size: number }
  | { readonly kind: 'done'; readonly data: ProfileData }
  | { readonly kind: 'failed'; readonly error: LabError };

async function handle(req: DecodeRequest): Promise<void> {
  const port = parentPort!;
  try {
    const maxC = req.limits.maxCompressed ?? DEFAULT_MAX_COMPRESSED;
    const maxU = req.limits.maxUncompressed ?? DEFAULT_MAX_UNCOMPRESSED;
    const input = req.bytes ?? new Uint8Array(await readFileBounded(req.path!, { maxBytes: Math.max(maxC, maxU) }));
    const raw = inflateProfile(input, req.limits);
    port.postMessage({ kind: 'inflated', size: raw.length } satisfies DecodeReply);
    if (raw.length === 0) {
      port.postMessage({ kind: 'failed', error: labError('ProfileCorrupt', { field: 'profile', reason: 'no data' }) } satisfies DecodeReply);
      return;
    }
    const data = validateProfile(parseProfileBytes(raw), raw);
    port.postMessage({ kind: 'done', data } satisfies DecodeReply, transferables(data));
  } catch (err) {
    port.postMessage({ kind: 'failed', error: toLabError(err) } satisfies DecodeReply);
  }
}

if (parentPort) {
  parentPort.once('message', (req: DecodeRequest) => { void handle(req); });
}
