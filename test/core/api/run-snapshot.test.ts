// `runSnapshot`: the Run view's picture of a run's stored results, sent instead of the results
// (a 100,000-result run was a 21 MB getResults answer). The view rebuilt from it must be the
// view the results give when folded as the live events would have brought them (by round, then
// as stored): the same cells done and the same sec/op series, refs in the same order. Real lab
// context, real SQLite file, an imported run of two refs, two packages, sub-benchmarks, and a
// benchmark that reports only a throughput.
import { describe, expect, it } from 'vitest';
import type { LabEvent } from '../../../src/shared/api.js';
import { LabFailure } from '../../../src/shared/errors.js';
import { applyEvent, emptyLive, liveFromSnapshot } from '../../../src/renderer/src/model/run-state.js';
import { importedLab } from '../../helpers/imported-lab.js';

function runText(): string {
  const out = ['goos: linux', 'goarch: amd64'];
  for (const ref of ['v1.4.0', 'HEAD']) {
    out.push(`ref: ${ref}`);
    for (let round = 0; round < 3; round++) {
      out.push('pkg: example.com/kv/store');
      for (const size of [128, 4096])
        out.push(`BenchmarkPut/size=${size}-4 300000 ${(size / 3 + round).toFixed(1)} ns/op 64 B/op 1 allocs/op`);
      out.push('BenchmarkScan-4 1000 12.5 MB/s');
      out.push('pkg: example.com/kv/wal');
      out.push(`BenchmarkAppend-4 2000000 ${(610 + round * 3).toFixed(0)} ns/op`);
    }
  }
  return `${out.join('\n')}\n`;
}

describe('runSnapshot', () => {
  const lab = importedLab('perflab-run-snapshot-', () => [{ name: 'kv.txt', text: runText() }]);

  it('rebuilds the Run view the stored results give, folded as live events', async () => {
    const results = await lab.call('getResults', { run: lab.runId });
    const events: LabEvent[] = [...results]
      .sort((a, b) => a.round - b.round || a.id - b.id)
      .map((r) => ({
        type: 'run-result',
        runId: lab.runId,
        refLabel: r.refLabel,
        pkg: r.pkg,
        name: r.name,
        cpu: r.cpu,
        round: r.round,
        secPerOp: r.metrics.find((m) => m.unit === 'sec/op')?.value ?? null,
      }));
    const folded = events.reduce(applyEvent, emptyLive(lab.runId, 'completed'));
    const snap = await lab.call('runSnapshot', { runId: lab.runId });
    const progress = { phase: 'done' as const, done: 24, total: 24, etaMs: 0, current: null };
    const info = { runId: lab.runId, status: 'completed' as const, progress, log: [], queuedBehind: null };
    const back = liveFromSnapshot(info, snap);
    expect(snap.results).toBe(results.length);
    expect(results.length).toBe(2 * 3 * 4);
    expect(back.done).toEqual(folded.done);
    expect(back.done.size).toBe(2 * 3 * 3); // Put, Scan, Append per ref and round
    expect([...back.series.entries()].map(([k, v]) => [k, [...v.entries()]])).toEqual(
      [...folded.series.entries()].map(([k, v]) => [k, [...v.entries()]]),
    );
    // Scan reports no sec/op: a cell done, no series.
    expect(snap.series.map(([pkg, name]) => `${pkg} ${name}`)).toEqual([
      'example.com/kv/store BenchmarkPut/size=128',
      'example.com/kv/store BenchmarkPut/size=4096',
      'example.com/kv/wal BenchmarkAppend',
    ]);
    expect(snap.series[2][2].map(([ref, values]) => [ref, values.length])).toEqual([
      ['v1.4.0', 3],
      ['HEAD', 3],
    ]);
  });

  it('refuses a run that does not exist, naming it', async () => {
    await expect(lab.call('runSnapshot', { runId: lab.runId + 50 })).rejects.toSatisfy(
      (e: unknown) => e instanceof LabFailure && e.error.code === 'RunNotFound' && e.error.detail?.run === String(lab.runId + 50),
    );
  });
});
