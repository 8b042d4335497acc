import { afterAll, inject } from 'vitest';
import { embeddedDatabase, serverDatabase, type Database } from '../src/index';
import { copyEmbeddedTemplate, type EmbeddedTemplate } from '../src/testing';

/** An engine the suites run on: the machine's PostgreSQL server (skipped outside CI if absent) and embedded PGlite. */
export interface TestEngine {
  name: string;
  skip: boolean;
  /** The engine's database, connected and with its tables made (call it in a `beforeAll` or a suite factory). */
  open(): Promise<Database>;
}

/**
 * Both engines. The server's database is the run's throwaway one. PGlite runs on a copy of the
 * run's template folder, one instance per test file: `open` hands out that instance with a `close`
 * that leaves it open, and the file closes it and removes the copy when done.
 */
export function engines(): TestEngine[] {
  const url = inject('postgresUrl');
  let embedded: Promise<Database> | undefined;
  let copy: EmbeddedTemplate | undefined;
  afterAll(async () => {
    await (await embedded)?.close();
    await copy?.remove();
  });
  const ready = async (database: Database) => {
    await database.ready();
    return database;
  };
  const shared = async (): Promise<Database> => {
    embedded ??= copyEmbeddedTemplate(inject('pgliteTemplate')).then((made) => ready(embeddedDatabase((copy = made).dataDir)));
    return { ...(await embedded), close: async () => {} };
  };
  return [
    { name: 'PostgreSQL server', skip: !url, open: () => ready(serverDatabase({ url })) },
    { name: 'PGlite (embedded)', skip: false, open: shared },
  ];
}
