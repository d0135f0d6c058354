import { defineConfig } from 'vitest/config';

// Tests that assert measured differences (a 30% slowdown is flagged, PGO helps) run one file at
// a time after the rest of `npm test`, so other tests do not compete for the 2 cores they measure.
export default defineConfig({
  test: {
    include: ['test/timing/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 180_000,
    pool: 'forks',
    fileParallelism: false,
    maxWorkers: 1,
  },
});
