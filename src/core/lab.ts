// createLab(options): the one composition root. It sets up the lab context (lab-context.ts:
// store, tools, run service, caches, in one phase), exposes every method of the LabApi contract
// through the one method map (api/methods.ts), validates every input with the shared schemas
// (so the CLI, the lab server and the Electron app get the same errors), and publishes events.
// Nothing runs at import time; tools are found lazily.
import { METHOD_NAMES, type LabApi, type LabEvent, type MethodName, type Outputs } from '../shared/api.js';
import type { BisectReport } from '../shared/bisect-types.js';
import { LabFailure, toLabError } from '../shared/errors.js';
import { METHODS } from './api/methods.js';
import type { Method } from './api/impl-types.js';
import { importBody } from './api/runs-api.js';
import { closeLabContext, createLabContext, type LabOptions } from './lab-context.js';
import { parseInput } from './lab-input.js';
import { recoverInterruptedRuns } from './runner/run-service.js';

export type { LabOptions };
export { perflabVersion } from './lab-context.js';

export interface Lab {
  readonly api: LabApi;
  readonly dataDir: string;
  readonly version: string;
  /** Ids of runs found interrupted at start. */
  readonly recovered: Promise<number[]>;
  subscribe(listener: (e: LabEvent) => void): () => void;
  /** Waits for a run this process started to end. */
  waitForRun(runId: number): Promise<string>;
  /** Waits for a bisect this process started to end; its final report. */
  waitForBisect(id: number): Promise<BisectReport>;
  /**
   * importBenchfmt from a raw JSON request body (the lab server's path for large bodies): the
   * body is parsed, validated and imported in a worker, so its megabytes never touch the event loop.
   */
  importBenchfmtBody(body: Uint8Array): Promise<Outputs['importBenchfmt']>;
  /** Cancels active runs, waits for them, closes the database. */
  close(): Promise<void>;
}

export function createLab(o: LabOptions = {}): Lab {
  const listeners = new Set<(e: LabEvent) => void>();
  const emit = (e: LabEvent) => {
    for (const l of listeners) {
      try {
        l(e);
      } catch {
        /* a listener's failure is its own */
      }
    }
  };
  const ctx = createLabContext(o, emit);
  const api = {} as Record<MethodName, (input: unknown) => Promise<unknown>>;
  for (const m of METHOD_NAMES) {
    const method = METHODS[m] as Method<MethodName>;
    api[m] = async (input: unknown) => {
      const parsed = parseInput(m, input);
      try {
        return await method(ctx, parsed);
      } catch (err) {
        throw new LabFailure(toLabError(err));
      }
    };
  }
  const recovered = recoverInterruptedRuns({ store: ctx.store });
  ctx.bisects.recoverInterrupted();
  return {
    api: api as unknown as LabApi,
    dataDir: ctx.paths.root,
    version: ctx.version,
    recovered,
    subscribe(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    waitForRun: (id) => ctx.runs.wait(id),
    waitForBisect: (id) => ctx.bisects.wait(id),
    importBenchfmtBody: (body) => importBody(ctx, body),
    async close() {
      await closeLabContext(ctx);
      await recovered.catch(() => undefined);
      ctx.store.db.close();
    },
  };
}

export { parseInput };
