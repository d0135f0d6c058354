// The Compare view's answer (`compareView`) and its row windows (`compareViewRows`): for every
// sort, "only significant", unit and filter, the rows a table shows are the lean comparison's
// rows in the order src/shared/compare-view.ts gives them, the counts are over every row, and
// the windows a scrolling table asks for put the whole ordered table back together. Real lab
// context, real SQLite file in a temp dir, a run imported from Go benchmark text.

import { describe, expect, it } from 'vitest';
import type { Input } from '../../../src/shared/api.js';
import type { CompareRow, CompareView } from '../../../src/shared/compare-types.js';
import {
  COMPARE_SORTS,
  distinctConfig,
  sharedConfig,
  showsGeomean,
  shownRows,
  tableCounts,
  unitsOf,
} from '../../../src/shared/compare-view.js';
import { LabFailure } from '../../../src/shared/errors.js';
import { importedLab } from '../../helpers/imported-lab.js';

/** Two refs of an image codec module, 2 packages x 180 sub-benchmarks x 6 runs: a third of the
 * shapes got faster at `tuned`, a sixth slower, the rest alike (noise of a few percent). */
function runText(): string {
  const out = ['goos: linux', 'goarch: amd64', 'cpu: Intel(R) Xeon(R) CPU @ 2.20GHz'];
  let seed = 7;
  const noise = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return 1 + (seed / 2147483648 - 0.5) * 0.04;
  };
  for (const ref of ['main', 'tuned']) {
    out.push(`ref: ${ref}`);
    for (const pkg of ['example.com/imaging/png', 'example.com/imaging/jpeg']) {
      out.push(`pkg: ${pkg}`);
      for (let run = 0; run < 6; run++)
        for (let shape = 0; shape < 60; shape++)
          for (const size of [16, 256, 4096]) {
            const change = ref === 'main' ? 1 : shape % 3 === 0 ? 0.8 : shape % 6 === 1 ? 1.25 : 1;
            const ns = size * (3 + (shape % 7)) * change * noise();
            const bytes = ref === 'tuned' && shape % 3 === 0 ? size : size * 2;
            out.push(`BenchmarkDecode/shape=${shape}/size=${size}-4 10000 ${ns.toFixed(1)} ns/op ${bytes} B/op 4 allocs/op`);
          }
    }
  }
  return `${out.join('\n')}\n`;
}

