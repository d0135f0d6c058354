// One benchstat cell: the center of a sample with its confidence interval and the footnotes
// benchstat prints for it. Default assumption: the median with an order-statistic interval
// (orders from quantile-ci.ts); for units marked `assume=exact`: the mode with min..max.
// compare/ formats these numbers; nothing here knows about units or text layout.

import { fail } from '../../shared/errors.js';
import { formatGoFloat } from './go-float.js';
import { medianCiOrders, samplesForFiniteMedianCi } from './quantile-ci.js';
import { sortedCopy } from './sort-scratch.js';

export interface Summary {
  /** Median (default) or mode (exact units). */
  readonly center: number;
  /** Interval bounds; -Infinity / Infinity when the sample is too small for the level. */
  readonly lo: number;
  readonly hi: number;
  readonly n: number;
  /** Coverage actually achieved by [lo, hi] (>= the level asked for); 1 for exact units. */
  readonly confidence: number;
  /** Footnote texts exactly as benchstat prints them. */
  readonly warnings: readonly string[];
}

/** Rejects samples benchstat could never summarize (empty, NaN) and levels it refuses. */
export function checkSample(values: readonly number[], field: string): void {
  if (values.length === 0) fail('InvalidInput', { field, value: '[]' }, 'a sample needs at least one value');
  for (let i = 0; i < values.length; i++) {
    if (Number.isNaN(values[i])) fail('InvalidInput', { field, value: 'NaN' }, 'sample values must be numbers');
  }
}

export function checkLevel(level: number, field: string): void {
  if (!(level >= 0 && level <= 1)) fail('InvalidInput', { field, value: String(level) }, 'must be in the range [0, 1]');
}

/** The median as go-moremath computes it: the R8 quantile definition at q = 1/2, whose float
 * rounding (1/3 + q·(n + 1/3)) decides whether the middle values are interpolated. */
export function goMedian(sorted: ArrayLike<number>): number {
  const n = sorted.length;
  const pos = 1 / 3 + 0.5 * (n + 1 / 3);
  const k = Math.trunc(pos);
  const frac = pos - k;
  if (k <= 0) return sorted[0];
  if (k >= n) return sorted[n - 1];
  return sorted[k - 1] + frac * (sorted[k] - sorted[k - 1]);
}

/** The footnotes of a summary without any (shared: a summary is read-only). */
const NO_WARNINGS: readonly string[] = Object.freeze([]);

function summarizeMedian(sorted: ArrayLike<number>, confidence: number): Summary {
  const n = sorted.length;
  const ci = medianCiOrders(n, confidence);
  const lo = ci.loOrder < 1 ? -Infinity : sorted[ci.loOrder - 1];
  const hi = ci.hiOrder - 1 >= n ? Infinity : sorted[ci.hiOrder - 1];
  let warnings: readonly string[] = NO_WARNINGS;
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) {
    const need = samplesForFiniteMedianCi(confidence);
    warnings = [`need ${need.op} ${need.n} samples for confidence interval at level ${formatGoFloat(confidence)}`];
  }
  return { center: goMedian(sorted), lo, hi, n, confidence: ci.confidence, warnings };
}

function summarizeExact(sorted: ArrayLike<number>): Summary {
  const n = sorted.length;
  // Mode of the sorted run lengths; the first (smallest) value wins a tie.
  let modeValue = sorted[0];
  let modeCount = 1;
  let runValue = sorted[0];
  let runCount = 1;
  for (let i = 1; i < n; i++) {
    if (sorted[i] === runValue) {
      runCount++;
      if (runCount > modeCount) {
        modeValue = runValue;
        modeCount = runCount;
      }
    } else {
      runValue = sorted[i];
      runCount = 1;
    }
  }
  const lo = sorted[0];
  const hi = sorted[n - 1];
  const warnings =
    modeCount === n ? NO_WARNINGS : [`exact distribution expected, but values range from ${formatGoFloat(lo)} to ${formatGoFloat(hi)}`];
  return { center: modeValue, lo, hi, n, confidence: 1, warnings };
}

/** Summarizes one cell as benchstat does: median and order-statistic CI, or (assumeExact)
 * the mode and the range. Throws InvalidInput for an empty sample, NaN, or a level outside
 * [0, 1]. */
export function summarize(values: readonly number[], opts: { readonly confidence: number; readonly assumeExact?: boolean }): Summary {
  checkSample(values, 'values');
  checkLevel(opts.confidence, 'confidence');
  const sorted = sortedCopy(values, 0);
  return opts.assumeExact ? summarizeExact(sorted) : summarizeMedian(sorted, opts.confidence);
}
