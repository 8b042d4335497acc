import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'aws',
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    // One DynamoDB Local (Java) serves every file: running files one at a time keeps the
    // 60-writer contention case from starving the service scenarios on a 2-core machine.
    fileParallelism: false,
  },
});
