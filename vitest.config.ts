import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    reporters: ['default', './test/support/summary-reporter.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'in-process', include: ['test/**/*.test.ts'], exclude: ['test/browser/**'] } },
      // The provider suites once more, every request over the node:http adapter (test/support/client.ts).
      { extends: true, test: { name: 'over-http', include: ['test/sfvopi/**/*.test.ts', 'test/voxifi/**/*.test.ts'], env: { VOICEMOCK_TEST_TRANSPORT: 'http' } } },
      // Chromium and the page bundle take a core or two: they run after the rest, one file at
      // a time, so they never share the CPU with the suites that count wall time.
      { extends: true, test: { name: 'browser', include: ['test/browser/**/*.test.ts'], globalSetup: ['test/browser/global-setup.ts'], fileParallelism: false, sequence: { groupOrder: 1 } } },
    ],
  },
});
