// Loading untrusted profile files: decode in a worker thread (decode-worker.ts) with a memory
// limit and a timeout that terminates it, so a hostile or huge file can cost the lab neither
// its heap nor its event loop; `decodeProfileSync` does the same work in-process for small
// inputs and tests.
//
// The worker script is plain JS: `dist/core/pprof/decode-worker.js`, compiled by
// `tsc -p tsconfig.node.json`. It is found next to this module (import.meta.url); when this
// module runs from its .ts source (vitest), the compiled copy under dist/ is used instead, so
// tests need a build first (`npm test` builds; by hand: `npx tsc -p tsconfig.node.json`).
import { existsSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { fail, labError, LabFailure, type LabError } from '../../shared/errors.js';
import { checkRegularFile } from '../fs/safe-read.js';
import { decodeProfileData, DEFAULT_MAX_COMPRESSED, DEFAULT_MAX_UNCOMPRESSED, type DecodeLimits } from './inflate.js';
import { profileFromData, type Profile, type ProfileData } from './model.js';
import type { DecodeReply, DecodeRequest } from './decode-worker.js';

export interface LoadOptions extends DecodeLimits {
  /** Wall-clock limit for the worker (default 60 s); the worker is terminated past it. */
  readonly timeoutMs?: number;
  /** V8 old-generation heap limit of the worker in MiB (default 512). */
  readonly maxHeapMb?: number;
}

export type ProfileInput = { readonly path: string } | { readonly bytes: Uint8Array };

/** Decodes in-process (small inputs, tests). Same checks and errors as loadProfile. */
export function decodeProfileSync(bytes: Uint8Array, opts: DecodeLimits = {}): Profile {
  return profileFromData(decodeProfileData(bytes, opts));
}

/** Decodes a profile file or bytes in a worker thread. Throws LabFailure (FileNotFound, ProfileTooLarge, ProfileCorrupt). */
export async function loadProfile(input: ProfileInput, opts: LoadOptions = {}): Promise<Profile> {
  const limits: DecodeLimits = {
    maxCompressed: opts.maxCompressed ?? DEFAULT_MAX_COMPRESSED,
    maxUncompressed: opts.maxUncompressed ?? DEFAULT_MAX_UNCOMPRESSED,
  };
  const maxC = limits.maxCompressed!;
  const maxU = limits.maxUncompressed!;
  let req: DecodeRequest;
  if ('path' in input) {
    // A stored profile: a regular file (checked on the opened descriptor), within the decoder's caps.
    const size = await checkRegularFile(input.path, { maxBytes: Number.MAX_SAFE_INTEGER });
    if (size > Math.max(maxC, maxU)) fail('ProfileTooLarge', { size, limit: Math.max(maxC, maxU), stage: 'compressed' });
    req = { path: input.path, limits };
  } else {
    req = { bytes: input.bytes, limits };
  }
  const data = await runWorker(req, opts.timeoutMs ?? 60_000, opts.maxHeapMb ?? 512, maxU);
  return profileFromData(data);
}

function runWorker(req: DecodeRequest, timeoutMs: number, maxHeapMb: number, maxU: number): Promise<ProfileData> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerScriptUrl(), {
      resourceLimits: { maxOldGenerationSizeMb: maxHeapMb, maxYoungGenerationSizeMb: 64, stackSizeMb: 4 },
      stdout: false,
      stderr: false,
    });
    let inflated = -1;
    let settled = false;
    const finish = (f: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      f();
      void worker.terminate();
    };
    const timer = setTimeout(() => {
      finish(() => reject(new LabFailure(tooLarge(inflated, maxU, `decoding took longer than ${timeoutMs} ms`))));
    }, timeoutMs);
    worker.on('message', (m: DecodeReply) => {
      switch (m.kind) {
        case 'inflated':
          inflated = m.size;
          return;
        case 'done':
          finish(() => resolve(m.data));
          return;
        case 'failed':
          finish(() => reject(new LabFailure(m.error)));
          return;
      }
    });
    worker.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ERR_WORKER_OUT_OF_MEMORY') {
        finish(() => reject(new LabFailure(tooLarge(inflated, maxU, `decoding needs more than the worker's ${maxHeapMb} MiB heap`))));
      } else {
        finish(() => reject(err));
      }
    });
    worker.on('exit', (code) => {
      finish(() => reject(new Error(`profile decode worker exited with code ${code} before answering`)));
    });
    worker.postMessage(req);
  });
}

function tooLarge(inflated: number, maxU: number, why: string): LabError {
  return labError('ProfileTooLarge', { size: inflated >= 0 ? inflated : maxU + 1, limit: maxU, stage: 'uncompressed' }, why);
}

/** The compiled worker script: next to this module, or under dist/ when running from src/. */
export function workerScriptUrl(): URL {
  const here = new URL('./decode-worker.js', import.meta.url);
  if (here.protocol !== 'file:' || existsSync(fileURLToPath(here))) return here;
  // The CLI bundle (dist/perflab-cli.mjs) sits above the compiled modules.
  const besideBundle = new URL('./core/pprof/decode-worker.js', import.meta.url);
  if (besideBundle.protocol === 'file:' && existsSync(fileURLToPath(besideBundle))) return besideBundle;
  const dir = dirname(fileURLToPath(import.meta.url));
  const marker = `${sep}src${sep}core${sep}pprof`;
  const at = dir.lastIndexOf(marker);
  if (at >= 0 && dir.endsWith(marker)) {
    const dist = join(dir.slice(0, at), 'dist', 'core', 'pprof', 'decode-worker.js');
    if (existsSync(dist)) return pathToFileURL(dist);
  }
  fail(
    'Internal',
    {},
    `profile decode worker not found next to ${fileURLToPath(here)} nor under dist/ (run: npx tsc -p tsconfig.node.json)`,
  );
}
