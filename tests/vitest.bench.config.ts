import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** `npm run bench`: timings are printed as ratios to a baseline measured in the same run, never asserted. */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  test: { include: ['bench/**/*.test.ts'], globalSetup: ['support/global-setup.ts'], testTimeout: 300_000, hookTimeout: 90_000, silent: false },
});
