// Parity of the `perflab compare FILE...` command itself (src/cli/compare-files.ts: files read in
// pieces, no lab, the table written to stdout as it is formatted) with the pinned benchstat, text
// and CSV, on generated data sets with benchstat's flags given as the CLI's options.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { cli } from '../helpers/cli.js';
import { benchstatPath, mapLimit } from '../helpers/benchstat.js';
import { generateDataSet, type DataSet } from './generate.js';
import { benchstatFor, diffOutputs, writeDataSet, type Outputs } from './harness.js';

function dataSets(): DataSet[] {
  const out: DataSet[] = [];
  for (let s = 1; s <= 40; s++) out.push(generateDataSet(1000 + s, { files: 2 }));
  for (let s = 41; s <= 50; s++) out.push(generateDataSet(1000 + s, { files: s % 2 === 0 ? 3 : 1 }));
  const flags: string[][] = [
    ['-alpha', '0.01', '-confidence', '0.9'],
    ['-col', '/gomaxprocs'],
    ['-filter', '-.unit:(B/op OR allocs/op)'],
    ['-table', '', '-row', '.fullname', '-col', '.file'],
    ['-row', '/size@num,.name'],
    ['-ignore', 'cpu'],
  ];
  flags.forEach((f, i) => {
    for (let k = 0; k < 2; k++) out.push(generateDataSet(1100 + i * 2 + k, { files: 2, flags: f }));
  });
  return out;
}

/** benchstat's `-col X` as the CLI's `--col=X` (`=` keeps an empty value or a leading `-`). */
const cliFlags = (flags: readonly string[]) => flags.flatMap((f, i) => (i % 2 === 0 ? [`-${f}=${flags[i + 1]}`] : []));

describe('perflab compare FILE... parity with benchstat', () => {
  let root = '';
  beforeAll(async () => {
    await benchstatPath();
    root = await mkdtemp(path.join(os.tmpdir(), 'perflab-cli-parity-'));
  });
  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('prints byte-identical text and CSV, and needs no data directory', async () => {
    const sets = dataSets();
    const dirs = await Promise.all(sets.map((ds) => writeDataSet(root, ds)));
    const theirs = await mapLimit(sets, 2, (ds, i) => benchstatFor(dirs[i], ds));
    const dataDir = path.join(root, 'never-created');
    const env = { ...process.env, PERFLAB_HOME: dataDir };
    const diffs: string[] = [];
    for (const [i, ds] of sets.entries()) {
      const files = ds.files.map((f) => f.name);
      const run = (format: string) => cli(['compare', ...cliFlags(ds.flags), '--format', format, ...files], { cwd: dirs[i], env });
      const [text, csv] = [await run('text'), await run('csv')];
      expect(text.code, `${ds.id}: ${text.stderr}`).toBe(0);
      expect(csv.code, `${ds.id}: ${csv.stderr}`).toBe(0);
      const ours: Outputs = { text: { stdout: text.stdout, stderr: text.stderr }, csv: { stdout: csv.stdout, stderr: csv.stderr } };
      diffs.push(...diffOutputs(ds.id, ours, theirs[i]));
    }
    expect(diffs.slice(0, 3).join('\n')).toBe('');
    expect(theirs.filter((t) => t.text.stdout.includes('vs base')).length).toBeGreaterThan(25);
    // A comparison of files opened no lab: no data directory, no database.
    expect(existsSync(dataDir)).toBe(false);
  }, 300_000);
});
