// `perflab compare A B` (the built CLI, bin/perflab.js) against the pinned benchstat on two
// generated shapes (bench/lib/benchfmt-gen.js, seeded): many rows (2 x 100,000 lines: 10,000
// benchmarks with sub-benchmark names x 10 samples, ns/op + B/op + allocs/op) and few rows with
// many samples (100 benchmarks x 1,000 samples). Whole processes, side by side: each round
// runs benchstat and every checkout once, in an order that rotates every round; wall time and
// peak RSS (/usr/bin/time's maximum resident set size; CPU time user + system as a figure less
// swayed by other load); the figures are the medians of the per-round ratios and of each side.
// Every stdout is checked to be byte-identical to benchstat's. Targets: wall ratio <= 0.3, RSS ratio <= 1.0.
// Usage: node bench/compare-shapes.js [--runs N] [--shape many-rows|few-rows] [--perflab DIR]...
//        [--json] (after `npm run build`; --perflab: a built checkout, repeatable: "before" and
//        "after" measured in the same rounds; default this checkout)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SHAPES, shapePair } from './lib/benchfmt-gen.js';
import { loadNow, machine, median } from './lib/common.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function arg(name, dflt) {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : dflt;
}

/** The pinned benchstat the parity tests installed (test/helpers/benchstat.ts). */
export function benchstatBinary() {
  const dir = path.join(root, 'node_modules/.cache/perflab-tools');
  for (const v of existsSync(dir) ? readdirSync(dir) : []) {
    const p = path.join(dir, v, 'benchstat');
    if (existsSync(p)) return p;
  }
  throw new Error('benchstat not found: run `npx vitest run test/parity` once (it installs the pinned benchstat)');
}

/** One whole process under /usr/bin/time: wall ms (measured here), peak RSS in MB, CPU ms (user + system), stdout. */
function measure(cmd, args, tmp) {
  const rusage = path.join(tmp, 'rusage');
  const t0 = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-o', rusage, '-f', '%M %U %S', cmd, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  const [kb, user, sys] = readFileSync(rusage, 'utf8').trim().split('\n').pop().split(' ').map(Number);
  return { ms, rssMb: kb / 1024, cpuMs: (user + sys) * 1000, stdout: r.stdout };
}

function side(xs) {
  return {
    wallMs: median(xs.map((o) => o.ms)),
    rssMb: median(xs.map((o) => o.rssMb)),
    cpuMs: median(xs.map((o) => o.cpuMs)),
    walls: xs.map((o) => Math.round(o.ms)),
    rss: xs.map((o) => Math.round(o.rssMb)),
  };
}

/** One shape: benchstat and every checkout in turn, round by round (the order rotates every
 * round), after one warm-up round; each checkout's ratios are per round against that round's
 * benchstat run. */
function runShape(shape, runs, perflabDirs, tmp) {
  const [a, b] = shapePair(shape).map((text, i) => {
    const f = path.join(tmp, `${shape}-${i ? 'new' : 'old'}.txt`);
    writeFileSync(f, text);
    return f;
  });
  const benchstat = benchstatBinary();
  const tools = [
    { name: 'benchstat', cmd: benchstat, args: [a, b] },
    ...perflabDirs.map((d) => ({ name: d, cmd: process.execPath, args: [path.join(d, 'bin', 'perflab.js'), 'compare', a, b] })),
  ];
  for (const t of tools) measure(t.cmd, t.args, tmp); // warm-up (page cache, binaries), not counted
  const rounds = [];
  for (let i = 0; i < runs; i++) {
    const round = new Array(tools.length);
    for (let k = 0; k < tools.length; k++) {
      const j = (i + k) % tools.length;
      round[j] = measure(tools[j].cmd, tools[j].args, tmp);
    }
    rounds.push(round);
  }
  const theirs = rounds.map((r) => r[0]);
  const perflab = perflabDirs.map((dir, k) => {
    const ours = rounds.map((r) => r[k + 1]);
    return {
      dir,
      identical: ours.every((o, i) => o.stdout === theirs[i].stdout),
      perflab: side(ours),
      wallRatio: median(ours.map((o, i) => o.ms / theirs[i].ms)),
      rssRatio: median(ours.map((o, i) => o.rssMb / theirs[i].rssMb)),
      cpuRatio: median(ours.map((o, i) => o.cpuMs / theirs[i].cpuMs)),
    };
  });
  return {
    shape,
    what: SHAPES[shape].what,
    lines: readFileSync(a, 'utf8').split('\n').length - 1,
    runs,
    identical: perflab.every((p) => p.identical),
    benchstat: side(theirs),
    checkouts: perflab,
    // The first checkout's figures, as before.
    perflab: perflab[0].perflab,
    wallRatio: perflab[0].wallRatio,
    rssRatio: perflab[0].rssRatio,
    cpuRatio: perflab[0].cpuRatio,
  };
}

const runs = Number(arg('--runs', '5'));
const perflabDirs = process.argv.flatMap((x, i) => (x === '--perflab' ? [path.resolve(process.argv[i + 1])] : []));
if (perflabDirs.length === 0) perflabDirs.push(root);
const shapes = arg('--shape', null) ? [arg('--shape')] : Object.keys(SHAPES);
const tmp = mkdtempSync(path.join(os.tmpdir(), 'perflab-bench-shapes-'));
try {
  const loadStart = loadNow();
  const results = shapes.map((s) => runShape(s, runs, perflabDirs, tmp));
  const env = { machine: machine(), loadStart, loadEnd: loadNow(), perflab: perflabDirs, date: new Date().toISOString() };
  if (process.argv.includes('--json')) console.log(JSON.stringify({ env, results }, null, 2));
  else {
    console.log(`${env.machine}; load average ${env.loadStart} -> ${env.loadEnd}; perflab ${perflabDirs.join(', ')}`);
    for (const r of results) {
      console.log(
        `${r.shape} (2 x ${r.lines.toLocaleString('en-US')} lines, ${r.what}), ` +
          `median of ${r.runs} rounds (benchstat and each checkout in rotating order), identical output: ${r.identical}`,
      );
      const row = (name, x) =>
        console.log(
          `  ${name.padEnd(16)} ${x.wallMs.toFixed(0)} ms  ${x.rssMb.toFixed(1)} MB  cpu ${x.cpuMs.toFixed(0)} ms   ` +
            `runs ${x.walls.join(', ')} ms; ${x.rss.join(', ')} MB`,
        );
      row('benchstat', r.benchstat);
      for (const c of r.checkouts) {
        row(r.checkouts.length > 1 ? path.basename(c.dir) : 'perflab compare', c.perflab);
        console.log(
          `    ratio: wall ${c.wallRatio.toFixed(2)} (target <= 0.3), peak RSS ${c.rssRatio.toFixed(2)} (target <= 1.0), ` +
            `CPU time ${c.cpuRatio.toFixed(2)}`,
        );
      }
    }
  }
  if (results.some((r) => !r.identical)) process.exitCode = 1;
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
