// Where a benchmark's series steps: change points over columns in commit order (a range run's
// commits, or stored history). Binary segmentation with the two-sided Mann-Whitney U test of
// core/stats: in a segment, every split between two columns is tested (the samples of all
// columns on the left against all on the right), the most significant split is kept when its
// p, Bonferroni-corrected for the k-1 possible splits of the whole series, is at most alpha,
// and both sides are searched again. A final pass re-tests each kept split between its
// neighbouring change points only (so a second step does not blur the first) and reports it
// when it is still significant after correction AND its Hodges-Lehmann shift is at least the
// threshold. Pooling the columns of a level is what gives the test its power: 8 commits x 5
// samples compare 20 against 20, where two adjacent commits alone compare 5 against 5.
import { hodgesLehmannRatio, uTest } from '../stats/index.js';

export interface SeriesColumn {
  readonly sha: string;
  readonly label: string;
  readonly samples: readonly number[];
}

export interface ChangePointOptions {
  readonly alpha: number;
  /** Smallest |change| reported, in percent (default 5). */
  readonly thresholdPct: number;
  readonly confidence: number;
}

export interface ChangePoint {
  /** Index of the first column of the new level. */
  readonly index: number;
  readonly sha: string;
  readonly label: string;
  /** New level over old, as a percent change (+98.5 = 98.5% larger), with its interval. */
  readonly deltaPct: number;
  readonly loPct: number | null;
  readonly hiPct: number | null;
  /** U test p between the neighbouring segments, Bonferroni-corrected for the k-1 splits. */
  readonly p: number;
  readonly nBefore: number;
  readonly nAfter: number;
}

function pooled(cols: readonly SeriesColumn[], from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i < to; i++) out.push(...cols[i].samples);
  return out;
}

function splitTest(cols: readonly SeriesColumn[], from: number, at: number, to: number, splits: number) {
  const before = pooled(cols, from, at);
  const after = pooled(cols, at, to);
  if (before.length === 0 || after.length === 0) return null;
  const t = uTest(before, after);
  return { before, after, test: t, p: t.allEqual ? 1 : Math.min(1, t.p * splits) };
}

function medianOf(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Change points of one series (columns oldest first). */
export function findChangePoints(cols: readonly SeriesColumn[], o: ChangePointOptions): ChangePoint[] {
  const splits = Math.max(1, cols.length - 1);
  const found: number[] = [];
  const segment = (from: number, to: number) => {
    if (to - from < 2) return;
    let best: { at: number; p: number; shift: number } | null = null;
    for (let at = from + 1; at < to; at++) {
      const s = splitTest(cols, from, at, to, splits);
      if (!s) continue;
      const shift = Math.abs(Math.log(medianOf(s.after) / medianOf(s.before)) || 0);
      if (!best || s.p < best.p || (s.p === best.p && shift > best.shift)) best = { at, p: s.p, shift };
    }
    if (!best || best.p > o.alpha) return;
    found.push(best.at);
    segment(from, best.at);
    segment(best.at, to);
  };
  segment(0, cols.length);
  found.sort((a, b) => a - b);
  const out: ChangePoint[] = [];
  for (let j = 0; j < found.length; j++) {
    const from = j === 0 ? 0 : found[j - 1];
    const to = j === found.length - 1 ? cols.length : found[j + 1];
    const s = splitTest(cols, from, found[j], to, splits);
    if (!s || s.p > o.alpha) continue;
    const hl = hodgesLehmannRatio(s.before, s.after, o.confidence, o.alpha, s.test);
    const ratio = hl?.estimate ?? medianOf(s.after) / medianOf(s.before);
    if (!Number.isFinite(ratio) || Math.abs(ratio - 1) * 100 < o.thresholdPct) continue;
    const pct = (r: number | undefined) => (r === undefined || !Number.isFinite(r) || r <= 0 ? null : (r - 1) * 100);
    out.push({
      index: found[j],
      sha: cols[found[j]].sha,
      label: cols[found[j]].label,
      deltaPct: (ratio - 1) * 100,
      loPct: pct(hl?.lo),
      hiPct: pct(hl?.hi),
      p: s.p,
      nBefore: s.before.length,
      nAfter: s.after.length,
    });
  }
  return out;
}
