// Profile decoding speed and memory, side by side with `go tool pprof` in one run:
//  1. a large synthetic CPU profile (1M distinct stacks, ~66 MB uncompressed, samples in
//     shuffled order as Go writes them): whole-process wall time of `perflab profile top FILE
//     -n 20 --json` (the built CLI: load in the worker, flat and cum straight from the samples)
//     and of `node bench/pprof-decode.js --run FILE` (load + the call tree the flame graph
//     needs + top from it) vs `go tool pprof -top -nodecount=20 -nodefraction=0
//     -edgefraction=0 FILE`, in rotating order; the top rows are checked to agree. Targets:
//     ratio <= 0.3 (issue 14: `profile top` <= 0.15). Plus the in-process breakdown.
//  2. flame data of a ~100,000-node tree, JSON.stringify of the wire object. Target: < 50 ms.
//  3. memory of the decoded model vs the uncompressed size. Target: < 5x.
//  4. damaged inputs (truncated, bit-flipped, non-gzip, gzip bomb, wrong magic) through the
//     worker: time to the typed error. Target: < 1 s each.
// Run after `npx tsc -p tsconfig.node.json`; figures go to docs/performance.md (## Profiles).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const dist = (p) => path.join(root, 'dist', p);
if (!existsSync(dist('core/pprof/index.js'))) {
  console.error('dist/ is missing: run `npx tsc -p tsconfig.node.json` first');
  process.exit(2);
}
const pprof = await import(dist('core/pprof/index.js'));

if (process.argv[2] === '--run') {
  // The measured Perflab process: decode in the worker, build the call tree, top 20.
  const p = await pprof.loadProfile({ path: process.argv[3] });
  const tree = pprof.buildTree(p, {});
  const top = pprof.topTable(tree, { n: 20 });
  process.stdout.write(JSON.stringify({ total: top.total, rows: top.rows.map((r) => [r.name, r.flat, r.cum]) }));
  process.exit(0);
}

const { writeSyntheticCpuProfile, syntheticCpuProfile } = await import('./pprof-synth.js');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => `${x.toFixed(0)} ms`;
const mb = (x) => `${(x / 1024 / 1024).toFixed(1)} MB`;
const goEnv = { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '', GOENV: 'off' };
const loadAtStart = os
  .loadavg()
  .map((x) => x.toFixed(2))
  .join(' ');
const dir = mkdtempSync(path.join(os.tmpdir(), 'perflab-bench-pprof-'));
const lines = [];
const say = (s) => {
  console.log(s);
  lines.push(s);
};

