// The re-projection benchmarks' input (bench/reprojection-ab.js, bench/reprojection-serve.js):
// two seeded Go benchmark texts of 5,000 benchmarks x ns/op x 10 runs, and the projections.

/** A seeded xorshift generator of numbers in [0, 1) (the benches' inputs are the same on every machine). */
export function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

/** The input of bench/compare-vs-benchstat.js's re-projection: 5,000 benchmarks x ns/op, 10 runs. */
export function generate(seed, shift) {
  const r = rng(seed);
  const base = Array.from({ length: 5000 }, (_, i) => ({ name: `Encode/size=${i % 97}/case=${i}-8`, ns: 10 ** (1 + r() * 5) }));
  const lines = ['goos: linux', 'goarch: amd64', 'pkg: example.com/big', 'cpu: AMD EPYC'];
  for (let c = 0; c < 10; c++) {
    for (const b of base) {
      const ns = b.ns * shift * (1 + (r() - 0.5) * 0.04);
      lines.push(`Benchmark${b.name} \t 1000000\t ${ns >= 100 ? Math.round(ns) : ns.toFixed(2)} ns/op`);
    }
  }
  return lines.join('\n') + '\nPASS\n';
}

/** The projections a user clicks through. */
export const VARIANTS = [
  { filter: '/size:(1 OR 2 OR 3)' },
  { filter: '-/case:/7$/' },
  { filter: '/size:/^[2-5]/' },
  { row: '/case,/size' },
  { table: '' },
  { filter: '.name:Encode' },
  { row: '.fullname@alpha' },
  {},
];
