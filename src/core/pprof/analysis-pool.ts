// A pool of one profile analysis worker (decode-worker.ts in analysis mode, analysis.ts): the
// lab's profile methods send it requests one at a time, so decoding, call trees, flame data,
// top tables and findings of a big profile run off the event loop, and the lab server keeps
// answering meanwhile. The worker has a heap limit and each request a time limit; a worker that
// runs out of either is terminated (its request fails with ProfileTooLarge) and the next request
// starts a fresh one. The worker is started on first use and stopped by close().
import { Worker } from 'node:worker_threads';
import { labError, LabFailure } from '../../shared/errors.js';
import type { AnalysisAnswers, AnalysisRequest } from './analysis.js';
import type { AnalysisJob, AnalysisReply } from './decode-worker.js';
import type { DecodeLimits } from './inflate.js';
import { workerScriptUrl } from './load-profile.js';

export interface AnalysisPoolOptions {
  /** V8 old-generation heap of the worker in MiB (default 2048). */
  readonly maxHeapMb?: number;
  /** Wall-clock limit of one request (default 120 s). */
  readonly timeoutMs?: number;
  readonly limits?: DecodeLimits;
}

export interface AnalysisPool {
  run<K extends AnalysisRequest['op']>(req: AnalysisRequest & { op: K }): Promise<AnalysisAnswers[K]>;
  close(): Promise<void>;
}

interface Pending {
  readonly job: AnalysisJob;
  resolve(v: unknown): void;
  reject(e: unknown): void;
}

export function analysisPool(o: AnalysisPoolOptions = {}): AnalysisPool {
  const maxHeapMb = o.maxHeapMb ?? 2048;
  const timeoutMs = o.timeoutMs ?? 120_000;
  const queue: Pending[] = [];
  let worker: Worker | null = null;
  let current: Pending | null = null;
  let timer: NodeJS.Timeout | undefined;
  let nextId = 1;
  let closed = false;

  const settle = (f: (p: Pending) => void) => {
    const p = current;
    current = null;
    clearTimeout(timer);
    if (p) f(p);
    pump();
  };
  const killWorker = () => {
    const w = worker;
    worker = null;
    if (w) {
      w.removeAllListeners();
      w.on('error', () => undefined);
      void w.terminate();
    }
  };
  const tooBig = (why: string) =>
    new LabFailure(labError('ProfileTooLarge', { size: 0, limit: maxHeapMb * 1024 * 1024, stage: 'uncompressed' }, why));

  const start = (): Worker => {
    const w = new Worker(workerScriptUrl(), {
      workerData: { analysis: true, limits: o.limits ?? {} },
      resourceLimits: { maxOldGenerationSizeMb: maxHeapMb, maxYoungGenerationSizeMb: 64, stackSizeMb: 4 },
      stdout: false,
      stderr: false,
    });
    w.on('message', (m: AnalysisReply) => {
      if (!current || m.id !== current.job.id) return;
      if (m.ok) settle((p) => p.resolve(m.value));
      else settle((p) => p.reject(new LabFailure(m.error)));
    });
    w.on('error', (err: NodeJS.ErrnoException) => {
      killWorker();
      settle((p) =>
        p.reject(err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? tooBig(`the analysis needs more than the worker's ${maxHeapMb} MiB heap`) : err),
      );
    });
    w.on('exit', (code) => {
      if (worker !== w) return;
      worker = null;
      settle((p) => p.reject(new Error(`profile analysis worker exited with code ${code} before answering`)));
    });
    w.unref();
    return w;
  };

  function pump(): void {
    if (current || closed) return;
    const next = queue.shift();
    if (!next) return;
    current = next;
    try {
      worker ??= start();
    } catch (err) {
      settle((p) => p.reject(err));
      return;
    }
    timer = setTimeout(() => {
      killWorker();
      settle((p) => p.reject(tooBig(`the analysis took longer than ${timeoutMs} ms`)));
    }, timeoutMs);
    worker.postMessage(next.job);
  }

  return {
    run(req) {
      if (closed) return Promise.reject(new LabFailure(labError('Canceled', {}, 'the lab is closing')));
      return new Promise((resolve, reject) => {
        queue.push({ job: { id: nextId++, req }, resolve: resolve as (v: unknown) => void, reject });
        pump();
      });
    },
    async close() {
      closed = true;
      for (const p of queue.splice(0)) p.reject(new LabFailure(labError('Canceled', {}, 'the lab is closing')));
      killWorker();
      settle((p) => p.reject(new LabFailure(labError('Canceled', {}, 'the lab is closing'))));
    },
  };
}
