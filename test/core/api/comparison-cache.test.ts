// The lab's comparison cache on the lab context: every compare path prepares its input through
// it, so the commit message (two tables of one comparison) prepares the run's text once and the
// gate after it reuses it; the cache keeps a few recent inputs and drops the oldest. Real lab
// context, real SQLite file in a temp dir, a run imported from Go benchmark text.

import { describe, expect, it } from 'vitest';
import { ComparisonCache } from '../../../src/core/analysis/comparison-cache.js';
import { prepareTexts } from '../../../src/core/compare/index.js';
import { importedLab } from '../../helpers/imported-lab.js';

/** Go benchmark text of two columns (`ref:` blocks), ten samples each: Encode 20% slower, Decode alike. */
function runText(): string {
  const out = ['goos: linux', 'goarch: amd64', 'pkg: example.com/codec'];
  for (const [ref, slow] of [
    ['main', 1],
    ['feature', 1.2],
  ] as const) {
    out.push(`ref: ${ref}`);
    for (let i = 0; i < 10; i++) {
      out.push(`BenchmarkEncode-2 1000000 ${Math.round((1000 + i * 3) * slow)} ns/op 64 B/op 1 allocs/op`);
      out.push(`BenchmarkDecode-2 500000 ${2000 + ((i * 7) % 10)} ns/op 128 B/op 2 allocs/op`);
    }
  }
  return `${out.join('\n')}\n`;
}

describe('the comparison cache on the lab context', () => {
  const lab = importedLab('perflab-compare-cache-', () => [{ name: 'codec.txt', text: runText() }]);
  const call = lab.call;

  it('prepares a run once for the commit message (two tables), and the gate and a second message reuse it', async () => {
    const before = lab.ctx.comparisons.counts();
    const message = await call('exportCommit', { run: lab.runId });
    expect(message.text).toMatch(/Encode/);
    // The full comparison and the table of decided units: one preparation, one reuse.
    expect(lab.ctx.comparisons.counts()).toEqual({ prepared: before.prepared + 1, reused: before.reused + 1 });

    const again = await call('exportCommit', { run: lab.runId });
    expect(again.text).toBe(message.text);
    const report = await call('gate', { run: lab.runId, maxRegression: 5 });
    expect(report.status).toBe('failed');
    expect(report.text).toMatch(/Encode/);
    expect(lab.ctx.comparisons.counts()).toEqual({ prepared: before.prepared + 1, reused: before.reused + 4 });
  });

  it('the request path (compare RUN --by ref) goes through the same cache: prepared once, then reused', async () => {
    const before = lab.ctx.comparisons.counts();
    const first = await call('compareRender', { runs: [lab.runId], format: 'text' });
    const second = await call('compareRender', { runs: [lab.runId], format: 'text', filter: '.unit:sec/op' });
    expect(first.stdout).toMatch(/Encode-2/);
    expect(second.stdout).not.toMatch(/B\/op/);
    expect(lab.ctx.comparisons.counts()).toEqual({ prepared: before.prepared + 1, reused: before.reused + 1 });
  });
});

describe('ComparisonCache', () => {
  const input = (n: number) => prepareTexts([{ name: `f${n}`, text: `BenchmarkX 1 ${n} ns/op\n` }]);

  it('builds each key once and keeps the four most recently used', () => {
    const cache = new ComparisonCache();
    const built: number[] = [];
    const get = (n: number) => cache.get(`k${n}`, () => (built.push(n), input(n)));
    const first = get(1);
    expect(get(1)).toBe(first);
    for (const n of [2, 3, 4]) get(n);
    get(1); // most recent again: 2 is now the oldest
    get(5); // evicts 2
    get(1);
    get(2); // built again
    expect(built).toEqual([1, 2, 3, 4, 5, 2]);
    expect(cache.counts()).toEqual({ prepared: 6, reused: 3 });
  });
});
