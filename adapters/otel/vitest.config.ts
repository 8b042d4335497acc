import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'otel', include: ['test/**/*.test.ts'] },
});
