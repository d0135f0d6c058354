// Runs a benchfmt import in a worker thread (decode-worker.ts in import mode, import-job.ts),
// so tens of MB of text are parsed, planned and inserted off the lab's event loop. The worker
// has a heap limit and a time limit; past either it is terminated and the import fails typed.
import { Worker } from 'node:worker_threads';
import { labError, LabFailure } from '../../shared/errors.js';
import type { ImportReply } from '../pprof/decode-worker.js';
import { workerScriptUrl } from '../pprof/load-profile.js';
import type { ImportJob, ImportJobResult } from './import-job.js';

/** Imports of at least this many characters of text go to a worker; smaller ones run in-process. */
export const IMPORT_WORKER_THRESHOLD = 1024 * 1024;

/**
 * Runs the import in a worker. `onAbandoned` gets the id of a run the worker created but could
 * not finish or remove (it ran out of heap or time, or died): the caller deletes it.
 */
export function importInWorker(
  job: ImportJob,
  o: { maxHeapMb?: number; timeoutMs?: number; onAbandoned?: (runId: number) => void } = {},
): Promise<ImportJobResult> {
  const maxHeapMb = o.maxHeapMb ?? 4096;
  const timeoutMs = o.timeoutMs ?? 30 * 60_000;
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerScriptUrl(), {
      workerData: { import: true },
      resourceLimits: { maxOldGenerationSizeMb: maxHeapMb, maxYoungGenerationSizeMb: 64, stackSizeMb: 4 },
      stdout: false,
      stderr: false,
    });
    let settled = false;
    let created: number | null = null;
    const finish = (f: () => void, clean: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate().then(() => {
        if (!clean && created !== null) o.onAbandoned?.(created);
        f();
      });
    };
    const timer = setTimeout(
      () => finish(() => reject(new LabFailure(labError('Canceled', {}, `the import took longer than ${timeoutMs} ms`))), false),
      timeoutMs,
    );
    worker.on('message', (m: ImportReply) => {
      if ('created' in m) created = m.created;
      else finish(() => (m.ok ? resolve(m.value) : reject(new LabFailure(m.error))), true);
    });
    worker.on('error', (err: NodeJS.ErrnoException) =>
      finish(
        () =>
          reject(
            err.code === 'ERR_WORKER_OUT_OF_MEMORY'
              ? new LabFailure(
                  labError(
                    'InvalidInput',
                    { field: 'files' },
                    `the import needs more than the worker's ${maxHeapMb} MiB heap: import the files one at a time`,
                  ),
                )
              : err,
          ),
        false,
      ),
    );
    worker.on('exit', (code) => finish(() => reject(new Error(`import worker exited with code ${code} before answering`)), false));
    // A body moves to the worker without a copy.
    worker.postMessage(job, job.body ? [job.body.buffer as ArrayBuffer] : []);
  });
}
