// Perflab's deliberate differences from benchstat (src/core/compare/README.md), each pinned.
import { describe, expect, it } from 'vitest';
import { readBenchfmtAll, readBenchfmtStream } from '../../../src/core/benchfmt/index.js';
import { compare, renderText, toComparisonJson } from '../../../src/core/compare/index.js';
import { LabFailure } from '../../../src/shared/errors.js';

describe('deliberate differences from benchstat', () => {
  it('leaves NaN values out of a cell, with a note, instead of printing nonsense', () => {
    const a = 'BenchmarkX 1 5 x\nBenchmarkX 1 NaN x\nBenchmarkX 1 6 x\n';
    const r = compare([{ name: 'a', records: readBenchfmtAll(a) }], { alpha: 0.05, confidence: 0.95 });
    const cell = r.tables[0].cells[0][0]!;
    expect(cell.samples).toEqual([5, 6]);
    expect(cell.sampleWarnings).toEqual(['NaN values left out']);
    expect(renderText(r).stdout).toContain('¹ NaN values left out');
  });

  it('reports an over-long line and reads on, where benchstat gives up on the whole file', async () => {
    const text = 'BenchmarkX 1 5 x\n' + 'Benchmark' + 'y'.repeat(70000) + ' 1 2 x\nBenchmarkX 1 6 x\n';
    const records = [];
    for await (const r of readBenchfmtStream(
      (async function* () {
        yield text;
      })(),
    ))
      records.push(r);
    const r = compare([{ name: 'a.txt', records }], { alpha: 0.05, confidence: 0.95 });
    expect(r.diagnostics).toEqual(['a.txt:2: line too long (70015 characters; the limit is 65535)']);
    expect(r.tables[0].cells[0][0]!.samples).toEqual([5, 6]);
  });

  it('refuses a bad projection with a typed error (benchstat prints it and exits 0)', () => {
    expect(() => compare([], { alpha: 0.05, confidence: 0.95, col: '.unit' })).toThrow(LabFailure);
  });

  it('JSON keeps numbers benchstat never prints: samples, CI bounds, p, Holm p', () => {
    const a = 'BenchmarkX 1 5 x\nBenchmarkX 1 6 x\nBenchmarkX 1 7 x\nBenchmarkX 1 5 x\n';
    const b = 'BenchmarkX 1 9 x\nBenchmarkX 1 8 x\nBenchmarkX 1 9 x\nBenchmarkX 1 10 x\n';
    const j = toComparisonJson(
      compare(
        [
          { name: 'a', records: readBenchfmtAll(a) },
          { name: 'b', records: readBenchfmtAll(b) },
        ],
        { alpha: 0.05, confidence: 0.95, holm: true },
      ),
    );
    const d = j.tables[0].rows[0].deltas[1]!;
    expect(j.holm).toBe(true);
    expect(d.p).toBeGreaterThan(0);
    expect(d.holmP).toBe(d.p); // one row: Holm leaves p as is
    expect(j.tables[0].rows[0].cells[0]).toMatchObject({ samples: [5, 6, 7, 5], lo: null, hi: null, n: 4 });
  });
});
