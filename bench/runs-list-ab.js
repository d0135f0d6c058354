// Listing runs A/B: the History view asks `listRuns` (up to 500 runs, each with its result
// count) on every run event. One SQLite lab of 20 runs x 100,000 results (bench/bulk-insert-ab.js's
// rows) is built once with this checkout; then, for one or more built checkouts alternating
// A B A B (the order flips every round), a child process opens it and times listRuns: the first
// call, and the median of the next 9 (what every later refresh of the view pays). Every checkout
// must list the same runs and counts.
// Usage: node bench/runs-list-ab.js [--rounds N] [DIR...] (default DIR: this checkout; after
// `npx tsc -p tsconfig.node.json` in each).
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bulkRows } from './bulk-insert-ab.js';
import { alternateTrials, median, tmp } from './lib/common.js';

const self = fileURLToPath(import.meta.url);
const root = path.resolve(path.dirname(self), '..');
const args = process.argv.slice(2);
const RUNS = 20;

/** One trial in this process: prints one JSON line. */
async function child(dir, dbPath) {
  const { openDb } = await import(path.join(dir, 'dist/core/store/open-db.js'));
  const { listRuns } = await import(path.join(dir, 'dist/core/store/runs.js'));
  const o = openDb(dbPath);
  const times = [];
  let runs;
  for (let k = 0; k < 10; k++) {
    const t0 = performance.now();
    runs = listRuns(o.db, { limit: 500 });
    times.push(performance.now() - t0);
  }
  o.db.close();
  const digest = createHash('sha256')
    .update(JSON.stringify(runs.map((r) => [r.id, r.resultCount, r.status])))
    .digest('hex')
    .slice(0, 16);
  console.log(
    JSON.stringify({
      first: times[0],
      later: median(times.slice(1)),
      runs: runs.length,
      results: runs.reduce((a, r) => a + r.resultCount, 0),
      digest,
    }),
  );
}

const main = process.argv[1] && path.resolve(process.argv[1]) === self;
if (main && args[0] === '--child') {
  await child(args[1], args[2]);
} else if (main) {
  const roundsAt = args.indexOf('--rounds');
  const rounds = roundsAt >= 0 ? Number(args.splice(roundsAt, 2)[1]) : 5;
  const dirs = args.length > 0 ? args.map((d) => path.resolve(d)) : [root];
  const dataDir = tmp('perflab-runs-list-');
  const dbPath = path.join(dataDir, 'perflab.db');
  try {
    const { openDb } = await import(path.join(root, 'dist/core/store/open-db.js'));
    const { createRun, addRunRefs, updateRun } = await import(path.join(root, 'dist/core/store/runs.js'));
    const { insertResults } = await import(path.join(root, 'dist/core/store/results.js'));
    const o = openDb(dbPath);
    for (let r = 0; r < RUNS; r++) {
      const runId = createRun(o.db, { repoId: null, repoPath: '', kind: 'measured', label: `run ${r}`, status: 'running', spec: null });
      const [ref] = addRunRefs(o.db, runId, [{ label: 'main', name: 'main', sha: 'a'.repeat(40), dirty: false, variant: null }]);
      insertResults(o.db, runId, bulkRows(ref.id));
      updateRun(o.db, runId, { status: 'completed' });
    }
    o.db.close();
    const load0 = os.loadavg()[0];
    const trials = alternateTrials(self, dirs, rounds, [dbPath]);
    const load1 = os.loadavg()[0];
    const m = (i, k) => median(trials[i].map((t) => t[k]));
    console.log(
      `listRuns (limit 500) over ${RUNS} runs x 100,000 results, ${rounds} rounds alternating; load average (1 min) ${load0.toFixed(2)} -> ${load1.toFixed(2)}`,
    );
    console.log('| checkout | first call | each later call (median of 9) | runs, results | digest |');
    console.log('| --- | ---: | ---: | --- | --- |');
    dirs.forEach((d, i) => {
      const digests = [...new Set(trials[i].map((t) => t.digest))].join(',');
      console.log(
        `| ${d} | ${m(i, 'first').toFixed(1)} ms | ${m(i, 'later').toFixed(2)} ms | ${trials[i][0].runs}, ${trials[i][0].results} | ${digests} |`,
      );
    });
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
