// `npm run bench` (after `npm run build`): every speed benchmark, one after the other, each
// writing its own section of docs/performance.md with the machine and the command. The
// measurement-quality studies take about 15 minutes more: add --studies (or run
// `node bench/studies.js all --trials 100 --detection-trials 60` on its own).
// Usage: node bench/run-all.js [--only NAME[,NAME...]] [--studies]
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const BENCHES = [
  ['lab-runs', ['lab-runs.js', '--count', '10']],
  ['benchfmt-reader', ['benchfmt-reader.js', '--write-docs']],
  ['compare-vs-benchstat', ['compare-vs-benchstat.js', '--write-docs']],
  ['compare-shapes', ['compare-shapes.js', '--runs', '5']],
  ['reprojection', ['reprojection-ab.js', '--busy', '2']],
  ['reprojection-serve', ['reprojection-serve.js', '--busy', '2']],
  ['pprof-decode', ['pprof-decode.js']],
  ['ui-flame', ['ui-flame.js']],
  ['ui-compare', ['ui-compare.js']],
  ['launcher-overhead', ['launcher-overhead.js', '--write-docs']],
  ['bulk-insert', ['bulk-insert-ab.js']],
  ['runs-list', ['runs-list-ab.js']],
];
if (process.argv.includes('--studies')) BENCHES.push(['studies', ['studies.js', 'all', '--trials', '100', '--detection-trials', '60']]);

const onlyAt = process.argv.indexOf('--only');
const only = onlyAt > 0 ? new Set(process.argv[onlyAt + 1].split(',')) : null;
if (only) {
  for (const n of only)
    if (!BENCHES.some(([name]) => name === n))
      throw new Error(`--only: unknown benchmark ${JSON.stringify(n)} (${BENCHES.map(([x]) => x).join(', ')})`);
}
const failed = [];
for (const [name, [script, ...args]] of BENCHES) {
  if (only && !only.has(name)) continue;
  console.log(`\n== ${name}: node bench/${script} ${args.join(' ')}`);
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [path.join(here, script), ...args], { stdio: 'inherit' });
  console.log(
    `== ${name}: ${r.status === 0 ? 'ok' : `failed (exit ${r.status ?? r.signal})`} in ${((performance.now() - t0) / 1000).toFixed(0)} s`,
  );
  if (r.status !== 0) failed.push(name);
}
if (failed.length) {
  console.error(`failed: ${failed.join(', ')}`);
  process.exit(1);
}
