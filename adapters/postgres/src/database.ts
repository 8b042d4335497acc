/** The rows a statement returned (writes return rows with `RETURNING`). */
export interface SqlResult<R> {
  rows: R[];
}

/** Runs one parameterized statement: a connection pool, the embedded engine, or one open transaction. */
export interface Sql {
  /** Runs `text` with `$1…$n` bound to `params`. */
  query<R = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<SqlResult<R>>;
}

/**
 * Receives a channel's notifications (`NOTIFY`, `pg_notify`): each payload, or null when some may
 * have been missed (the listening connection was lost and is back).
 */
export type NotificationHandler = (payload: string | null) => void;

/**
 * A PostgreSQL database as the adapter uses it: a PostgreSQL server through `pg`, or the embedded
 * PGlite engine. The client is created, and the schema made, on first use.
 */
export interface Database extends Sql {
  /** Where the data lives, for banners and logs (never a password). */
  readonly description: string;
  /**
   * Runs `work` in one transaction (READ COMMITTED: each statement sees what committed before it):
   * commits if it resolves, rolls back if it throws. A deadlock (SQLSTATE 40P01) reaches the caller
   * as the driver's error.
   */
  transaction<T>(work: (tx: Sql) => Promise<T>): Promise<T>;
  /**
   * Calls `handler` for every notification on `channel` (lower-case letters and underscores) sent
   * after this resolves; notifications sent in a transaction arrive once it commits. Resolves to a
   * function that stops this handler.
   */
  listen(channel: string, handler: NotificationHandler): Promise<() => Promise<void>>;
  /** Resolves once the client is connected and the schema exists; rejects if the database is unreachable. */
  ready(): Promise<void>;
  /** Closes the client (a no-op if it was never created). */
  close(): Promise<void>;
}

/** What an engine provides once open; `lazyDatabase` adds opening on first use and the schema. */
export interface Engine extends Sql {
  transaction<T>(work: (tx: Sql) => Promise<T>): Promise<T>;
  listen(channel: string, handler: NotificationHandler): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/**
 * A `Database` that opens its engine with `open` on first use and then creates the schema
 * (`createSchema` from ./schema, passed in to keep this file free of SQL). A failed open is
 * forgotten, so the next call tries again.
 */
export function lazyDatabase(description: string, open: () => Promise<Engine>, createSchema: (tx: Sql) => Promise<void>): Database {
  let opening: Promise<Engine> | undefined;
  const engine = () => {
    opening ??= open().then(async (opened) => {
      await opened.transaction(createSchema);
      return opened;
    });
    opening.catch(() => (opening = undefined));
    return opening;
  };
  return {
    description,
    query: async (text, params) => (await engine()).query(text, params),
    transaction: async (work) => (await engine()).transaction(work),
    listen: async (channel, handler) => {
      if (!/^[a-z_]+$/.test(channel)) throw new RangeError(`postgres: a channel name is lower-case letters and underscores, not ${channel}`);
      return (await engine()).listen(channel, handler);
    },
    ready: async () => void (await engine()),
    async close() {
      const opened = await opening?.catch(() => undefined);
      opening = undefined;
      await opened?.close();
    },
  };
}
