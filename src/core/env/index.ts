// The environment module's public surface: the fingerprint recorded with each run and the
// checks that say how far its numbers can be trusted.
export type { FingerprintInput, FingerprintOptions } from './fingerprint.js';
export { fingerprint, withLoadAfter } from './fingerprint.js';
export type { EnvironmentThresholds } from './warnings.js';
export {
  environmentWarnings,
  resultLints,
  compareEnvironments,
  noiseWarnings,
  bimodalWarnings,
  DEFAULT_NOISE_THRESHOLD,
} from './warnings.js';
export type { PowerSupply } from './machine.js';
export { onBatteryFrom } from './machine.js';
