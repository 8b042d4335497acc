import {
  deadLetterQueueName,
  DEFAULT_QUEUE_SETTINGS,
  assertSendable,
  receiveBatchSize,
  type Message,
  type Queue,
  type QueueCapabilities,
  type QueueSettings,
  type ReceiveOptions,
  type SendOptions,
} from '@kumo/core';
import type { Database, Sql } from './database';

/** What the PostgreSQL queue can do: long delays, a deduplication window, dead letters. */
export const postgresQueueCapabilities: QueueCapabilities = {
  maxDelaySeconds: 7 * 24 * 3600,
  dedupeWindowSeconds: 300,
  maxMessageBytes: 256 * 1024,
  deadLetter: true,
  minMaxAttempts: 1,
};

/** How often an empty long poll asks again, in ms. */
const POLL_MS = 200;
/** The channel a send without delay notifies, with the queue's name as payload. */
const SENT_CHANNEL = 'kumo_jobs_sent';

/**
 * Queue on PostgreSQL tables (`SELECT … FOR UPDATE SKIP LOCKED`): one row per message in
 * `kumo_jobs`, its `visible_at` in the database's clock so that every instance agrees on delays and
 * visibility timeouts. `receive` claims visible rows that no concurrent receiver holds, stamps a
 * fresh receipt and hides them for the visibility timeout, in one statement; a row that was already
 * delivered `maxAttempts` times is moved to the dead-letter queue instead (its queue name changes,
 * attempts restart). `ack` and `retry` act only on the delivery whose receipt they hold.
 * Deduplication ids live in `kumo_job_dedupe` for `dedupeWindowSeconds`. A send without delay
 * notifies `kumo_jobs_sent` (in the same statement, so on commit of the sender's transaction), which
 * `onSent` listens to: a worker wakes when work arrives instead of polling for it.
 */
export class PostgresQueue implements Queue {
  readonly capabilities = postgresQueueCapabilities;
  private lastSweep = 0;
  private readonly listeners = new Map<string, Set<() => void>>();
  private listening: Promise<unknown> | undefined;

  constructor(
    private readonly db: Database,
    private readonly settings: QueueSettings = DEFAULT_QUEUE_SETTINGS,
  ) {}

  /** Enqueues one message. */
  async send(queue: string, body: unknown, options: SendOptions = {}): Promise<void> {
    await this.sendIn(this.db, queue, body, options);
  }

  /**
   * Enqueues one message through `sql`: given a transaction of this database (`PostgresStore.commitWith`),
   * the message exists exactly when that transaction commits.
   */
  async sendIn(sql: Sql, queue: string, body: unknown, options: SendOptions = {}): Promise<void> {
    const delay = assertSendable(this.capabilities, 'postgres', body, options);
    const message = [queue, JSON.stringify(body), delay];
    const notify = `SELECT pg_notify('${SENT_CHANNEL}', $1) FROM sent WHERE $3::float8 <= 0`;
    if (options.dedupeId === undefined) {
      await sql.query(`WITH sent AS (INSERT INTO kumo_jobs (queue, body, visible_at) VALUES ($1, $2, clock_timestamp() + make_interval(secs => $3::float8)) RETURNING 1) ${notify}`, message);
      return;
    }
    await this.sweepDedupe();
    await sql.query(
      `WITH fresh AS (
         INSERT INTO kumo_job_dedupe (queue, dedupe_id, expires_at) VALUES ($1, $4, clock_timestamp() + make_interval(secs => $5))
         ON CONFLICT (queue, dedupe_id) DO UPDATE SET expires_at = excluded.expires_at WHERE kumo_job_dedupe.expires_at <= clock_timestamp()
         RETURNING 1),
       sent AS (INSERT INTO kumo_jobs (queue, body, visible_at) SELECT $1, $2, clock_timestamp() + make_interval(secs => $3::float8) FROM fresh RETURNING 1)
       ${notify}`,
      [...message, options.dedupeId, this.capabilities.dedupeWindowSeconds],
    );
  }

