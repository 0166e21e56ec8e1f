import { defineConfig } from 'vitest/config';

const common = ['**/node_modules/**', '**/dist/**'];

/** Three projects so `npm test` can run them in order: fast logic, real servers on port 0, real Chromium. */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['{apps,packages,tools}/*/src/**/*.test.ts'],
          exclude: [...common, '**/*.integration.test.ts', '**/*.e2e.test.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['{apps,packages,tools}/*/src/**/*.integration.test.ts'],
          exclude: common,
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['apps/*/e2e/**/*.e2e.test.ts'],
          exclude: common,
          testTimeout: 90_000,
          hookTimeout: 90_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
