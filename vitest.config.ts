import { defineConfig } from 'vitest/config';

// One test run: unit tests of pure modules, integration tests with real go and git on the
// fixtures, and end-to-end tests in Chromium through `perflab serve`. Slow studies live in
// bench/ and the soak config.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/**/*.soak.test.ts', 'test/timing/**', 'node_modules/**'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default'],
    setupFiles: ['test/setup/fast-check-seed.ts', 'test/setup/isolated-home.ts'],
  },
});
