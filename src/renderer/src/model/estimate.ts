// A duration estimate for a matrix from the repository's past runs: seconds per measured result
// (wall time over results, profile captures taken out) of the most similar recent runs, times
// the cells of the draft; without comparable runs, from the benchtime itself. Sub-benchmarks
// are unknown before the first round, so this is a lower bound when benchmarks have them.
import type { RunSummary } from '../../../shared/models.js';
import type { CellCount } from './matrix.js';

export interface Estimate {
  readonly ms: number | null;
  readonly basis: 'past-runs' | 'benchtime' | 'unknown';
  /** Runs the estimate is based on. */
  readonly runs: number;
  /** Seconds per timing cell used. */
  readonly perCell: number | null;
}

/** A Go duration (1s, 1m30s, 500ms) in seconds; null for iteration counts (100x). */
export function goDurationSeconds(s: string): number | null {
  if (!/^(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))+$/.test(s)) return null;
  const mult: Record<string, number> = { ns: 1e-9, us: 1e-6, µs: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };
  let total = 0;
  for (const m of s.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) total += Number(m[1]) * mult[m[2]];
  return total;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Seconds per result of one finished run, profile time taken out; null when not usable. */
export function secondsPerResult(r: RunSummary): number | null {
  if (r.kind !== 'measured' || r.status !== 'completed' || !r.startedAt || !r.finishedAt || r.resultCount <= 0) return null;
  let secs = (Date.parse(r.finishedAt) - Date.parse(r.startedAt)) / 1000;
  if (r.spec && r.spec.profile.length) {
    const pt = goDurationSeconds(r.spec.profileBenchtime) ?? 1;
    const profiled =
      r.spec.refs.length * r.spec.profile.length * Math.max(1, Math.round(r.resultCount / Math.max(1, r.spec.count * r.spec.refs.length)));
    secs -= profiled * (pt + 0.5);
  }
  return secs > 0 && Number.isFinite(secs) ? secs / r.resultCount : null;
}

/** The estimate for `cells` with the given benchtimes and profile settings. */
export function estimateDuration(
  c: CellCount,
  benchtimes: readonly string[],
  profileBenchtime: string,
  past: readonly RunSummary[],
  repoId: number,
): Estimate {
  if (c.cells === 0) return { ms: 0, basis: 'unknown', runs: 0, perCell: null };
  const key = [...benchtimes].sort().join(',');
  const usable = past
    .filter((r) => r.repoId === repoId)
    .map((r) => ({ r, s: secondsPerResult(r) }))
    .filter((x): x is { r: RunSummary; s: number } => x.s !== null);
  const same = usable.filter((x) => x.r.spec && [...x.r.spec.benchtime].sort().join(',') === key);
  const pick = (same.length ? same : usable).slice(0, 5);
  const profileSecs = c.profiles * ((goDurationSeconds(profileBenchtime) ?? 1) * 1.2 + 0.5);
  if (pick.length && (same.length || benchtimes.every((b) => goDurationSeconds(b) === null))) {
    const perCell = median(pick.map((x) => x.s));
    return { ms: (c.cells * perCell + profileSecs) * 1000, basis: 'past-runs', runs: pick.length, perCell };
  }
  const durs = benchtimes.map(goDurationSeconds);
  if (durs.every((d): d is number => d !== null)) {
    // Go grows b.N until the benchtime is reached: about 1.2x the benchtime per cell, plus process start.
    const mean = durs.reduce((a, b) => a + b, 0) / durs.length;
    const perCell = mean * 1.2 + 0.05;
    return { ms: (c.cells * perCell + c.processes * 0.1 + profileSecs) * 1000, basis: 'benchtime', runs: 0, perCell };
  }
  return { ms: null, basis: 'unknown', runs: 0, perCell: null };
}
