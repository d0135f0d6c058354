// Seeded generator of Go benchmark text (`go test -bench -benchmem` output) for the compare
// benchmarks: the same seed gives the same bytes on every machine. Two shapes:
//  - many rows: 10,000 distinct benchmarks with sub-benchmark names x 10 samples (100,000 result
//    lines per file), ns/op + B/op + allocs/op, rounds interleaved as `-count 10` prints them;
//  - few rows, many samples: 100 benchmarks x 1,000 samples (also 100,000 lines per file).
// Usage as a script: node bench/lib/benchfmt-gen.js many-rows|few-rows SEED SHIFT > FILE

/** xorshift32 in [0, 1). */
export function rng(seed) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

const OPS = ['Encode', 'Decode', 'Parse', 'Marshal', 'Unmarshal', 'Hash', 'Compress', 'Lookup', 'Insert', 'Scan'];
const FORMATS = ['json', 'gob', 'proto', 'xml', 'csv'];

/** Benchmark names with sub-benchmarks: `Encode/json/size=4096/workers=8-8`. */
function names(n, r) {
  const out = [];
  for (let i = 0; i < n; i++) {
    const op = OPS[i % OPS.length];
    const fmt = FORMATS[Math.floor(i / OPS.length) % FORMATS.length];
    const size = 2 ** (4 + (Math.floor(i / 50) % 16));
    const workers = 1 + (Math.floor(i / 800) % 13);
    out.push({
      name: `${op}/${fmt}/size=${size}/workers=${workers}-8`,
      ns: 10 ** (1 + r() * 6),
      bytes: Math.round(r() * 65536),
      allocs: Math.floor(r() * 200),
    });
  }
  return out;
}

/**
 * One file: `benchmarks` benchmarks x `count` rounds, values spread +-3% around a per-benchmark
 * center times `shift` (the same benchmark centers for every seed of one shape: the seed moves the
 * noise only, as two runs of one suite).
 */
export function generate({ benchmarks, count, seed, shift = 1 }) {
  const base = names(benchmarks, rng(0x5eed + benchmarks));
  const r = rng(seed);
  const lines = ['goos: linux', 'goarch: amd64', 'pkg: example.com/codec', 'cpu: AMD EPYC 7B13'];
  for (let c = 0; c < count; c++) {
    for (const b of base) {
      const ns = b.ns * shift * (1 + (r() - 0.5) * 0.06);
      const iters = Math.max(1, Math.round(1e9 / Math.max(ns, 1) / 10) * 10);
      // A few benchmarks allocate a little more in some rounds (ties and spread in B/op too).
      const bytes = b.bytes + (r() < 0.2 ? Math.floor(r() * 64) : 0);
      lines.push(
        `Benchmark${b.name} \t${String(iters).padStart(10)}\t${ns >= 100 ? Math.round(ns) : ns.toFixed(2)} ns/op\t` +
          `${bytes} B/op\t${b.allocs} allocs/op`,
      );
    }
  }
  lines.push('PASS', `ok  \texample.com/codec\t${(12 + r() * 100).toFixed(3)}s`);
  return lines.join('\n') + '\n';
}

export const SHAPES = {
  'many-rows': { benchmarks: 10000, count: 10, what: '10,000 benchmarks with sub-benchmark names x 10 samples' },
  'few-rows': { benchmarks: 100, count: 1000, what: '100 benchmarks x 1,000 samples' },
};

/** The old and new file of a shape: the new one 3% faster. */
export function shapePair(shape) {
  const s = SHAPES[shape];
  if (!s) throw new Error(`unknown shape ${JSON.stringify(shape)} (${Object.keys(SHAPES).join(', ')})`);
  return [generate({ ...s, seed: 1, shift: 1 }), generate({ ...s, seed: 2, shift: 0.97 })];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [shape, seed, shift] = process.argv.slice(2);
  const s = SHAPES[shape];
  if (!s) {
    process.stderr.write(`usage: node bench/lib/benchfmt-gen.js ${Object.keys(SHAPES).join('|')} SEED [SHIFT]\n`);
    process.exit(2);
  }
  process.stdout.write(generate({ ...s, seed: Number(seed ?? 1), shift: Number(shift ?? 1) }));
}
