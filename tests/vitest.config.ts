import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  test: {
    include: ['unit/**/*.test.ts', 'integration/**/*.test.ts', 'security/**/*.test.ts', 'reliability/**/*.test.ts', 'e2e/**/*.test.ts'],
    globalSetup: ['support/global-setup.ts'],
    pool: 'forks',
    // Two cores: two files at a time, each on its own database and Redis prefix.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 90_000,
    sequence: { hooks: 'stack' },
  },
});
