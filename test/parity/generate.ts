// Deterministic generator of benchmark files for the benchstat parity suite: sample sizes 1..60,
// ties, identical samples, zeros, benchmarks missing on one side, several units (B/s, custom
// metrics, exact units, better=higher), sub-benchmark names, GOMAXPROCS suffixes, several config
// blocks, log noise and the occasional malformed line.

export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0 || 1;
  }
  next(): number {
    // xorshift32
    let x = this.s;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.s = x >>> 0;
    return this.s / 4294967296;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

interface Metric {
  readonly unit: string;
  /** Typical magnitude. */
  readonly scale: number;
  /** How values are printed. */
  readonly style: 'int' | 'dec1' | 'dec2' | 'dec4' | 'exp' | 'mixed';
}

const METRICS: readonly Metric[] = [
  { unit: 'B/op', scale: 512, style: 'int' },
  { unit: 'allocs/op', scale: 7, style: 'int' },
  { unit: 'MB/s', scale: 300, style: 'dec2' },
  { unit: 'widgets/op', scale: 3.5, style: 'dec4' },
  { unit: 'p50-ns', scale: 120000, style: 'int' },
  { unit: 'hits', scale: 0.25, style: 'mixed' },
  { unit: 'text-bytes', scale: 104857, style: 'int' },
  { unit: 'B/s', scale: 3e9, style: 'exp' },
  { unit: 'ns/GC', scale: 45000, style: 'dec1' },
];

function fmtValue(rng: Rng, v: number, style: Metric['style'] | 'ns'): string {
  switch (style) {
    case 'int':
      return String(Math.round(v));
    case 'dec1':
      return v.toFixed(1);
    case 'dec2':
      return v.toFixed(2);
    case 'dec4':
      return v.toFixed(4);
    case 'exp':
      return v.toExponential(rng.int(1, 6));
    case 'mixed':
      return rng.chance(0.5) ? String(v) : v.toPrecision(4);
    case 'ns':
      // go test prints ns/op with more digits for small values.
      return v >= 100 ? String(Math.round(v)) : v >= 10 ? v.toFixed(1) : v.toFixed(rng.int(2, 4));
  }
}

interface Bench {
  readonly name: string;
  readonly ns: number;
  readonly metrics: readonly Metric[];
  readonly pkg: number;
}

const BASES = ['Encode', 'Decode', 'Parse', 'F', 'Hash', 'Sort', 'Copy', 'Match'];
const KEYS = ['format', 'size', 'mode', 'n'];
const VALS = ['json', 'gob', '1k', '4k', '64', 'fast', 'slow', '1024', 'x-y'];

function benchName(rng: Rng, procs: string): string {
  let name = rng.pick(BASES);
  const parts = rng.int(0, 2);
  for (let i = 0; i < parts; i++) name += rng.chance(0.75) ? `/${rng.pick(KEYS)}=${rng.pick(VALS)}` : `/${rng.pick(VALS)}`;
  return name + procs;
}

export interface DataSet {
  readonly id: string;
  /** File name -> content. */
  readonly files: readonly { readonly name: string; readonly text: string }[];
  /** Extra benchstat flags (besides the files). */
  readonly flags: readonly string[];
}

export interface GenOptions {
  readonly files: number;
  readonly flags?: readonly string[];
}

/** Samples for one cell: noise, ties, identical values, zeros. */
function samples(rng: Rng, n: number, center: number, kind: number): number[] {
  const out: number[] = [];
  const spread = rng.pick([0.001, 0.01, 0.05, 0.2]);
  for (let i = 0; i < n; i++) {
    let v: number;
    switch (kind) {
      case 0: // identical
        v = center;
        break;
      case 1: // heavy ties: a few distinct levels
        v = center * (1 + spread * rng.int(-2, 2));
        break;
      case 2: // zeros
        v = 0;
        break;
      default:
        v = center * (1 + spread * (rng.next() - 0.5) * 2);
    }
    out.push(v);
  }
  return out;
}

function sampleSize(rng: Rng): number {
  const r = rng.next();
  if (r < 0.1) return rng.int(1, 3);
  if (r < 0.7) return rng.int(4, 12);
  if (r < 0.9) return rng.int(13, 30);
  return rng.int(31, 60);
}

/** One data set of `files` files from a seed. */
export function generateDataSet(seed: number, opts: GenOptions): DataSet {
  const rng = new Rng(seed * 7919 + 17);
  const nBench = rng.int(1, 7);
  const procsChoices = ['', '-8', '-2', '-16'];
  const multiProcs = rng.chance(0.25);
  const benches: Bench[] = [];
  const pkgs = rng.chance(0.2) ? 2 : 1;
  for (let i = 0; i < nBench; i++) {
    const procs = multiProcs ? rng.pick(procsChoices) : procsChoices[seed % 3];
    const metrics = METRICS.filter(() => rng.chance(0.18));
    benches.push({ name: benchName(rng, procs), ns: 10 ** (rng.next() * 9 - 1), metrics, pkg: rng.int(0, pkgs - 1) });
  }
  // Unique names per package.
  const seen = new Set<string>();
  const uniq = benches.filter((b) => {
    const k = b.pkg + ' ' + b.name;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  const exactUnit = rng.chance(0.3);
  const higherUnit = rng.chance(0.2);
  const configSplit = rng.chance(0.1);
  const files: { name: string; text: string }[] = [];
  for (let f = 0; f < opts.files; f++) {
    const lines: string[] = [];
    const shift = f === 0 ? 1 : rng.pick([1, 1, 0.9, 1.1, 0.5, 2, 1.01]);
    if (rng.chance(0.1)) lines.push('some log output before the header');
    if (exactUnit) lines.push('Unit text-bytes assume=exact');
    if (higherUnit) lines.push('Unit hits better=higher');
    lines.push('goos: linux', 'goarch: amd64');
    if (configSplit) lines.push(`note: run ${f}`);
    for (let p = 0; p < pkgs; p++) {
      lines.push(`pkg: example.com/mod/pkg${p}`);
      if (rng.chance(0.7)) lines.push('cpu: AMD EPYC 7B13');
      const inPkg = uniq.filter((b) => b.pkg === p && !(f > 0 && rng.chance(0.08)));
      // Cells: per benchmark a sample size and a kind.
      const cells = inPkg.map((b) => {
        const n = sampleSize(rng);
        const kindR = rng.next();
        const kind = kindR < 0.08 ? 0 : kindR < 0.25 ? 1 : kindR < 0.3 ? 2 : 3;
        const nsVals = samples(rng, n, b.ns * shift, kind === 2 && rng.chance(0.7) ? 3 : kind);
        const metricVals = b.metrics.map((m) =>
          samples(rng, n, m.scale * (rng.chance(0.3) ? shift : 1), kind === 2 && rng.chance(0.5) ? 2 : kind),
        );
        return { b, n, nsVals, metricVals };
      });
      const maxN = Math.max(0, ...cells.map((c) => c.n));
      const interleave = rng.chance(0.6);
      const emit = (c: (typeof cells)[number], i: number): void => {
        if (rng.chance(0.03)) lines.push(`Benchmark${c.b.name}`); // -v name-only line
        let line = `Benchmark${c.b.name} \t${rng.pick([1, 100, 1000, 2000000])}\t${fmtValue(rng, c.nsVals[i], 'ns')} ns/op`;
        c.b.metrics.forEach((m, k) => {
          line += `\t${fmtValue(rng, c.metricVals[k][i], m.style)} ${m.unit}`;
        });
        lines.push(line);
      };
      if (interleave) {
        for (let i = 0; i < maxN; i++) for (const c of cells) if (i < c.n) emit(c, i);
      } else {
        for (const c of cells) for (let i = 0; i < c.n; i++) emit(c, i);
      }
      if (rng.chance(0.05)) lines.push('BenchmarkBroken 100 abc ns/op');
      if (rng.chance(0.05)) lines.push('BenchmarkBroken 100');
      lines.push('PASS', `ok  \texample.com/mod/pkg${p}\t1.234s`);
      if (rng.chance(0.2)) lines.push('');
    }
    files.push({ name: `f${f}.txt`, text: lines.join('\n') + '\n' });
  }
  return { id: `seed${seed}-files${opts.files}${opts.flags?.length ? '-' + opts.flags.join('') : ''}`, files, flags: opts.flags ?? [] };
}

/** Tie patterns where benchstat's exact p departs from the textbook conditional null: a
 * constant side (or two), exactly two distinct values, a few levels; sizes 1..25 (the exact
 * regime with ties). The first benchmarks are the cases the compare helper found. */
export function generateTiesDataSet(seed: number, flags: readonly string[] = []): DataSet {
  const rng = new Rng(seed * 104729 + 3);
  const rep = (v: number, n: number): number[] => Array.from({ length: n }, () => v);
  const pairs: [number[], number[]][] = [];
  if (seed === 1) {
    pairs.push([[8, 7, 8], rep(7, 7)], [[512, 513, 512], rep(512, 11)], [[512], rep(0, 5)], [[7], rep(6, 12)]);
    pairs.push(
      [rep(201, 10), rep(181, 12)],
      [rep(100, 9), rep(99, 13)],
      [
        [1, 2, 2],
        [2, 2, 2, 2],
      ],
    );
  }
  while (pairs.length < 80) {
    const n1 = rng.int(1, rng.chance(0.3) ? 25 : 12);
    const n2 = rng.int(1, rng.chance(0.3) ? 25 : 12);
    const base = rng.pick([7, 100, 512, 1200, 40000]);
    const step = rng.pick([1, 2, 50]);
    const levels = rng.int(1, 4);
    const level = (): number => base + step * rng.int(0, levels - 1);
    let a = Array.from({ length: n1 }, level);
    let b = Array.from({ length: n2 }, () => level() + step * rng.int(-1, 1));
    switch (rng.int(0, 4)) {
      case 0:
        a = rep(a[0], n1);
        break;
      case 1:
        b = rep(b[0], n2);
        break;
      case 2: // two distinct values overall
        a = a.map(() => (rng.chance(0.3) ? base + step : base));
        b = b.map(() => (rng.chance(0.6) ? base + step : base));
        break;
      case 3:
        a = rep(base, n1);
        b = rep(base + step * rng.pick([-1, 1]), n2);
        break;
    }
    pairs.push([a, b]);
  }
  const header = ['goos: linux', 'goarch: amd64', 'pkg: example.com/ties', 'cpu: AMD EPYC 7B13'];
  const file = (side: 0 | 1): string => {
    const lines = [...header];
    const maxN = Math.max(...pairs.map((p) => p[side].length));
    for (let i = 0; i < maxN; i++) {
      pairs.forEach((p, k) => {
        if (i < p[side].length) lines.push(`BenchmarkTies/case=${k}-8 \t1000\t${p[side][i]} ns/op\t${p[1 - side][0]} B/op`);
      });
    }
    lines.push('PASS', 'ok  \texample.com/ties\t1.234s');
    return lines.join('\n') + '\n';
  };
  return {
    id: `ties${seed}${flags.length ? '-' + flags.join('') : ''}`,
    files: [
      { name: 'old.txt', text: file(0) },
      { name: 'new.txt', text: file(1) },
    ],
    flags,
  };
}