try {
  // 1. Large profile, whole process vs go tool pprof.
  const file = path.join(dir, 'large.pb.gz');
  const gen = writeSyntheticCpuProfile(file, { stacks: 1_000_000, seed: 1 });
  const genLine = `${gen.samples.toLocaleString('en')} samples, ${mb(gen.uncompressedBytes)} uncompressed, ${mb(gen.compressedBytes)} gzipped`;
  const ours = [],
    cli = [],
    theirs = [];
  let ourOut = null,
    cliOut = null,
    pprofOut = null;
  const cliBin = path.join(root, 'bin', 'perflab.js');
  const steps3 = [
    () => {
      const t0 = performance.now();
      const a = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--run', file], { encoding: 'utf8', maxBuffer: 1 << 26 });
      ours.push(performance.now() - t0);
      if (a.status !== 0) throw new Error(`perflab run failed: ${a.stderr}`);
      ourOut = JSON.parse(a.stdout);
    },
    () => {
      const t0 = performance.now();
      const c = spawnSync(process.execPath, [cliBin, '--data-dir', path.join(dir, 'data'), 'profile', 'top', file, '-n', '20', '--json'], {
        encoding: 'utf8',
        maxBuffer: 1 << 26,
      });
      cli.push(performance.now() - t0);
      if (c.status !== 0) throw new Error(`perflab profile top failed: ${c.stderr}`);
      const j = JSON.parse(c.stdout);
      cliOut = { total: j.total, rows: j.rows.map((r) => [r.name, r.flat, r.cum]) };
    },
    () => {
      const t0 = performance.now();
      const b = spawnSync('go', ['tool', 'pprof', '-top', '-nodecount=20', '-nodefraction=0', '-edgefraction=0', '-unit=ns', file], {
        encoding: 'utf8',
        env: goEnv,
        maxBuffer: 1 << 26,
      });
      theirs.push(performance.now() - t0);
      if (b.status !== 0) throw new Error(`go tool pprof failed: ${b.stderr}`);
      pprofOut = b.stdout;
    },
  ];
  for (let i = 0; i < 3; i++) for (let k = 0; k < 3; k++) steps3[(i + k) % 3]();
  // The same total and the same top function.
  const total = Number(/of (\d+)ns total/.exec(pprofOut)?.[1]);
  const first = /flat\s+flat%\s+sum%\s+cum\s+cum%\n\s*(\d+)ns\s+\S+\s+\S+\s+(\d+)ns\s+\S+\s+(.+)\n/.exec(pprofOut);
  for (const out of [ourOut, cliOut]) {
    const agree =
      total === out.total &&
      first &&
      Number(first[1]) === out.rows[0][1] &&
      Number(first[2]) === out.rows[0][2] &&
      first[3].replace(/ \((partial-)?inline\)$/, '') === out.rows[0][0];
    if (!agree)
      throw new Error(
        `top disagrees with pprof: ours ${JSON.stringify(out.rows[0])} total ${out.total}; pprof ${first?.[0]} total ${total}`,
      );
  }
  say(
    `\`perflab profile top FILE\` (the built CLI, whole process, median of 3): ${ms(median(cli))}, go tool pprof -top ${ms(median(theirs))}: ratio ${(median(cli) / median(theirs)).toFixed(2)} (target <= 0.15). Runs: Perflab ${cli.map(ms).join(', ')}; pprof ${theirs.map(ms).join(', ')}. Top rows and totals agree.`,
  );
  say(
    `Decode + call tree (what a flame graph needs) + top, whole process (median of 3): ${ms(median(ours))}: ratio ${(median(ours) / median(theirs)).toFixed(2)} to pprof -top (target <= 0.3). Runs: ${ours.map(ms).join(', ')}.`,
  );

  // In-process breakdown and memory of the model.
  const steps = { load: [], tree: [], top: [] };
  let nodes = 0,
    modelBytes = 0,
    stacks = 0;
  for (let i = 0; i < 3; i++) {
    let t0 = performance.now();
    const p = await pprof.loadProfile({ path: file });
    steps.load.push(performance.now() - t0);
    t0 = performance.now();
    const tree = pprof.buildTree(p, {});
    steps.tree.push(performance.now() - t0);
    t0 = performance.now();
    pprof.topTable(tree, { n: 20 });
    steps.top.push(performance.now() - t0);
    nodes = tree.count;
    stacks = 0;
    for (let k = 0; k < tree.count; k++) if (tree.self[k] !== 0) stacks++;
    const buffers = new Set();
    const walk = (o) => {
      for (const v of Object.values(o)) {
        if (ArrayBuffer.isView(v)) buffers.add(v.buffer);
        else if (v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Map)) walk(v);
      }
    };
    walk(p);
    modelBytes = [...buffers].reduce((s, b) => s + b.byteLength, 0);
  }
  lines.unshift(
    `Large synthetic CPU profile: ${genLine}, ${stacks.toLocaleString('en')} distinct stacks (frames inlined and recursive included).`,
  );
  console.log(lines[0]);
  say(
    `In-process (median of 3): load in the worker ${ms(median(steps.load))}, call tree (${nodes.toLocaleString('en')} nodes) ${ms(median(steps.tree))}, top from the tree ${ms(median(steps.top))}.`,
  );
  say(
    `Decoded model: ${mb(modelBytes)} of typed arrays for ${mb(gen.uncompressedBytes)} uncompressed: ${(modelBytes / gen.uncompressedBytes).toFixed(2)}x (target < 5x).`,
  );

  // 2. Flame data for a ~100,000-node tree.
  const { profile: mid } = syntheticCpuProfile({ stacks: 30_000, seed: 5 });
  const midTree = pprof.buildTree(mid, {});
  const times = [];
  let size = 0;
  for (let i = 0; i < 9; i++) {
    const t0 = performance.now();
    const s = JSON.stringify(pprof.flameData(midTree));
    times.push(performance.now() - t0);
    size = s.length;
  }
  say(
    `Flame data of a ${midTree.count.toLocaleString('en')}-node tree, flameData + JSON.stringify (median of 9): ${times.length ? median(times).toFixed(1) : '?'} ms, ${mb(size)} of JSON (target < 50 ms).`,
  );

  // 4. Damaged inputs through the worker.
  const real = gunzipSync(readFileSync(file)).subarray(0, 2_000_000);
  const small = pprof.encodeProfileGzip(syntheticCpuProfile({ stacks: 20_000, seed: 9 }).profile);
  const flipped = Uint8Array.from(gunzipSync(small));
  for (let i = 0; i < 40; i++) flipped[(i * 7919) % flipped.length] ^= 1 << (i % 8);
  const cases = {
    'truncated gzip': small.subarray(0, small.length >> 1),
    'truncated protobuf': real,
    'bit-flipped protobuf': flipped,
    'non-gzip text': new TextEncoder().encode('this is not a profile\n'.repeat(1000)),
    'gzip bomb (1 GiB of zeros, 1 MB gzipped)': gzipSync(Buffer.alloc(1 << 30), { level: 9 }),
    'wrong magic (1f 8c)': Uint8Array.from([0x1f, 0x8c, ...small.subarray(2)]),
  };
  const worst = [];
  for (const [name, bytes] of Object.entries(cases)) {
    const t0 = performance.now();
    let code = 'accepted';
    try {
      await pprof.loadProfile({ bytes });
    } catch (err) {
      code = err.error?.code ?? String(err);
    }
    const t = performance.now() - t0;
    worst.push(`${name}: ${code} in ${ms(t)}`);
  }
  say(`Damaged inputs through the worker (time to the typed error, target < 1 s): ${worst.join('; ')}.`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

// docs/performance.md: replace (or add) this script's own section only.
const doc = path.join(root, 'docs', 'performance.md');
const load = os
  .loadavg()
  .map((x) => x.toFixed(2))
  .join(' ');
const stamp = `Measured ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'cpu'}), Node ${process.version}, ${spawnSync('go', ['version'], { encoding: 'utf8', env: goEnv }).stdout.trim()}; load average at the start ${loadAtStart}, at the end ${load}; \`node bench/pprof-decode.js\`.`;
const section = `## Profiles\n\n${stamp}\n\n${lines.map((l) => `- ${l}`).join('\n')}\n`;
let text = existsSync(doc)
  ? readFileSync(doc, 'utf8')
  : '# Performance\n\nMeasured figures; each section is written by its bench/ script.\n';
const at = text.search(/^## Profiles\s*$/m);
if (at >= 0) {
  // Up to the next heading (its own subsections, written by hand or by other scripts, stay).
  const rest = text.slice(at + 1).search(/^#{2,3} /m);
  text = text.slice(0, at) + section + (rest >= 0 ? `\n${text.slice(at + 1 + rest)}` : '');
} else {
  text = `${text.trimEnd()}\n\n${section}`;
}
writeFileSync(doc, text);
console.log(`wrote ${path.relative(root, doc)} (## Profiles)`);
