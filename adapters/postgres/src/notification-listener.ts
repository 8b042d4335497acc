import pg from 'pg';
import type { NotificationHandler } from './database';

/** Pause before the listening connection is opened again after it was lost. */
const RECONNECT_MS = 1_000;

/**
 * `LISTEN` on a PostgreSQL server through one connection of its own (a pooled connection cannot
 * keep listening), opened on the first `listen`. A lost connection is opened again after
 * `RECONNECT_MS`, listens to every channel again, and then tells every handler that notifications
 * may have been missed (payload null).
 */
export class NotificationListener {
  private readonly handlers = new Map<string, Set<NotificationHandler>>();
  private client: Promise<pg.Client> | undefined;
  private reconnect: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly url: string) {}

  /** Calls `handler` for each notification on `channel` from now on; resolves to a function that stops it. */
  async listen(channel: string, handler: NotificationHandler): Promise<() => Promise<void>> {
    let handlers = this.handlers.get(channel);
    if (!handlers) this.handlers.set(channel, (handlers = new Set()));
    handlers.add(handler);
    if (handlers.size === 1) await (await this.connection()).query(`LISTEN ${channel}`);
    else await this.connection();
    return async () => {
      handlers.delete(handler);
      if (handlers.size > 0 || this.handlers.get(channel) !== handlers) return;
      this.handlers.delete(channel);
      const client = await this.client?.catch(() => undefined);
      await client?.query(`UNLISTEN ${channel}`).catch(() => undefined);
    };
  }

  /** Closes the listening connection. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.reconnect);
    const client = await this.client?.catch(() => undefined);
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private connection(): Promise<pg.Client> {
    this.client ??= this.open();
    this.client.catch(() => this.lost());
    return this.client;
  }

  private async open(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: this.url });
    client.on('notification', ({ channel, payload }) => {
      for (const handler of this.handlers.get(channel) ?? []) handler(payload ?? '');
    });
    client.on('error', () => this.lost());
    client.on('end', () => this.lost());
    await client.connect();
    for (const channel of this.handlers.keys()) await client.query(`LISTEN ${channel}`);
    return client;
  }

  /** Forgets the lost connection; opens another after a pause, then wakes every handler. */
  private lost(): void {
    if (this.closed || this.reconnect) return;
    this.client = undefined;
    this.reconnect = setTimeout(() => {
      this.reconnect = undefined;
      if (this.closed || this.handlers.size === 0) return;
      this.connection()
        .then(() => {
          for (const handlers of this.handlers.values()) for (const handler of handlers) handler(null);
        })
        .catch(() => undefined);
    }, RECONNECT_MS);
  }
}