  /**
   * Calls `listener` when a message without delay is sent to `queue` (by any instance on this
   * database), and when the listening connection came back after a loss. The first call opens
   * the listening connection; a failure to open it is logged and the worker keeps polling.
   */
  onSent(queue: string, listener: () => void): () => void {
    let listeners = this.listeners.get(queue);
    if (!listeners) this.listeners.set(queue, (listeners = new Set()));
    listeners.add(listener);
    this.listening ??= this.db.listen(SENT_CHANNEL, (payload) => {
      const woken = payload === null ? [...this.listeners.values()] : [this.listeners.get(payload) ?? []];
      for (const each of woken) for (const wake of each) wake();
    }).catch((error: Error) => {
      this.listening = undefined;
      console.error(`postgres queue: cannot listen for new messages (${error.message}); workers poll`);
    });
    return () => void listeners.delete(listener);
  }

  /** Receives visible messages, waiting up to `waitSeconds` for the first. */
  async receive(queue: string, options: ReceiveOptions = {}): Promise<Message[]> {
    const max = receiveBatchSize(options);
    const visibility = options.visibilityTimeoutSeconds ?? this.settings.visibilityTimeoutSeconds;
    const deadline = Date.now() + (options.waitSeconds ?? 0) * 1000;
    for (;;) {
      const messages = await this.claim(queue, max, visibility);
      if (messages.length > 0 || Date.now() >= deadline) return messages;
      await new Promise((resolve) => setTimeout(resolve, Math.min(POLL_MS, Math.max(0, deadline - Date.now()))));
    }
  }

  /** Deletes the message if this receipt is its latest delivery. */
  async ack(queue: string, message: Message): Promise<void> {
    await this.db.query('DELETE FROM kumo_jobs WHERE id = $1 AND queue = $2 AND receipt = $3', [message.id, queue, message.receipt]);
  }

  /** Makes the message visible again after `delaySeconds`, if this receipt is its latest delivery. */
  async retry(queue: string, message: Message, delaySeconds: number): Promise<void> {
    await this.db.query(
      'UPDATE kumo_jobs SET visible_at = clock_timestamp() + make_interval(secs => $4) WHERE id = $1 AND queue = $2 AND receipt = $3',
      [message.id, queue, message.receipt, delaySeconds],
    );
  }

  /** Messages held: visible, delayed and in flight (one indexed count). */
  async depth(queue: string): Promise<number> {
    const { rows } = await this.db.query<{ depth: number }>('SELECT count(*)::int AS depth FROM kumo_jobs WHERE queue = $1', [queue]);
    return rows[0]?.depth ?? 0;
  }

  /** Claims up to `max` visible messages; those past `maxAttempts` go to the dead-letter queue, and the claim repeats. */
  private async claim(queue: string, max: number, visibilitySeconds: number): Promise<Message[]> {
    for (;;) {
      const { rows } = await this.db.query<{ id: string; body: unknown; attempts: number; receipt: string | null }>(
        `WITH picked AS (
           SELECT id FROM kumo_jobs WHERE queue = $1 AND visible_at <= clock_timestamp()
           ORDER BY visible_at LIMIT $2 FOR UPDATE SKIP LOCKED)
         UPDATE kumo_jobs AS job SET
           queue = CASE WHEN job.attempts >= $3 THEN $5 ELSE job.queue END,
           attempts = CASE WHEN job.attempts >= $3 THEN 0 ELSE job.attempts + 1 END,
           receipt = CASE WHEN job.attempts >= $3 THEN NULL ELSE gen_random_uuid() END,
           visible_at = clock_timestamp() + CASE WHEN job.attempts >= $3 THEN interval '0' ELSE make_interval(secs => $4) END
         FROM picked WHERE job.id = picked.id
         RETURNING job.id, job.body, job.attempts, job.receipt`,
        [queue, max, this.settings.maxAttempts, visibilitySeconds, deadLetterQueueName(queue)],
      );
      const delivered = rows.filter((row) => row.receipt !== null);
      if (delivered.length > 0 || delivered.length === rows.length) {
        return delivered.map((row) => ({ id: row.id, body: row.body, attempts: row.attempts, receipt: row.receipt! }));
      }
    }
  }

  /** Forgets expired deduplication ids, at most once a minute per instance. */
  private async sweepDedupe(): Promise<void> {
    if (Date.now() - this.lastSweep < 60_000) return;
    this.lastSweep = Date.now();
    await this.db.query('DELETE FROM kumo_job_dedupe WHERE expires_at <= clock_timestamp()');
  }
}
