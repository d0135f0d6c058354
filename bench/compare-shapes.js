// `perflab compare A B` (the built CLI, bin/perflab.js) against the pinned benchstat on two
// generated shapes (bench/lib/benchfmt-gen.js, seeded): many rows (2 x 100,000 lines: 10,000
// benchmarks with sub-benchmark names x 10 samples, ns/op + B/op + allocs/op) and few rows with
// many samples (100 benchmarks x 1,000 samples). Whole processes, side by side, alternating
// (the order flips every pair), wall time and peak RSS (/usr/bin/time's maximum resident set
// size; CPU time user + system as a figure less swayed by other load); the figures are the
// medians of the per-pair ratios and of each side. The two stdouts
// are checked to be byte-identical. Targets: wall ratio <= 0.3, RSS ratio <= 1.0.
// Usage: node bench/compare-shapes.js [--runs N] [--shape many-rows|few-rows] [--perflab DIR]
//        [--json] (after `npm run build`; --perflab: another built checkout, for "before" figures)
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

function runShape(shape, runs, perflabDir, tmp) {
  const [a, b] = shapePair(shape).map((text, i) => {
    const f = path.join(tmp, `${shape}-${i ? 'new' : 'old'}.txt`);
    writeFileSync(f, text);
    return f;
  });
  const bin = path.join(perflabDir, 'bin', 'perflab.js');
  const benchstat = benchstatBinary();
  const ours = [];
  const theirs = [];
  let identical = true;
  // One warm-up pair (page cache, binaries), not counted.
  measure(benchstat, [a, b], tmp);
  measure(process.execPath, [bin, 'compare', a, b], tmp);
  for (let i = 0; i < runs; i++) {
    const first = i % 2 === 0;
    const t = first ? measure(benchstat, [a, b], tmp) : null;
    const o = measure(process.execPath, [bin, 'compare', a, b], tmp);
    const t2 = t ?? measure(benchstat, [a, b], tmp);
    identical &&= o.stdout === t2.stdout;
    ours.push(o);
    theirs.push(t2);
  }
  const wallRatios = ours.map((o, i) => o.ms / theirs[i].ms);
  const rssRatios = ours.map((o, i) => o.rssMb / theirs[i].rssMb);
  const cpuRatios = ours.map((o, i) => o.cpuMs / theirs[i].cpuMs);
  return {
    shape,
    what: SHAPES[shape].what,
    lines: readFileSync(a, 'utf8').split('\n').length - 1,
    runs,
    identical,
    perflab: side(ours),
    benchstat: side(theirs),
    wallRatio: median(wallRatios),
    rssRatio: median(rssRatios),
    cpuRatio: median(cpuRatios),
  };
}

const runs = Number(arg('--runs', '5'));
const perflabDir = path.resolve(arg('--perflab', root));
const shapes = arg('--shape', null) ? [arg('--shape')] : Object.keys(SHAPES);
const tmp = mkdtempSync(path.join(os.tmpdir(), 'perflab-bench-shapes-'));
try {
  const loadStart = loadNow();
  const results = shapes.map((s) => runShape(s, runs, perflabDir, tmp));
  const env = { machine: machine(), loadStart, loadEnd: loadNow(), perflab: perflabDir, date: new Date().toISOString() };
  if (process.argv.includes('--json')) console.log(JSON.stringify({ env, results }, null, 2));
  else {
    console.log(`${env.machine}; load average ${env.loadStart} -> ${env.loadEnd}; perflab ${perflabDir}`);
    for (const r of results) {
      console.log(
        `${r.shape} (2 x ${r.lines.toLocaleString('en-US')} lines, ${r.what}), ` +
          `median of ${r.runs} alternating pairs, identical output: ${r.identical}`,
      );
      for (const [name, x] of [
        ['perflab compare', r.perflab],
        ['benchstat', r.benchstat],
      ]) {
        console.log(
          `  ${name.padEnd(16)} ${x.wallMs.toFixed(0)} ms  ${x.rssMb.toFixed(1)} MB  cpu ${x.cpuMs.toFixed(0)} ms   ` +
            `runs ${x.walls.join(', ')} ms; ${x.rss.join(', ')} MB`,
        );
      }
      console.log(
        `  ratio: wall ${r.wallRatio.toFixed(2)} (target <= 0.3), peak RSS ${r.rssRatio.toFixed(2)} (target <= 1.0), ` +
          `CPU time ${r.cpuRatio.toFixed(2)}`,
      );
    }
  }
  if (results.some((r) => !r.identical)) process.exitCode = 1;
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
