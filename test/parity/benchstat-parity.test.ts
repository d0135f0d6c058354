// Parity with the real benchstat on generated data: for every data set, `benchstat FILES` and
// `benchstat -format csv FILES` (stdout and stderr) equal Perflab's renderText / renderCsv.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { benchstatPath, mapLimit } from '../helpers/benchstat.js';
import { generateDataSet, type DataSet } from './generate.js';
import { benchstatFor, diffOutputs, oursFor, writeDataSet } from './harness.js';

function dataSets(): DataSet[] {
  const out: DataSet[] = [];
  for (let s = 1; s <= 260; s++) out.push(generateDataSet(s, { files: 2 }));
  for (let s = 261; s <= 280; s++) out.push(generateDataSet(s, { files: 1 }));
  for (let s = 281; s <= 310; s++) out.push(generateDataSet(s, { files: s % 2 === 0 ? 3 : 4 }));
  for (let s = 311; s <= 330; s++) out.push(generateDataSet(s, { files: 2, flags: ['-alpha', '0.01'] }));
  for (let s = 331; s <= 350; s++) out.push(generateDataSet(s, { files: 2, flags: ['-confidence', '0.9'] }));
  for (let s = 351; s <= 360; s++) out.push(generateDataSet(s, { files: 3, flags: ['-alpha', '0.01', '-confidence', '0.9'] }));
  for (let s = 361; s <= 366; s++) out.push(generateDataSet(s, { files: 2, flags: ['-confidence', '0.99'] }));
  for (let s = 367; s <= 372; s++) out.push(generateDataSet(s, { files: 2, flags: ['-alpha', '0.1'] }));
  const projections: string[][] = [
    ['-col', '/gomaxprocs'],
    ['-row', '.name', '-col', '.file,/gomaxprocs'],
    ['-filter', '.unit:sec/op'],
    ['-filter', '-.unit:(B/op OR allocs/op)'],
    ['-filter', '.name:/^(Encode|Decode)$/ OR /format:json'],
    ['-table', '', '-row', '.fullname', '-col', '.file'],
    ['-table', '', '-col', '.file@(f1.txt f0.txt)'],
    ['-row', '.fullname@alpha'],
    ['-row', '/size@num,.name'],
    ['-col', 'pkg', '-table', ''],
    ['-ignore', 'cpu'],
    ['-col', 'note'],
  ];
  projections.forEach((flags, i) => {
    for (let k = 0; k < 3; k++) out.push(generateDataSet(400 + i * 3 + k, { files: 2, flags }));
  });
  return out;
}

describe('benchstat parity (generated data sets)', () => {
  let root = '';
  beforeAll(async () => {
    await benchstatPath();
    root = await mkdtemp(path.join(os.tmpdir(), 'perflab-parity-'));
  });
  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('prints byte-identical text and CSV (stdout and stderr) for every data set', async () => {
    const sets = dataSets();
    const dirs = await Promise.all(sets.map((ds) => writeDataSet(root, ds)));
    const theirs = await mapLimit(sets, 2, (ds, i) => benchstatFor(dirs[i], ds));
    const diffs: string[] = [];
    let tables = 0;
    sets.forEach((ds, i) => {
      const ours = oursFor(ds);
      tables += (theirs[i].text.stdout.match(/vs base|│\n/g) ?? []).length;
      diffs.push(...diffOutputs(ds.id, ours, theirs[i]));
    });
    console.log(`benchstat parity: ${sets.length} data sets x (text + csv), ${diffs.length} differences`);
    expect(sets.length).toBeGreaterThanOrEqual(300);
    expect(tables).toBeGreaterThan(300);
    if (process.env.PARITY_SUMMARY) {
      for (const d of diffs) {
        const [head, rest] = d.split('\n--- benchstat\n');
        const [b, a] = rest.split('\n--- perflab\n');
        const bl = b.split('\n');
        const al = a.split('\n');
        const k = bl.findIndex((l, i) => l !== al[i]);
        console.log(`${head}\n  benchstat: ${JSON.stringify(bl[k])}\n  perflab:   ${JSON.stringify(al[k])}`);
      }
    }
    expect(diffs.slice(0, 5).join('\n\n')).toBe('');
  });
});
