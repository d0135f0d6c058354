// Types of bench/lib/pprof-synth-core.js (plain ESM, shared by bench/ scripts and the tests).
import type { Profile } from '../../src/core/pprof/model.js';
import type { SyntheticOptions } from '../pprof-synth.js';

export interface SyntheticDeps {
  readonly ProfileBuilder: unknown;
  readonly mulberry32: (seed: number) => () => number;
}

export function buildSyntheticCpuProfile(deps: SyntheticDeps, o?: SyntheticOptions): { profile: Profile; samples: number };
