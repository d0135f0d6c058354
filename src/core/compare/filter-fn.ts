// The shape of a compiled filter, shared by filter.ts (which compiles benchstat's -filter) and
// projection.ts (whose fixed orders add filters of their own), so neither imports the other.
import type { ResultView } from './result-view.js';

/** true/false for the whole result, or a mask over its values. */
export type FilterOutcome = boolean | Uint8Array;
export type FilterFn = (r: ResultView) => FilterOutcome;
