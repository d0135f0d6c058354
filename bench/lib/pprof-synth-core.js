// The synthetic CPU profile generator behind bench/pprof-synth.js and test/helpers/pprof-synth.ts:
// a seeded random call tree whose leaves are the samples' stacks, shaped like a Go benchmark's
// CPU profile (a fixed runtime/testing prefix, benchmark roots, deep call chains, inlined frames,
// recursion). It imports nothing: the caller passes the profile builder and the random source,
// so bench scripts use the compiled dist/ and tests use src/ (no build needed).

/**
 * Builds a synthetic CPU profile (samples/count, cpu/nanoseconds).
 * @param {{ ProfileBuilder: any, mulberry32: (seed: number) => () => number }} deps the model builder and seeded random source (from dist/ for bench scripts, from src/ for tests)
 * @param {{ stacks?: number, functions?: number, seed?: number, maxDepth?: number, inlineFraction?: number, recursionFraction?: number, benchmarks?: number }} [o]
 */
export function buildSyntheticCpuProfile(deps, o = {}) {
  const { ProfileBuilder, mulberry32 } = deps;
  const stacks = o.stacks ?? 1_000_000;
  const nFuncs = o.functions ?? 5000;
  const rnd = mulberry32(o.seed ?? 1);
  const maxDepth = o.maxDepth ?? 48;
  const inlineFraction = o.inlineFraction ?? 0.15;
  const recursionFraction = o.recursionFraction ?? 0.03;
  const nBench = o.benchmarks ?? 6;
  const period = 10_000_000;
  const b = new ProfileBuilder({
    sampleTypes: [
      { type: 'samples', unit: 'count' },
      { type: 'cpu', unit: 'nanoseconds' },
    ],
    periodType: { type: 'cpu', unit: 'nanoseconds' },
    period,
    durationNanos: 60e9,
    timeNanos: 1.7e18,
  });
  const mapping = b.addMapping({
    memoryStart: 0x400000,
    memoryLimit: 0x4000000,
    filename: '/tmp/synth.test',
    buildId: 'synthetic',
    hasFunctions: true,
    hasFilenames: true,
    hasLineNumbers: true,
    hasInlineFrames: true,
  });
  const funcs = [];
  for (let i = 0; i < nFuncs; i++) {
    const pkg = `example.com/synth/p${i % 97}`;
    const name = i % 3 === 0 ? `${pkg}.(*T${i % 13}).M${i}` : `${pkg}.f${i}`;
    funcs.push(b.addFunction(name, `${pkg}/file${i % 11}.go`, 10 + (i % 400)));
  }
  const prefixNames = ['runtime.goexit', 'testing.(*B).launch', 'testing.(*B).runN'];
  const prefix = prefixNames.map((n, i) =>
    b.addLocation(
      [{ func: b.addFunction(n, n.startsWith('runtime') ? 'runtime/asm_amd64.s' : 'testing/benchmark.go', 100 + i), line: 200 + i }],
      mapping,
      0x401000 + i * 16,
    ),
  );
  const benchLocs = [];
  for (let i = 0; i < nBench; i++) {
    const f = b.addFunction(`example.com/synth.BenchmarkSynth${i}`, 'example.com/synth/synth_test.go', 20 + i * 10);
    benchLocs.push(b.addLocation([{ func: f, line: 22 + i * 10 }], mapping, 0x402000 + i * 16));
  }
  // Locations keyed by (function, line); some carry an inlined callee.
  const locByKey = new Map();
  let addr = 0x500000;
  const locationFor = (fi, line) => {
    const key = fi * 4096 + line;
    let l = locByKey.get(key);
    if (l === undefined) {
      const lines = [];
      if (rnd() < inlineFraction) {
        const callee = Math.floor(rnd() * nFuncs);
        lines.push({ func: funcs[callee], line: 5 + Math.floor(rnd() * 50) });
      }
      lines.push({ func: funcs[fi], line });
      l = b.addLocation(lines, mapping, (addr += 8));
      locByKey.set(key, l);
    }
    return l;
  };
  // Each function calls a few others (lower layers more often).
  const callees = [];
  for (let i = 0; i < nFuncs; i++) {
    const k = 3 + Math.floor(rnd() * 6);
    const list = [];
    for (let j = 0; j < k; j++) list.push(Math.floor(Math.pow(rnd(), 0.7) * nFuncs));
    callees.push(list);
  }
  const path = new Int32Array(maxDepth + 8);
  // Stacks are collected first and added in a shuffled order: Go writes samples in hash-map
  // order, so neighbouring samples rarely share their stacks.
  let stackLocs = new Int32Array(stacks * 24);
  let nStackLocs = 0;
  const stackStart = new Int32Array(stacks + 1);
  const stackCount = new Int32Array(stacks);
  let emitted = 0;
  const emit = (depth) => {
    if (nStackLocs + depth > stackLocs.length) {
      const bigger = new Int32Array(stackLocs.length * 2);
      bigger.set(stackLocs);
      stackLocs = bigger;
    }
    for (let i = 0; i < depth; i++) stackLocs[nStackLocs++] = path[depth - 1 - i];
    stackCount[emitted] = 1 + Math.floor(-Math.log(1 - rnd()) * 1.5);
    stackStart[++emitted] = nStackLocs;
  };
  // Depth-first expansion of a random tree: `budget` leaves under a node of function `fi`.
  const expand = (depth, fi, budget) => {
    if (budget <= 1 || depth >= maxDepth) {
      // A leaf, sometimes below a short chain of single calls.
      let d = depth;
      let f = fi;
      const chain = Math.floor(rnd() * 4);
      for (let i = 0; i < chain && d < maxDepth; i++) {
        f = callees[f][Math.floor(rnd() * callees[f].length)];
        path[d++] = locationFor(f, 30 + Math.floor(rnd() * 60));
      }
      for (let i = 0; i < budget; i++) emit(d);
      return;
    }
    if (rnd() < 0.25) {
      // A chain node: one callee, same budget.
      const g = rnd() < recursionFraction ? fi : callees[fi][Math.floor(rnd() * callees[fi].length)];
      path[depth] = locationFor(g, 30 + Math.floor(rnd() * 60));
      expand(depth + 1, g, budget);
      return;
    }
    const k = Math.min(budget, 2 + Math.floor(rnd() * 4));
    let left = budget;
    for (let c = 0; c < k; c++) {
      const share = c === k - 1 ? left : Math.max(1, Math.round((left / (k - c)) * (0.4 + rnd() * 1.2)));
      const take = Math.min(share, left - (k - c - 1));
      left -= take;
      const g = rnd() < recursionFraction ? fi : callees[fi][(c + Math.floor(rnd() * 3)) % callees[fi].length];
      path[depth] = locationFor(g, 30 + c * 3 + Math.floor(rnd() * 3));
      expand(depth + 1, g, take);
    }
  };
  for (let i = 0; i < prefix.length; i++) path[i] = prefix[i];
  const perBench = Math.floor(stacks / nBench);
  for (let i = 0; i < nBench; i++) {
    path[prefix.length] = benchLocs[i];
    const budget = i === nBench - 1 ? stacks - perBench * (nBench - 1) : perBench;
    expand(prefix.length + 1, i * 7, budget);
  }
  const order = Int32Array.from({ length: emitted }, (_, i) => i);
  for (let i = emitted - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  const vals = [0, 0];
  for (const s of order) {
    vals[0] = stackCount[s];
    vals[1] = stackCount[s] * period;
    b.addSample(stackLocs.subarray(stackStart[s], stackStart[s + 1]), vals);
  }
  return { profile: b.finish(), samples: emitted };
}
