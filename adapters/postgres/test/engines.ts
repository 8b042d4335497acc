import { inject } from 'vitest';
import { embeddedDatabase, serverDatabase, type Database } from '../src/index';

/** An engine the suites run on: the machine's PostgreSQL server (skipped outside CI if absent) and embedded PGlite. */
export interface TestEngine {
  name: string;
  skip: boolean;
  open(): Database;
}

/** Both engines; the server's database is the run's throwaway one, PGlite's lives in memory. */
export function engines(): TestEngine[] {
  const url = inject('postgresUrl');
  return [
    { name: 'PostgreSQL server', skip: !url, open: () => serverDatabase({ url }) },
    { name: 'PGlite (embedded)', skip: false, open: () => embeddedDatabase() },
  ];
}
