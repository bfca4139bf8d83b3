/**
 * Test projects: `unit` (pure logic and extension modules against fakes), `server`
 * (the REST endpoint through `app.inject()`, on SQLite and PostgreSQL) and `e2e` (the built
 * extension in real headless Chromium against a real server on 127.0.0.1) and `e2e-firefox` (the
 * Firefox build in headless Firefox ESR, the same way).
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    reporters: ['default', './tests/summary-reporter.ts'],
    projects: [
      {
        // As in the shipped build: no bench-only marks (src/bench-flag.d.ts).
        define: { __OUTLOUD_BENCH__: 'false' },
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.{ts,tsx}'],
          environment: 'node',
          // A timeout catches a hang, it is not a speed check: property tests of a hundred runs
          // take seconds when the browser suites share the machine, and 5 s failed them.
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'server',
          include: ['tests/server/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/e2e/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          // A real browser on a 2-core machine: one retry absorbs a timing hiccup; a test that
          // fails twice fails the run.
          retry: 1,
        },
      },
      {
        test: {
          // The journeys in headless Firefox ESR (puppeteer-core over WebDriver BiDi).
          name: 'e2e-firefox',
          include: ['tests/e2e-firefox/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/e2e-firefox/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          retry: 1,
        },
      },
    ],
  },
});
