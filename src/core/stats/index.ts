// Public face of src/core/stats: benchstat-identical summaries and comparisons (summary.ts,
// compare.ts, u-test.ts), the geomean row, and Perflab's extras (Hodges-Lehmann delta interval,
// Holm adjustment, sample-size hint, coefficient of variation). compare/ and export/ import from
// here only. docs/statistics.md explains every number.

export { summarize, goMedian, type Summary } from './summary.js';
export { mannWhitney, uTest, type UTestResult, type UNull, type URegime } from './u-test.js';
export { compareSamples, samplesToDetect, uTestMinP, type SampleComparison } from './compare.js';
export { geomean, coefficientOfVariation, holm } from './descriptive.js';
export { hodgesLehmannRatio, type RatioInterval } from './hodges-lehmann.js';
export { samplesHint, runsForEffect, minimumRunsForAlpha, HINT_POWER, MAX_HINT_RUNS, type SamplesHint } from './samples-hint.js';
export { medianCiOrders, samplesForFiniteMedianCi, type MedianCiOrders } from './quantile-ci.js';
export { formatGoFloat } from './go-float.js';
export { twoModes, type TwoModes, type ModeGroup } from './modes.js';
export {
  verdictOf,
  verdictText,
  reachableMinP,
  isExactPair,
  countUnit,
  pooledCv,
  detectableChangePct,
  countForTolerance,
  DEFAULT_TOLERANCE_PCT,
  MAX_COUNT_NEEDED,
  type Verdict,
  type VerdictInput,
  type VerdictState,
} from './verdict.js';
