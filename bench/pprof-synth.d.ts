// Types of bench/pprof-synth.js (plain ESM, shared by bench/ scripts and the tests).
import type { Profile } from '../src/core/pprof/model.js';

export interface SyntheticOptions {
  readonly stacks?: number;
  readonly functions?: number;
  readonly seed?: number;
  readonly maxDepth?: number;
  readonly inlineFraction?: number;
  readonly recursionFraction?: number;
  readonly benchmarks?: number;
}

export function syntheticCpuProfile(o?: SyntheticOptions): { profile: Profile; samples: number };
export function writeSyntheticCpuProfile(
  path: string,
  o?: SyntheticOptions,
): { path: string; samples: number; uncompressedBytes: number; compressedBytes: number };
