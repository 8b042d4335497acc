import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'azure-functions', include: ['test/**/*.test.ts'], globalSetup: ['test/global-setup.ts'], testTimeout: 30_000 },
});
