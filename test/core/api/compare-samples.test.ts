// The Compare view's table without samples and a row's samples on request: `compare` with
// `samples: false` is the full answer with every cell's samples left out (and says so), and
// `compareSamples` gives one row's samples per column, equal to the full answer's, for any
// projection. Real lab context, real SQLite file in a temp dir, a run imported from Go
// benchmark text (two refs, three packages, sub-benchmarks).

import { describe, expect, it } from 'vitest';
import { getRunHead } from '../../../src/core/store/runs.js';
import type { Input } from '../../../src/shared/api.js';
import type { Comparison } from '../../../src/shared/compare-types.js';
import { LabFailure } from '../../../src/shared/errors.js';
import { importedLab } from '../../helpers/imported-lab.js';

/** Two refs of a JSON codec module: Encode 15% slower at `feature`, Decode alike; B/op and allocs/op too. */
function runText(): string {
  const out = ['goos: linux', 'goarch: amd64', 'cpu: AMD EPYC 7B13'];
  for (const [ref, slow] of [
    ['main', 1],
    ['feature', 1.15],
  ] as const) {
    out.push(`ref: ${ref}`);
    for (const pkg of ['example.com/codec/json', 'example.com/codec/cbor', 'example.com/codec/wire']) {
      out.push(`pkg: ${pkg}`);
      for (let i = 0; i < 8; i++) {
        for (const size of [64, 4096]) {
          const jitter = 1 + (((i * 37 + size) % 11) - 5) / 400;
          out.push(`BenchmarkEncode/size=${size}-2 200000 ${((size / 8) * slow * jitter).toFixed(1)} ns/op ${size * 2} B/op 3 allocs/op`);
          out.push(`BenchmarkDecode/size=${size}-2 100000 ${((size / 5) * jitter).toFixed(1)} ns/op ${size} B/op 2 allocs/op`);
        }
      }
    }
  }
  return `${out.join('\n')}\n`;
}

/** The answer with every cell's samples emptied, as `samples: false` should give it. */
function withoutSamples(c: Comparison): Comparison {
  return {
    ...c,
    tables: c.tables.map((t) => ({
      ...t,
      rows: t.rows.map((r) => ({ ...r, cells: r.cells.map((x) => (x ? { ...x, samples: [] } : null)) })),
    })),
    samplesOmitted: true,
  };
}

describe('compare without samples, and a row samples on request', () => {
  const lab = importedLab('perflab-compare-samples-', () => [{ name: 'codec.txt', text: runText() }]);
  const call = lab.call;

  const projections: Input<'compare'>[] = [
    { runs: [0], by: 'ref' },
    { runs: [0], by: 'ref', filter: '/size:4096' },
    { runs: [0], by: 'ref', row: '.name /size', table: '' },
    { runs: [0], by: 'ref', holm: true },
  ];

  it('leaves every sample out of the table, and nothing else', async () => {
    for (const p of projections) {
      const input = { ...p, runs: [lab.runId] };
      const full = await call('compare', input);
      const lean = await call('compare', { ...input, samples: false });
      expect(full.samplesOmitted).toBeUndefined();
      expect(full.tables.flatMap((t) => t.rows).every((r) => r.cells.every((c) => c === null || c.samples.length === c.n))).toBe(true);
      expect(lean).toEqual(withoutSamples(full));
      // Asked again with samples: the kept JSON of a cell is not the lean one.
      expect(await call('compare', input)).toEqual(full);
    }
  });

  it('gives each row its samples per column, as the full answer has them', async () => {
    let rows = 0;
    for (const p of projections) {
      const input = { ...p, runs: [lab.runId] };
      const full = await call('compare', input);
      for (const [tableIndex, t] of full.tables.entries())
        for (const r of t.rows) {
          const s = await call('compareSamples', { ...input, tableIndex, rowName: r.name });
          expect(s.columns).toEqual(t.columns);
          expect(s.samples).toEqual(r.cells.map((c) => (c ? c.samples : [])));
          rows++;
        }
    }
    expect(rows).toBeGreaterThan(50);
  });

  it('refuses a row or table the comparison does not have, naming it', async () => {
    const ask = (tableIndex: number, rowName: string) => call('compareSamples', { runs: [lab.runId], by: 'ref', tableIndex, rowName });
    await expect(ask(0, 'Encode/size=8192-2')).rejects.toSatisfy(
      (e: unknown) => e instanceof LabFailure && e.error.code === 'InvalidInput' && /Encode\/size=8192-2/.test(e.error.message),
    );
    await expect(ask(99, 'Encode/size=64-2')).rejects.toSatisfy(
      (e: unknown) => e instanceof LabFailure && e.error.code === 'InvalidInput' && e.error.detail?.field === 'rowName',
    );
  });

  it('stamps a stored comparison by the run last result, without counting them', () => {
    const db = lab.ctx.store.db;
    const head = getRunHead(db, lab.runId)!;
    const max = (db.prepare('SELECT MAX(id) AS id FROM results WHERE run_id = ?').get(lab.runId) as { id: number }).id;
    expect(head.lastResultId).toBe(max);
    expect(head.status).toBe('completed');
    expect(getRunHead(db, lab.runId + 1000)).toBeNull();
  });
});
