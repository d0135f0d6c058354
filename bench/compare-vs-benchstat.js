// Speed of `compare` against benchstat, side by side in one run:
//  1. a 200,000-line pair of files (each file 200,000 result lines, ns/op + B/op + allocs/op),
//     whole-process wall time including Node's start-up: `node bench/compare-vs-benchstat.js
//     --run A B` (reads the files, compares, renders text) vs `benchstat A B`;
//     the two stdouts are checked to be identical. Target: ratio <= 1.0.
//  2. re-projection of a 5,000-row comparison from a prepared input (change columns or filter),
//     as the API does it. Target: < 100 ms.
// Run after `npx tsc -p tsconfig.node.json`; --write-docs updates the `### compare vs
// benchstat` part of docs/performance.md's `## Comparison` section.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { machineLine, writeSubsection } from './lib/comparison-docs.js';
import { rng } from './lib/reprojection-input.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const dist = (p) => path.join(root, 'dist', p);

/** The measured Perflab process: read, compare, render, print. */
async function runOnce() {
  const { compare, prepareTexts, renderText } = await import(dist('core/compare/index.js'));
  const files = process.argv.slice(3);
  const texts = await Promise.all(files.map((f) => readFile(f, 'utf8')));
  const out = renderText(compare(prepareTexts(files.map((f, i) => ({ name: f, text: texts[i] }))), { alpha: 0.05, confidence: 0.95 }));
  process.stderr.write(out.stderr);
  process.stdout.write(out.stdout);
}

