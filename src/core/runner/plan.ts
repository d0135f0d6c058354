// Planning a run: the matrix (columns x packages x benchmarks x benchtime values x rounds)
// becomes an ordered list of benchmark processes. Interleaved: every round runs every column
// once, in an order that rotates between rounds, so drift hits all columns alike; shuffled:
// a seeded random order per round; sequential: all rounds of one column, then the next (to
// show what interleaving buys).

export interface PlanColumn {
  readonly index: number;
  readonly label: string;
}

export interface PlanPackage {
  readonly importPath: string;
  /** Top-level benchmarks selected in this package, per column index (missing = none there). */
  readonly benchmarks: ReadonlyMap<number, readonly string[]>;
}

export interface PlanInput {
  readonly columns: readonly PlanColumn[];
  readonly packages: readonly PlanPackage[];
  readonly benchtimes: readonly string[];
  readonly count: number;
  readonly order: 'interleaved' | 'sequential' | 'shuffled';
  readonly seed?: number;
  /** First round number (1-based); adaptive runs append rounds. */
  readonly firstRound?: number;
}

export interface PlannedJob {
  readonly round: number;
  readonly column: number;
  readonly pkg: string;
  readonly benchtime: string;
  readonly benchmarks: readonly string[];
}

export function planJobs(p: PlanInput): PlannedJob[] {
  const first = p.firstRound ?? 1;
  const jobs: PlannedJob[] = [];
  const rng = mulberry32(p.seed ?? 1);
  const cols = p.columns.map((c) => c.index);
  const jobsFor = (round: number, column: number) => {
    for (const pkg of p.packages) {
      const benches = pkg.benchmarks.get(column) ?? [];
      if (benches.length === 0) continue;
      for (const benchtime of p.benchtimes) jobs.push({ round, column, pkg: pkg.importPath, benchtime, benchmarks: benches });
    }
  };
  if (p.order === 'sequential') {
    for (const c of cols) for (let r = 0; r < p.count; r++) jobsFor(first + r, c);
    return jobs;
  }
  for (let r = 0; r < p.count; r++) {
    const round = first + r;
    const order = p.order === 'shuffled' ? shuffle(cols, rng) : rotate(cols, round - 1);
    for (const c of order) jobsFor(round, c);
  }
  return jobs;
}

export function cellsOf(jobs: readonly PlannedJob[]): number {
  return jobs.reduce((n, j) => n + j.benchmarks.length, 0);
}

export function rotate<T>(xs: readonly T[], by: number): T[] {
  if (xs.length === 0) return [];
  const k = ((by % xs.length) + xs.length) % xs.length;
  return [...xs.slice(k), ...xs.slice(0, k)];
}

function shuffle<T>(xs: readonly T[], rng: () => number): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

/** A small seeded PRNG (mulberry32): the same seed gives the same schedule. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
