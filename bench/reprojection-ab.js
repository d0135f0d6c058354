// Re-projection of a 5,000-row comparison through the API functions (compare + toComparisonJson
// on a prepared input: 8 projections a user clicks through, each the best of 3, median), for one
// or more built checkouts in one process, alternating (the order flips every round), 5 rounds;
// wall and CPU time per re-projection. --busy N starts N busy-loop processes for the duration
// (one per core is the "loaded machine" of the target), stopped by their pids at the end.
// Usage: node bench/reprojection-ab.js [--busy N] [DIR...] (default DIR: this checkout; after
// `npx tsc -p tsconfig.node.json`). Target: < 100 ms.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './lib/common.js';
import { generate, VARIANTS } from './lib/reprojection-input.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const busyAt = args.indexOf('--busy');
const busy = busyAt >= 0 ? Number(args.splice(busyAt, 2)[1]) : 0;
const dirs = args.length > 0 ? args.map((d) => path.resolve(d)) : [root];

const setups = [];
for (const d of dirs) {
  const { readBenchfmtAll } = await import(path.join(d, 'dist/core/benchfmt/index.js'));
  const { compare, prepareSources, toComparisonJson } = await import(path.join(d, 'dist/core/compare/index.js'));
  const prepared = prepareSources([
    { name: 'old', records: readBenchfmtAll(generate(3, 1)) },
    { name: 'new', records: readBenchfmtAll(generate(4, 0.98)) },
  ]);
  const run = (v) => {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    toComparisonJson(compare(prepared, { alpha: 0.05, confidence: 0.95, ...v }));
    const c = process.cpuUsage(c0);
    return { wall: performance.now() - t0, cpu: (c.user + c.system) / 1000 };
  };
  run({}); // the first projection computes every statistic
  setups.push({ d, run });
}

const loops = Array.from({ length: busy }, () => spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' }));
try {
  const res = setups.map(() => ({ wall: [], cpu: [] }));
  for (let round = 0; round < 5; round++) {
    const order = round % 2 ? [...setups.keys()].reverse() : [...setups.keys()];
    for (const i of order) {
      const per = VARIANTS.map((v) => {
        const a = [setups[i].run(v), setups[i].run(v), setups[i].run(v)];
        return { wall: Math.min(...a.map((x) => x.wall)), cpu: Math.min(...a.map((x) => x.cpu)) };
      });
      res[i].wall.push(median(per.map((x) => x.wall)));
      res[i].cpu.push(median(per.map((x) => x.cpu)));
    }
  }
  setups.forEach((s, i) =>
    console.log(
      `${s.d}: median of 5 rounds: wall ${median(res[i].wall).toFixed(0)} ms, CPU ${median(res[i].cpu).toFixed(0)} ms ` +
        `per re-projection (rounds ${res[i].wall.map(Math.round).join(', ')} ms)`,
    ),
  );
} finally {
  for (const p of loops) p.kill();
}
