import { defineConfig } from 'vitest/config';

// Tests that assert measured differences (a 30% slowdown is flagged, PGO helps) run one file at
// a time after the rest of `npm test`, so other tests do not compete for the 2 cores they measure.
export default defineConfig({
  test: {
    include: ['test/timing/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 180_000,
    pool: 'forks',
    setupFiles: ['test/setup/isolated-home.ts'],
    fileParallelism: false,
    maxWorkers: 1,
    // A measured difference can drown in a burst of noise on a shared VM (its speed varies
    // ~1.7x run to run); one more try tells a burst from a real failure, which fails both.
    retry: 1,
  },
});
