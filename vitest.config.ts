import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two workers, one per core of the 2-core CI machine (vitest's default is half the cores): the
    // tests run on virtual time, so a busy machine changes how long they take, never what they find.
    maxWorkers: 2,
  },
});
