import { defineConfig } from 'vitest/config';

// The long variants (full kill/cancel/fuzz counts, load soak): `npm run test:soak`.
export default defineConfig({
  test: {
    include: ['test/**/*.soak.test.ts'],
    testTimeout: 3_600_000,
    hookTimeout: 600_000,
    pool: 'forks',
    setupFiles: ['test/setup/isolated-home.ts'],
    maxWorkers: 1,
  },
});
