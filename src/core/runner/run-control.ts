// The in-memory handle of a run this process executes: its cancel switch, latest progress,
// recent log lines (for a view that comes back) and whom it waits for in the queue.
import type { Progress } from '../../shared/models.js';

export interface RunControl {
  readonly runId: number;
  readonly abort: AbortController;
  progress: Progress;
  readonly log: string[];
  queuedBehind: string | null;
}

export function newRunControl(runId: number): RunControl {
  return {
    runId,
    abort: new AbortController(),
    progress: { phase: 'queued', done: 0, total: 0, etaMs: null, current: null },
    log: [],
    queuedBehind: null,
  };
}
