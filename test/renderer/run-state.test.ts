// The Run view's live state: events folded per run, the per-cell grid (ref x package x
// benchmark x round) as a text picture, and the same state rebuilt from a snapshot when the
// view comes back.
import { describe, expect, it } from 'vitest';
import type { LabEvent } from '../../src/shared/api.js';
import {
  applyEvent,
  cellGrid,
  emptyLive,
  liveFromSnapshot,
  overall,
  seriesKey,
  type GridRow,
  type LiveRun,
} from '../../src/renderer/src/model/run-state.js';

const P = 'example.com/basic/parse';
const PLANNED = [
  { pkg: P, name: 'BenchmarkFields' },
  { pkg: P, name: 'BenchmarkSum' },
];

function picture(rows: GridRow[]): string {
  const ch = { done: '#', running: '>', pending: '.', failed: 'x', skipped: 's' } as const;
  return rows.map((r) => `${r.bench.padEnd(16)}${r.cells.map((c) => c.map((s) => ch[s]).join('')).join(' ')}`).join('\n');
}

function fold(events: LabEvent[], s: LiveRun = emptyLive(7)): LiveRun {
  return events.reduce(applyEvent, s);
}

const result = (ref: string, name: string, round: number, secPerOp: number): LabEvent => ({
  type: 'run-result',
  runId: 7,
  refLabel: ref,
  pkg: P,
  name,
  cpu: 2,
  round,
  secPerOp,
});

describe('live run state', () => {
  it('fills cells as results arrive and marks the running process', () => {
    const s = fold([
      { type: 'run-started', runId: 7 },
      {
        type: 'run-progress',
        runId: 7,
        progress: {
          phase: 'bench',
          done: 1,
          total: 6,
          etaMs: 5000,
          current: { refLabel: 'WORKTREE', pkg: P, round: 1, benchtime: '100x' },
        },
      },
      result('main', 'BenchmarkFields/size=4', 1, 1e-6),
      result('main', 'BenchmarkFields/size=64', 1, 2e-6),
      result('main', 'BenchmarkSum', 1, 3e-6),
      { type: 'run-result', runId: 8, refLabel: 'main', pkg: P, name: 'BenchmarkSum', cpu: 2, round: 2, secPerOp: 1 },
    ]);
    expect(picture(cellGrid(s, ['main', 'WORKTREE'], 3, PLANNED))).toBe(['BenchmarkFields #.. >..', 'BenchmarkSum    #.. >..'].join('\n'));
    expect(s.results).toBe(3);
    expect(s.series.get(seriesKey(P, 'BenchmarkSum'))?.get('main')).toEqual([3e-6]);
    expect(overall(s)).toEqual({ fraction: 0.12 + 0.78 / 6, label: 'benchmarking 1/6' });
  });

  it('marks failed cells, keeps a bounded log, and ends with the finished status', () => {
    const log: LabEvent[] = Array.from({ length: 600 }, (_, i) => ({ type: 'run-log', runId: 7, line: `line ${i}`, source: 'output' }));
    const s = fold([
      ...log,
      result('main', 'BenchmarkSum', 1, 1e-6),
      { type: 'run-finished', runId: 7, status: 'completed', detail: 'ok' },
    ]);
    expect(s.log).toHaveLength(500);
    expect(s.log[499]).toBe('line 599');
    expect(s.status).toBe('completed');
    const fail = [
      { refLabel: 'main', pkg: P, name: 'BenchmarkFields', benchtime: '1s', round: 1, kind: 'panic' as const, message: 'boom' },
    ];
    expect(picture(cellGrid(s, ['main'], 2, PLANNED, fail))).toBe(['BenchmarkFields x.', 'BenchmarkSum    #.'].join('\n'));
    expect(overall(s).fraction).toBe(1);
  });

  it('shows the queue', () => {
    const s = fold([{ type: 'run-queued', runId: 7, behind: 'run 3 (pid 10, /data)' }]);
    expect(overall(s).label).toBe('queued behind run 3 (pid 10, /data)');
  });

  it('rebuilds the same cells and series from runProgress and runSnapshot', () => {
    const events = [
      result('main', 'BenchmarkSum', 1, 1e-6),
      result('main', 'BenchmarkSum', 2, 2e-6),
      result('WORKTREE', 'BenchmarkSum', 1, 3e-6),
    ];
    const live = fold(events);
    // What the lab sends for these results (test/core/api/run-snapshot.test.ts checks the lab's side).
    const snapshot = {
      runId: 7,
      results: 3,
      cells: [
        ['main', P, 'BenchmarkSum', 1],
        ['WORKTREE', P, 'BenchmarkSum', 1],
        ['main', P, 'BenchmarkSum', 2],
      ] as const,
      series: [
        [
          P,
          'BenchmarkSum',
          [
            ['main', [1e-6, 2e-6]],
            ['WORKTREE', [3e-6]],
          ],
        ],
      ] as const,
    };
    const back = liveFromSnapshot(
      {
        runId: 7,
        status: 'running',
        progress: { phase: 'bench', done: 3, total: 6, etaMs: 1000, current: null },
        log: ['a'],
        queuedBehind: null,
      },
      snapshot,
    );
    expect(picture(cellGrid(back, ['main', 'WORKTREE'], 2, PLANNED))).toBe(picture(cellGrid(live, ['main', 'WORKTREE'], 2, PLANNED)));
    expect(back.series).toEqual(live.series);
    expect(back.log).toEqual(['a']);
    expect(back.results).toBe(3);
  });
});
