import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The CLI and host tests run the built programs: build them from this checkout first.
    globalSetup: ['test/support/build-for-run.ts'],
    // Integration tests start real servers and compile a Go program; give them room on a 2-core machine.
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
  },
});