describe('the Compare view and its row windows', () => {
  const lab = importedLab('perflab-compare-view-', () => [{ name: 'imaging.txt', text: runText() }]);
  const call = lab.call;

  async function allRows(view: CompareView, input: Input<'compareView'>, tableIndex: number, block: number): Promise<CompareRow[]> {
    const t = view.tables.find((x) => x.index === tableIndex)!;
    const rows: CompareRow[] = [];
    for (let offset = 0; offset < t.names.length; offset += block) {
      const w = await call('compareViewRows', { ...input, tableIndex, offset, limit: block });
      expect(w).toMatchObject({ tableIndex, total: t.names.length, offset });
      rows.push(...w.rows);
    }
    return rows;
  }

  it('shows each table the rows of the comparison, filtered and ordered as the view asks, with counts over every row', async () => {
    let checked = 0;
    for (const filter of [undefined, '/size:4096']) {
      const base = { runs: [lab.runId], by: 'ref' as const, filter };
      const lean = await call('compare', { ...base, samples: false });
      const units = unitsOf(lean);
      expect(units).toEqual(['sec/op', 'B/op', 'allocs/op']);
      for (const unit of [undefined, 'B/op', 'no such unit'])
        for (const sort of COMPARE_SORTS)
          for (const onlySignificant of [false, true]) {
            const input = { ...base, unit, sort, onlySignificant, limit: 50 };
            const view = await call('compareView', input);
            const { tables: _t, samplesOmitted: _s, ...head } = lean;
            expect(view).toMatchObject(head);
            expect(view.units).toEqual(units);
            expect(view.unit).toBe(unit === 'B/op' ? 'B/op' : 'sec/op');
            expect(view.shared).toEqual(sharedConfig(lean));
            const want = lean.tables.flatMap((table, index) => (table.unit === view.unit ? [{ index, table }] : []));
            expect(view.tables.map((t) => t.index)).toEqual(want.map((w) => w.index));
            for (const [k, { table }] of want.entries()) {
              const t = view.tables[k];
              const shown = shownRows(table, { sort, onlySignificant });
              expect(t.names).toEqual(shown.map((r) => r.name));
              expect(t.rows).toEqual(shown.slice(0, 50));
              expect(t.offset).toBe(0);
              expect(t.counts).toEqual(tableCounts(table));
              expect(t.distinct).toEqual(distinctConfig(lean, table));
              expect(t.showGeomean).toBe(showsGeomean(table, { sort, onlySignificant }));
              expect(t).toMatchObject({ unit: table.unit, columns: table.columns, geomean: table.geomean, footnotes: table.footnotes });
              checked++;
            }
          }
    }
    expect(checked).toBe(2 * 3 * 4 * 2 * 2);
  });

  it('means what it shows: a sort by regressions puts the slower shapes first, only-significant drops the alike ones', async () => {
    const view = await call('compareView', { runs: [lab.runId], by: 'ref', sort: '-delta', onlySignificant: true, limit: 5 });
    const png = view.tables[0];
    expect(png.counts.rows).toBe(180);
    // 20 shapes x 3 sizes faster, 10 x 3 slower (changes of 20-25% in 2% noise), and a few of
    // the 90 alike rows significant by chance (6 runs a side, alpha 0.05).
    const shape = (n: string) => Number(/shape=(\d+)/.exec(n)![1]);
    const faster = png.names.filter((n) => shape(n) % 3 === 0);
    const slower = png.names.filter((n) => shape(n) % 6 === 1);
    expect([faster.length, slower.length]).toEqual([60, 30]);
    expect(png.names).toHaveLength(png.counts.significant);
    expect(png.counts.significant).toBeLessThan(100);
    expect(png.names.slice(0, 30).sort()).toEqual(slower.sort());
    expect(png.names.slice(-60).sort()).toEqual(faster.sort());
    expect(png.rows.map((r) => r.deltas[1]?.direction)).toEqual(['worse', 'worse', 'worse', 'worse', 'worse']);
    expect(png.showGeomean).toBe(false);
  });

  it('gives the rows of a table window by window, the whole ordered table when put together', async () => {
    for (const sort of ['name', 'abs'] as const) {
      const input = { runs: [lab.runId], by: 'ref' as const, sort, onlySignificant: false };
      const view = await call('compareView', { ...input, limit: 0 });
      expect(view.tables.every((t) => t.rows.length === 0 && t.names.length === 180)).toBe(true);
      const lean = await call('compare', { ...input, samples: false });
      for (const t of view.tables) {
        const rows = await allRows(view, input, t.index, 37);
        expect(rows).toEqual(shownRows(lean.tables[t.index], input));
      }
    }
  });

  it('answers a window past the end with no rows, and refuses a table the view does not show, naming it', async () => {
    const input = { runs: [lab.runId], by: 'ref' as const, unit: 'B/op' };
    const view = await call('compareView', input);
    const t = view.tables[0];
    expect(await call('compareViewRows', { ...input, tableIndex: t.index, offset: 10_000 })).toEqual({
      tableIndex: t.index,
      total: 180,
      offset: 180,
      rows: [],
    });
    // Table 0 is a sec/op table: not in the B/op view.
    await expect(call('compareViewRows', { ...input, tableIndex: 0, offset: 0 })).rejects.toSatisfy(
      (e: unknown) =>
        e instanceof LabFailure &&
        e.error.code === 'InvalidInput' &&
        e.error.detail?.field === 'tableIndex' &&
        e.error.message.includes(`tables are ${view.tables.map((x) => x.index).join(', ')}`),
    );
    await expect((async () => call('compareView', { ...input, sort: 'fastest' as 'name' }))()).rejects.toSatisfy(
      (e: unknown) => e instanceof LabFailure && e.error.code === 'InvalidInput' && /sort/.test(JSON.stringify(e.error)),
    );
  });
});
