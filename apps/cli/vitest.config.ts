import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'cli',
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // One set of emulators (DynamoDB Local, Datastore, cosmosdb-server) serves every file.
    fileParallelism: false,
  },
});
