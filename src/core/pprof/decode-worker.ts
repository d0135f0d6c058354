// Worker thread entry (node:worker_threads) for load-profile.ts: reads a profile file (or
// takes bytes), inflates it under the size caps, parses and validates it, and posts the
// model's data back with its typed arrays transferred. It only listens when started as a
// worker; importing it elsewhere does nothing. Messages: in `DecodeRequest`, out
// `DecodeReply` (a `stage` note after inflating, then the result or a LabError).
// Started with workerData `{ analysis: true }` it is instead the lab's long-lived profile
// analysis worker (analysis-pool.ts): `AnalysisJob` in, `AnalysisReply` out, one at a time.
// With `{ import: true }` it runs one large benchfmt import (export/import-job.ts) and answers
// with an `ImportReply`. (One worker script for the lab's off-loop work keeps one entry to
// find in dist/ and in the desktop bundle.)
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { analysisService, type AnalysisAnswer, type AnalysisRequest } from './analysis.js';
import { runImportJob, type ImportJob, type ImportJobResult } from '../export/import-job.js';
import { labError, toLabError, type LabError } from '../../shared/errors.js';
import { readFileBounded } from '../fs/safe-read.js';
import { checkSampleCount, DEFAULT_MAX_COMPRESSED, DEFAULT_MAX_UNCOMPRESSED, inflateProfile, type DecodeLimits } from './inflate.js';
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
      port.postMessage({
        kind: 'failed',
        error: labError('ProfileCorrupt', { field: 'profile', reason: 'no data' }),
      } satisfies DecodeReply);
      return;
    }
    const data = checkSampleCount(validateProfile(parseProfileBytes(raw), raw), req.limits);
    port.postMessage({ kind: 'done', data } satisfies DecodeReply, transferables(data));
  } catch (err) {
    port.postMessage({ kind: 'failed', error: toLabError(err) } satisfies DecodeReply);
  }
}

export interface AnalysisJob {
  readonly id: number;
  readonly req: AnalysisRequest;
}
export type AnalysisReply =
  | { readonly id: number; readonly ok: true; readonly value: AnalysisAnswer }
  | { readonly id: number; readonly ok: false; readonly error: LabError };

export type ImportReply =
  | { readonly created: number }
  | { readonly ok: true; readonly value: ImportJobResult }
  | { readonly ok: false; readonly error: LabError };

/**
 * Lowers this thread's scheduling priority (nice 10) on Linux, where setpriority takes a thread
 * id: on a busy machine the lab's event loop, not the long analysis or import, gets the CPU.
 */
function lowerThreadPriority(): void {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0) setPriority(tid, 10);
  } catch {
    /* not Linux, or not allowed: normal priority */
  }
}

if (parentPort) {
  const port = parentPort;
  const mode = workerData as { import?: boolean; analysis?: boolean } | undefined;
  if (mode?.import || mode?.analysis) lowerThreadPriority();
  if (mode?.import) {
    port.once('message', (job: ImportJob) => {
      try {
        const value = runImportJob(job, (created) => port.postMessage({ created } satisfies ImportReply));
        port.postMessage({ ok: true, value } satisfies ImportReply);
      } catch (err) {
        port.postMessage({ ok: false, error: toLabError(err) } satisfies ImportReply);
      }
    });
  } else if ((workerData as { analysis?: boolean; limits?: DecodeLimits } | undefined)?.analysis) {
    const service = analysisService((workerData as { limits?: DecodeLimits }).limits ?? {});
    port.on('message', (job: AnalysisJob) => {
      service(job.req).then(
        (value) => port.postMessage({ id: job.id, ok: true, value } satisfies AnalysisReply),
        (err: unknown) => port.postMessage({ id: job.id, ok: false, error: toLabError(err) } satisfies AnalysisReply),
      );
    });
  } else {
    port.once('message', (req: DecodeRequest) => {
      void handle(req);
    });
  }
}
