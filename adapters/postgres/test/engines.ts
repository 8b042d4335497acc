import { afterAll, inject } from 'vitest';
import { embeddedDatabase, serverDatabase, type Database } from '../src/index';

/** An engine the suites run on: the machine's PostgreSQL server (skipped outside CI if absent) and embedded PGlite. */
export interface TestEngine {
  name: string;
  skip: boolean;
  open(): Database;
}

/**
 * Both engines. The server's database is the run's throwaway one. PGlite lives in memory, one
 * instance per test file (making a fresh one runs initdb, which takes seconds): `open` hands out
 * that instance with a `close` that leaves it open, and the file closes it when done.
 */
export function engines(): TestEngine[] {
  const url = inject('postgresUrl');
  let embedded: Database | undefined;
  afterAll(() => embedded?.close());
  const shared = (): Database => {
    embedded ??= embeddedDatabase();
    return { ...embedded, close: async () => {} };
  };
  return [
    { name: 'PostgreSQL server', skip: !url, open: () => serverDatabase({ url }) },
    { name: 'PGlite (embedded)', skip: false, open: shared },
  ];
}
