// bench/lib/pprof-synth-core.js over src/ (no build needed): the synthetic CPU profiles the pprof
// tests decode, the same generator the profile benchmarks use over dist/.
import { ProfileBuilder } from '../../src/core/pprof/builder.js';
import { mulberry32 } from '../../src/core/runner/plan.js';
import type { Profile } from '../../src/core/pprof/model.js';
import type { SyntheticOptions } from '../../bench/pprof-synth.js';
import { buildSyntheticCpuProfile } from '../../bench/lib/pprof-synth-core.js';

export function syntheticCpuProfile(o: SyntheticOptions = {}): { profile: Profile; samples: number } {
  return buildSyntheticCpuProfile({ ProfileBuilder, mulberry32 }, o);
}
