import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'mobile-push', include: ['test/**/*.test.ts'], testTimeout: 20_000 },
});
