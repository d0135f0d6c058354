// Bulk insert A/B: 100,000 results (3 metrics each, 3,500 distinct names, 20 packages) inserted in
// one transaction through the store's insertResults into a fresh SQLite file (WAL,
// synchronous=NORMAL, foreign keys on), for one or more built checkouts, alternating A B A B
// (the order flips every round), one child process per trial so each trial's peak RSS is its own.
// Per trial: insert wall and CPU time, the child's peak RSS, reading the run back
// (readStoredResults), one benchmark's history by name (benchmarkHistory), a check that a
// result with an unknown run id is refused, and deleting the run. Every checkout must read back the same rows.
// Usage: node bench/bulk-insert-ab.js [--rounds N] [DIR...] (default DIR: this checkout; after
// `npx tsc -p tsconfig.node.json` in each). Target: insert < 1 s.
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { alternateTrials, median, tmp } from './lib/common.js';

const self = fileURLToPath(import.meta.url);
const root = path.resolve(path.dirname(self), '..');
const args = process.argv.slice(2);

/** The rows of one trial: what the runner stores for 20 packages x 175 benchmarks x rounds. */
export function bulkRows(refId) {
  // One config object per package, as the runner builds them (one per benchmark process).
  const configs = Array.from({ length: 20 }, (_, k) => ({ goos: 'linux', goarch: 'amd64', pkg: `example.com/p${k}`, cpu: 'AMD EPYC' }));
  return Array.from({ length: 100_000 }, (_, i) => ({
    runRefId: refId,
    config: configs[i % 20],
    pkg: `example.com/p${i % 20}`,
    name: `BenchmarkX${i % 500}/size=${i % 7}`,
    cpu: 2,
    benchtime: '1s',
    iterations: 1000 + i,
    round: 1 + (i % 10),
    metrics: [
      { unit: 'sec/op', value: i * 1e-9, rawUnit: 'ns/op', rawValue: i },
      { unit: 'B/op', value: 64, rawUnit: 'B/op', rawValue: 64 },
      { unit: 'allocs/op', value: 2, rawUnit: 'allocs/op', rawValue: 2 },
    ],
  }));
}

/** One trial in this process: prints one JSON line. */
async function child(dir) {
  const { openDb } = await import(path.join(dir, 'dist/core/store/open-db.js'));
  const { createRun, addRunRefs } = await import(path.join(dir, 'dist/core/store/runs.js'));
  const { insertResults, readStoredResults } = await import(path.join(dir, 'dist/core/store/results.js'));
  const { benchmarkHistory } = await import(path.join(dir, 'dist/core/workflow/history.js'));
  const dataDir = tmp('perflab-bulk-ab-');
  const o = openDb(path.join(dataDir, 'perflab.db'));
  const runId = createRun(o.db, { repoId: null, repoPath: '', kind: 'measured', label: '', status: 'running', spec: null });
  const [ref] = addRunRefs(o.db, runId, [{ label: 'main', name: 'main', sha: 'a'.repeat(40), dirty: false, variant: null }]);
  const rows = bulkRows(ref.id);
  const rssBefore = process.resourceUsage().maxRSS;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  insertResults(o.db, runId, rows);
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  const rss = process.resourceUsage().maxRSS;
  const c1 = process.cpuUsage();
  const back = readStoredResults(o.db, runId);
  const rc = process.cpuUsage(c1);
  const read = (rc.user + rc.system) / 1000;
  const digest = createHash('sha256').update(JSON.stringify(back)).digest('hex').slice(0, 16);
  // One benchmark's history by name (29 samples among the 100,000): the median of 5 calls.
  const historyTimes = [];
  let h;
  for (let k = 0; k < 5; k++) {
    const t2 = performance.now();
    h = await benchmarkHistory(o.db, null, null, { repoId: null, name: 'BenchmarkX7/size=0', unit: 'sec/op', order: 'date' });
    historyTimes.push(performance.now() - t2);
  }
  const history = median(historyTimes);
  let fkRefused = false;
  try {
    insertResults(o.db, runId + 1000, [{ ...rows[0] }]);
  } catch (err) {
    fkRefused = /FOREIGN KEY/.test(String(err));
  }
  // Deleting the run (foreign keys cascade to its results, keys, configs and refs).
  const c3 = process.cpuUsage();
  o.db.prepare('DELETE FROM runs WHERE id = ?').run(runId);
  const dc = process.cpuUsage(c3);
  const del = (dc.user + dc.system) / 1000;
  o.db.close();
  rmSync(dataDir, { recursive: true, force: true });
  console.log(
    JSON.stringify({
      wall,
      cpu: (c.user + c.system) / 1000,
      rssMB: rss / 1024,
      rowsMB: rssBefore / 1024,
      read,
      history,
      del,
      historyN: h.points[0]?.n ?? 0,
      digest,
      fkRefused,
    }),
  );
}

const main = process.argv[1] && path.resolve(process.argv[1]) === self;
if (main && args[0] === '--child') {
  await child(args[1]);
} else if (main) {
  const roundsAt = args.indexOf('--rounds');
  const rounds = roundsAt >= 0 ? Number(args.splice(roundsAt, 2)[1]) : 5;
  const dirs = args.length > 0 ? args.map((d) => path.resolve(d)) : [root];
  const load0 = os.loadavg()[0];
  const trials = alternateTrials(self, dirs, rounds);
  const load1 = os.loadavg()[0];
  const m = (i, k) => median(trials[i].map((t) => t[k]));
  console.log(
    `Bulk insert of 100,000 results, ${rounds} rounds alternating; load average (1 min) ${load0.toFixed(2)} -> ${load1.toFixed(2)}`,
  );
  console.log(
    '| checkout | insert wall | insert CPU | peak RSS (rows alone) | read back (CPU) | history by name | delete run (CPU) | FK refused | read digest |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |');
  dirs.forEach((d, i) => {
    const digests = [...new Set(trials[i].map((t) => t.digest))].join(',');
    const fk = trials[i].every((t) => t.fkRefused);
    console.log(
      `| ${d} | ${m(i, 'wall').toFixed(0)} ms | ${m(i, 'cpu').toFixed(0)} ms | ${m(i, 'rssMB').toFixed(0)} MB (${m(i, 'rowsMB').toFixed(0)}) | ${m(i, 'read').toFixed(0)} ms | ${m(i, 'history').toFixed(1)} ms | ${m(i, 'del').toFixed(0)} ms | ${fk ? 'yes' : 'NO'} | ${digests} |`,
    );
  });
  for (let i = 1; i < dirs.length; i++)
    console.log(
      `ratio of medians ${path.basename(dirs[i])}/${path.basename(dirs[0])}: wall ${(m(i, 'wall') / m(0, 'wall')).toFixed(2)}, CPU ${(m(i, 'cpu') / m(0, 'cpu')).toFixed(2)}, read ${(m(i, 'read') / m(0, 'read')).toFixed(2)}`,
    );
  console.log('walls (ms):', dirs.map((d, i) => `${path.basename(d)} ${trials[i].map((t) => t.wall.toFixed(0)).join(' ')}`).join('; '));
  if (new Set(trials.flatMap((ts) => ts.map((t) => t.digest))).size !== 1) {
    console.error('read-back differs between checkouts');
    process.exitCode = 1;
  }
}
