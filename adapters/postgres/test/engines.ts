import { afterAll, inject } from 'vitest';
import { embeddedDatabase, serverDatabase, type Database } from '../src/index';
import { copyEmbeddedTemplate, createTestDatabase, type EmbeddedTemplate } from '../testing';

/** An engine the suites run on: the machine's PostgreSQL server (skipped outside CI if absent) and embedded PGlite. */
export interface TestEngine {
  name: string;
  skip: boolean;
  /** The engine's database, connected and with its tables made (call it in a `beforeAll` or a suite factory). */
  open(): Promise<Database>;
  /**
   * A database no other test file writes to (`close` drops it on the server): for a suite whose
   * clock runs ahead and whose sweeper deletes whatever expired by it.
   */
  openOwn(): Promise<Database>;
}

/**
 * Both engines. The server's database is the run's throwaway one. PGlite runs on a copy of the
 * run's template folder, one instance per test file: `open` hands out that instance with a `close`
 * that leaves it open, and the file closes it and removes the copy when done (that copy is the
 * file's own).
 */
export function engines(): TestEngine[] {
  const url = inject('databaseUrl');
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
  const own = async (): Promise<Database> => {
    const made = await createTestDatabase(url);
    const database = await ready(serverDatabase({ url: made.url }));
    return { ...database, close: async () => void (await database.close(), await made.drop()) };
  };
  return [
    { name: 'PostgreSQL server', skip: !url, open: () => ready(serverDatabase({ url })), openOwn: own },
    { name: 'PGlite (embedded)', skip: false, open: shared, openOwn: shared },
  ];
}