async function main() {
  const { BENCHSTAT } = await (async () => {
    const dir = path.join(root, 'node_modules/.cache/perflab-tools');
    const { readdirSync } = await import('node:fs');
    for (const v of existsSync(dir) ? readdirSync(dir) : []) {
      const p = path.join(dir, v, 'benchstat');
      if (existsSync(p)) return { BENCHSTAT: p };
    }
    throw new Error(
      'benchstat not found: run the parity tests once (they install the pinned benchstat) or go install golang.org/x/perf/cmd/benchstat',
    );
  })();

  /** A go test style file: `benchmarks` benchmarks x `count` rounds, interleaved. */
  function generate(seed, benchmarks, count, shift, benchmem = true) {
    const r = rng(seed);
    const base = Array.from({ length: benchmarks }, (_, i) => ({
      name: `Encode/size=${i % 97}/case=${i}-8`,
      ns: 10 ** (1 + r() * 5),
      b: Math.round(r() * 4096),
    }));
    const lines = ['goos: linux', 'goarch: amd64', 'pkg: example.com/big', 'cpu: AMD EPYC'];
    for (let c = 0; c < count; c++) {
      for (const b of base) {
        const ns = b.ns * shift * (1 + (r() - 0.5) * 0.04);
        const mem = benchmem ? `\t ${b.b} B/op\t ${1 + (b.b % 7)} allocs/op` : '';
        lines.push(`Benchmark${b.name} \t 1000000\t ${ns >= 100 ? Math.round(ns) : ns.toFixed(2)} ns/op${mem}`);
      }
    }
    lines.push('PASS', 'ok  \texample.com/big\t123.456s');
    return lines.join('\n') + '\n';
  }

  function time(cmd, args) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 30 });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr}`);
    return { ms, stdout: r.stdout };
  }

  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

  const dir = await mkdtemp(path.join(os.tmpdir(), 'perflab-bench-compare-'));
  try {
    // 1. Whole process, side by side.
    const a = path.join(dir, 'old.txt');
    const b = path.join(dir, 'new.txt');
    await writeFile(a, generate(1, 20000, 10, 1));
    await writeFile(b, generate(2, 20000, 10, 0.97));
    const lines = (await readFile(a, 'utf8')).split('\n').length - 1;
    const ours = [];
    const theirs = [];
    let same = true;
    for (let i = 0; i < 3; i++) {
      const t = time(BENCHSTAT, [a, b]);
      const o = time(process.execPath, [fileURLToPath(import.meta.url), '--run', a, b]);
      theirs.push(t.ms);
      ours.push(o.ms);
      same &&= t.stdout === o.stdout;
    }
    const ratio = median(ours) / median(theirs);
    const bestRatio = Math.min(...ours) / Math.min(...theirs);
    const doc = [
      machineLine('bench/compare-vs-benchstat.js'),
      `Input: two files of ${lines.toLocaleString('en-US')} lines each (20,000 benchmarks x 10 runs, ns/op + B/op + allocs/op: 60,000 rows in 3 tables), alternated side by side, 3 runs each.`,
      `Whole process, including Node's start-up: \`node bench/compare-vs-benchstat.js --run A B\` (read, prepareTexts, compare, renderText) **${median(ours).toFixed(0)} ms** vs \`benchstat A B\` **${median(theirs).toFixed(0)} ms** (medians): ratio **${ratio.toFixed(2)}** (${bestRatio.toFixed(2)} of the best runs; target <= 1.0). Runs: Perflab ${ours.map((x) => x.toFixed(0)).join(', ')} ms; benchstat ${theirs.map((x) => x.toFixed(0)).join(', ')} ms. Outputs byte-identical: ${same}.`,
    ];

    // 2. Re-projection of a 5,000-row comparison (5,000 benchmarks x ns/op, 10 runs per side).
    const { readBenchfmtAll } = await import(dist('core/benchfmt/index.js'));
    const { compare, prepareSources, toComparisonJson } = await import(dist('core/compare/index.js'));
    const prepared = prepareSources([
      { name: 'old', records: readBenchfmtAll(generate(3, 5000, 10, 1, false)) },
      { name: 'new', records: readBenchfmtAll(generate(4, 5000, 10, 0.98, false)) },
    ]);
    const run = (v) => {
      const t = process.hrtime.bigint();
      const r = compare(prepared, { alpha: 0.05, confidence: 0.95, ...v });
      toComparisonJson(r);
      return { ms: Number(process.hrtime.bigint() - t) / 1e6, r };
    };
    const first = run({});
    const rows = first.r.tables.reduce((n, t) => n + t.rows.length, 0);
    // What a user clicks through in the Compare view: filters, relabelled rows, tables, the
    // column order. Each is a new projection (nothing is cached per option set).
    const variants = [
      { filter: '/size:(1 OR 2 OR 3)' },
      { filter: '-/case:/7$/' },
      { filter: '/size:/^[2-5]/' },
      { row: '/case,/size' },
      { table: '' },
      { filter: '.name:Encode' },
      { row: '.fullname@alpha' },
      {},
    ];
    // Each variant three times, keeping its best: the machine's speed wanders (see the reference
    // loop), and the statistics are already shared after the first projection either way.
    const times = variants.map((v) => Math.min(run(v).ms, run(v).ms, run(v).ms));
    const swapped = run({ col: '.file@(new old)' }).ms;
    doc.push(
      `Re-projection through the API functions (compare + toComparisonJson) of a ${rows.toLocaleString('en-US')}-row comparison (5,000 benchmarks x ns/op, 10 runs per side): first projection, computing every statistic incl. delta intervals and hints, ${first.ms.toFixed(0)} ms; then ${variants.length} new projections of the same input (filters, relabelled rows, tables; statistics reused per sample; best of 3 each): median **${median(times).toFixed(0)} ms**, best ${Math.min(...times).toFixed(0)} ms, worst ${Math.max(...times).toFixed(0)} ms (target < 100 ms); swapping the baseline (every comparison new) ${swapped.toFixed(0)} ms.`,
    );
    for (const l of doc) console.log(l);
    if (process.argv.includes('--write-docs')) writeSubsection(path.join(root, 'docs/performance.md'), 'compare vs benchstat', doc);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--run') await runOnce();
else await main();
