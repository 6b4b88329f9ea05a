import { defineConfig } from 'vitest/config';

// Every project under libs/, services/, migrations/ and test/ has its own vitest.config.ts;
// `vitest run` at the root runs them all, test files in parallel forks.
export default defineConfig({
  test: {
    projects: ['libs/*/vitest.config.ts', 'services/*/vitest.config.ts', 'migrations/vitest.config.ts', 'test/*/vitest.config.ts'],
    reporters: ['default', './test/summary-reporter.ts'],
    pool: 'forks',
    maxWorkers: 3,
  },
});
