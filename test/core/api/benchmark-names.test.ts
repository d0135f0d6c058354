// `benchmarkNames`: the History view's benchmark picker, the distinct full names of a run's
// results without reading the results: the same names, in the same order, as the set of
// `getResults` names it replaced. Real lab context, real SQLite file, an imported run.
import { describe, expect, it } from 'vitest';
import { LabFailure } from '../../../src/shared/errors.js';
import { importedLab } from '../../helpers/imported-lab.js';

/** A text/template-like module at two refs: nested sub-benchmarks, names that sort differently by case and digit. */
function runText(): string {
  const out = ['goos: linux', 'goarch: arm64', 'pkg: example.com/tmpl'];
  for (const ref of ['main', 'exec-cache']) {
    out.push(`ref: ${ref}`);
    for (let run = 0; run < 4; run++)
      for (const name of ['Execute/range/n=10', 'Execute/range/n=100', 'Execute/Range/n=9', 'Parse', 'Parse/ünïcode', 'Escape-8'])
        out.push(`Benchmark${name} 5000 ${(200 + run).toFixed(0)} ns/op 48 B/op 2 allocs/op`);
  }
  return `${out.join('\n')}\n`;
}

describe('benchmarkNames', () => {
  const lab = importedLab('perflab-bench-names-', () => [{ name: 'tmpl.txt', text: runText() }]);

  it('lists the distinct names of the run results, sorted as the set of getResults names', async () => {
    const names = await lab.call('benchmarkNames', { run: lab.runId });
    const results = await lab.call('getResults', { run: lab.runId });
    expect(names).toEqual([...new Set(results.map((r) => r.name))].sort());
    expect(names).toHaveLength(6);
    expect(names).toContain('BenchmarkParse/ünïcode');
    expect(await lab.call('benchmarkNames', { run: 'latest' })).toEqual(names);
  });

  it('refuses a run that does not exist, naming it', async () => {
    await expect(lab.call('benchmarkNames', { run: lab.runId + 100 })).rejects.toSatisfy(
      (e: unknown) => e instanceof LabFailure && e.error.code === 'RunNotFound' && e.error.detail?.run === String(lab.runId + 100),
    );
  });
});
