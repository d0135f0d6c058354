// The renderer's one live connection to the lab: it follows the event stream once for the whole
// app, folds run events into per-run live state (so leaving the Run view and coming back loses
// nothing), counts changes of runs and repositories so lists refetch, and notifies React at
// most once per animation frame however fast events arrive.
import { useSyncExternalStore } from 'react';
import type { LabEvent } from '../../../shared/api.js';
import type { BisectReport } from '../../../shared/bisect-types.js';
import { call, subscribe } from '../api-client.js';
import { applyEvent, emptyLive, isActive, liveFromSnapshot, type LiveRun } from '../model/run-state.js';

type Listener = () => void;

class LabStore {
  connected = false;
  /** Failed attempts to reach the event stream in a row (one a second while the server is away). */
  failures = 0;
  runsVersion = 0;
  reposVersion = 0;
  /** Counts bisect changes (starts, steps, ends), so the list of bisects refetches. */
  bisectsVersion = 0;
  /** Counts reconnections of the event stream: views that follow events refetch on a change. */
  reconnects = 0;
  version = 0;
  readonly live = new Map<number, LiveRun>();
  /** Bisects as their last `bisect-update` event described them. */
  readonly bisects = new Map<number, BisectReport>();
  private readonly listeners = new Set<Listener>();
  private readonly eventListeners = new Set<(e: LabEvent) => void>();
  private pending = false;
  private stop: (() => void) | null = null;
  private loading = new Map<number, Promise<void>>();

  start(): () => void {
    if (!this.stop) {
      this.stop = subscribe(
        (e) => this.onEvent(e),
        (c) => {
          this.connected = c;
          this.failures = c ? 0 : this.failures + 1;
          if (c) {
            // Reconnected: what happened meanwhile is unknown; refetch lists and live runs.
            this.runsVersion++;
            this.reposVersion++;
            for (const [id, s] of this.live) if (isActive(s.status)) void this.refreshLive(id);
            // A bisect may have moved on or ended meanwhile: forget the events, refetch the reports.
            this.bisects.clear();
            this.bisectsVersion++;
            this.reconnects++;
          }
          this.changed();
        },
      );
    }
    return () => {
      this.stop?.();
      this.stop = null;
    };
  }

  private onEvent(e: LabEvent): void {
    for (const l of this.eventListeners) l(e);
    switch (e.type) {
      case 'repos-changed':
        this.reposVersion++;
        break;
      case 'runs-changed':
        this.runsVersion++;
        break;
      case 'bisect-update':
        this.bisects.set(e.bisectId, e.report);
        this.bisectsVersion++;
        break;
      default: {
        const id = e.runId;
        const s = this.live.get(id) ?? emptyLive(id, e.type === 'run-queued' ? 'queued' : 'running');
        this.live.set(id, applyEvent(s, e));
        if (e.type === 'run-finished') this.runsVersion++;
      }
    }
    this.changed();
  }

  /** Loads a run's live state from the lab (progress, log, results so far) unless it is known. */
  ensureLive(runId: number): Promise<void> {
    if (this.live.has(runId)) return Promise.resolve();
    return this.refreshLive(runId);
  }

  refreshLive(runId: number): Promise<void> {
    const existing = this.loading.get(runId);
    if (existing) return existing;
    const p = (async () => {
      try {
        const [info, snapshot, run] = await Promise.all([
          call('runProgress', { runId }),
          call('runSnapshot', { runId }),
          call('getRun', { run: runId }),
        ]);
        this.live.set(runId, liveFromSnapshot({ ...info, status: run.status }, snapshot, run.statusDetail));
        this.changed();
      } finally {
        this.loading.delete(runId);
      }
    })();
    this.loading.set(runId, p);
    return p;
  }

  /** The runs the lab is running or has queued, as far as events tell. */
  /** Two failures in a row: the server is gone, not just reconnecting after a blip. */
  get unreachable(): boolean {
    return this.failures >= 2;
  }

  /** Asks the lab now (not at the next reconnect); on an answer, every list refetches. */
  async retryNow(): Promise<boolean> {
    try {
      await call('version', {});
    } catch {
      this.failures++;
      this.changed();
      return false;
    }
    this.failures = 0;
    this.runsVersion++;
    this.reposVersion++;
    this.changed();
    return true;
  }

  activeRuns(): LiveRun[] {
    return [...this.live.values()].filter((s) => isActive(s.status));
  }

  onLabEvent(l: (e: LabEvent) => void): () => void {
    this.eventListeners.add(l);
    return () => this.eventListeners.delete(l);
  }

  subscribe = (l: Listener): (() => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };

  getVersion = (): number => this.version;

  private changed(): void {
    if (this.pending) return;
    this.pending = true;
    const flush = () => {
      this.pending = false;
      this.version++;
      for (const l of this.listeners) l();
    };
    if (typeof requestAnimationFrame === 'function' && document.visibilityState === 'visible') requestAnimationFrame(flush);
    else setTimeout(flush, 50);
  }
}

export const labStore = new LabStore();

/** Re-renders the caller when the store changes; read labStore fields after calling it. */
export function useLabStore(): LabStore {
  useSyncExternalStore(labStore.subscribe, labStore.getVersion);
  return labStore;
}
