// Parity with the real benchstat where its exact p with ties departs from the textbook
// conditional null (a constant side, two distinct values, a few levels; src/core/stats/u-ties.ts
// and docs/statistics.md): text and CSV, stdout and stderr, byte for byte.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { benchstatPath, mapLimit } from '../helpers/benchstat.js';
import { uTest } from '../../src/core/stats/index.js';
import { generateTiesDataSet, type DataSet } from './generate.js';
import { benchstatFor, diffOutputs, oursFor, writeDataSet } from './harness.js';

describe('benchstat parity (tie patterns)', () => {
  let root = '';
  beforeAll(async () => {
    await benchstatPath();
    root = await mkdtemp(path.join(os.tmpdir(), 'perflab-ties-parity-'));
  });
  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('prints byte-identical text and CSV for 12 x 80 tied comparisons', async () => {
    const sets: DataSet[] = [];
    for (let s = 1; s <= 8; s++) sets.push(generateTiesDataSet(s));
    sets.push(generateTiesDataSet(9, ['-alpha', '0.01']), generateTiesDataSet(10, ['-alpha', '0.1']));
    sets.push(generateTiesDataSet(11, ['-confidence', '0.9']), generateTiesDataSet(12, ['-alpha', '0.2']));
    const dirs = await Promise.all(sets.map((ds) => writeDataSet(root, ds)));
    const theirs = await mapLimit(sets, 2, (ds, i) => benchstatFor(dirs[i], ds));
    const diffs = sets.flatMap((ds, i) => diffOutputs(ds.id, oursFor(ds), theirs[i]));
    expect(diffs.slice(0, 3).join('\n\n')).toBe('');
    // The suite does reach the departing patterns: benchstat prints p > 1 and the p of the
    // first data set's [8, 7, 8] vs [7 x7] row.
    const text = theirs[0].text.stdout;
    expect(text).toMatch(/~ \(p=0\.933 n=3\+7\)/);
    expect(text).toMatch(/p=1\.[0-9]{3}/);
    expect(uTest([8, 7, 8], [7, 7, 7, 7, 7, 7, 7]).p.toFixed(3)).toBe('0.933');
  });
});
