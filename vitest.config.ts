import { defineConfig } from 'vitest/config';

/** One test run over every package; each package may add its own vitest.config.ts (emulators). */
export default defineConfig({
  test: {
    projects: ['core', 'conformance', 'adapters/*', 'apps/*', 'client'],
  },
});
