// Speed of the benchfmt reader: lines per second on a generated 1,000,000-line file, from a
// string and streamed from disk. Target >= 1M lines/s. Run after `npx tsc -p
// tsconfig.node.json`; --write-docs updates the `### benchfmt reader` part of docs/performance.md's `## Comparison` section.
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { machineLine, writeSubsection } from './lib/comparison-docs.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { readBenchfmt, readBenchfmtStream } = await import(path.join(root, 'dist/core/benchfmt/index.js'));

const LINES = 1_000_000;

function generate(n) {
  const out = [];
  let seed = 1;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let i = 0; i < n; i++) {
    if (i % 1000 === 0) out.push(`pkg: example.com/pkg${i / 1000}`);
    else if (i % 1000 === 1) out.push('goos: linux');
    else {
      const ns = (1000 + rnd() * 200).toFixed(1);
      out.push(
        `BenchmarkEncode/format=json/size=${i % 7}k-8  \t 1000000\t ${ns} ns/op\t ${(100 + rnd()).toFixed(2)} MB/s\t 512 B/op\t 3 allocs/op`,
      );
    }
  }
  return out.join('\n') + '\n';
}

const text = generate(LINES);
const dir = await mkdtemp(path.join(os.tmpdir(), 'perflab-bench-'));
const file = path.join(dir, 'big.txt');
await writeFile(file, text);

function timeString() {
  const t0 = process.hrtime.bigint();
  let n = 0;
  let results = 0;
  for (const r of readBenchfmt(text)) {
    n++;
    if (r.kind === 'result') results++;
  }
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  return { n, results, s };
}

async function timeStream() {
  const t0 = process.hrtime.bigint();
  let n = 0;
  for await (const _ of readBenchfmtStream(createReadStream(file, { highWaterMark: 1 << 20 }))) n++;
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  return { n, s };
}

timeString(); // warm up
const runs = Array.from({ length: 7 }, () => timeString());
const best = runs.reduce((a, b) => (a.s < b.s ? a : b));
const streamRuns = [await timeStream(), await timeStream()];
const bestStream = streamRuns.reduce((a, b) => (a.s < b.s ? a : b));
await rm(dir, { recursive: true, force: true });

const fmt = (x) => Math.round(x).toLocaleString('en-US');
const lines = [
  machineLine('bench/benchfmt-reader.js'),
  `Generated file: ${fmt(best.n)} lines (${fmt(best.results)} results with ns/op, MB/s, B/op, allocs/op; ${(text.length / 1e6).toFixed(0)} MB).`,
  `readBenchfmt from a string (best of 7): ${best.s.toFixed(3)} s = **${fmt(best.n / best.s)} lines/s** (target >= 1,000,000).`,
  `readBenchfmtStream from disk (best of 2): ${bestStream.s.toFixed(3)} s = ${fmt(bestStream.n / bestStream.s)} lines/s.`,
];
for (const l of lines) console.log(l);
if (process.argv.includes('--write-docs')) writeSubsection(path.join(root, 'docs/performance.md'), 'benchfmt reader', lines);
