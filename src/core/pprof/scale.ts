// Scaling a profile's sample values by a factor (1 / iterations for per-op diffs): a new
// Profile sharing every table but the sample values, so trees, top tables and totals built
// from it are in the scaled unit (e.g. nanoseconds of CPU per benchmark iteration).
import type { Profile } from './model.js';

export function scaleProfile(p: Profile, factor: number): Profile {
  if (factor === 1) return p;
  const values = new Float64Array(p.samples.values.length);
  for (let i = 0; i < values.length; i++) values[i] = p.samples.values[i] * factor;
  return { ...p, samples: { ...p.samples, values } };
}
