/**
 * Queue port: at-least-once delivery of JSON jobs to named queues.
 *
 * Contract every adapter keeps (proved by `describeQueue` in @kumo/conformance):
 * - `send` stores a message durably before it resolves. With `delaySeconds` the message is
 *   invisible for that long (at most `capabilities.maxDelaySeconds`). With `dedupeId`, a second
 *   send of the same id to the same queue within `capabilities.dedupeWindowSeconds` is dropped.
 * - `receive` hands out up to `max` visible messages and hides each for `visibilityTimeoutSeconds`.
 *   A message that is not acked by then becomes visible again (redelivery); `attempts` counts
 *   its deliveries, starting at 1. Order is not guaranteed.
 * - A message whose delivery would exceed the queue's `maxAttempts` is moved to the queue's
 *   dead-letter queue (named by `deadLetterQueueName`) instead, where it can be received,
 *   inspected and re-sent (replayed) like any message.
 * - `ack` deletes a received message; it never throws for a message that is already gone.
 * - `retry` makes a received message visible again after `delaySeconds` (backoff) without acking it.
 * Handlers must be idempotent: a message may arrive more than once.
 */
export interface Queue {
  /** What this backend can do; the conformance suite tests exactly what is declared. */
  readonly capabilities: QueueCapabilities;
  /** Enqueues one message. */
  send(queue: string, body: unknown, options?: SendOptions): Promise<void>;
  /** Receives up to `max` visible messages, waiting up to `waitSeconds` for the first. */
  receive(queue: string, options?: ReceiveOptions): Promise<Message[]>;
  /** Deletes a received message: it will not be delivered again. */
  ack(queue: string, message: Message): Promise<void>;
  /** Returns a received message to the queue, visible again after `delaySeconds`. */
  retry(queue: string, message: Message, delaySeconds: number): Promise<void>;
  /**
   * How many messages the queue holds (visible, delayed and received but not acked), approximate
   * while messages come and go: offered by a backend that can count without receiving (the
   * operations dashboard shows it). A queue never used holds 0.
   */
  depth?(queue: string): Promise<number>;

  /**
   * Optional wake-ups for pull workers: calls `listener` soon after a message sent to `queue`
   * (by any instance) without a delay can be received, and also when some such calls may have been
   * missed. Best effort: a call may find nothing, and delayed or retried messages call nothing, so
   * a worker still polls, only less often. Returns a function that stops the calls.
   */
  onSent?(queue: string, listener: () => void): () => void;
}

/** Options of `Queue.send`. */
export interface SendOptions {
  delaySeconds?: number;
  dedupeId?: string;
}

/** Options of `Queue.receive`. */
export interface ReceiveOptions {
  /** Most messages to return (1..10). Default 10. */
  max?: number;
  /** How long received messages stay hidden. Default: the queue's configured timeout. */
  visibilityTimeoutSeconds?: number;
  /** Long-poll time for the first message. Default 0. */
  waitSeconds?: number;
}

/** A received message. `receipt` identifies this delivery for `ack` and `retry`. */
export interface Message<T = unknown> {
  id: string;
  body: T;
  /** 1 on the first delivery, +1 on each redelivery. */
  attempts: number;
  receipt: string;
}

/** Per-queue settings an adapter is configured with. */
export interface QueueSettings {
  /** Deliveries before a message moves to the dead-letter queue. Default 5. */
  maxAttempts: number;
  /** Default visibility timeout in seconds. Default 30. */
  visibilityTimeoutSeconds: number;
}

/** Default queue settings. */
export const DEFAULT_QUEUE_SETTINGS: QueueSettings = { maxAttempts: 5, visibilityTimeoutSeconds: 30 };

/** What a queue backend can do. */
export interface QueueCapabilities {
  /** Longest `delaySeconds` accepted (0: delays unsupported). */
  maxDelaySeconds: number;
  /** Whether `dedupeId` drops duplicates; 0 if unsupported. */
  dedupeWindowSeconds: number;
  /** Largest message body in bytes (UTF-8 JSON). */
  maxMessageBytes: number;
  /** Whether the backend moves messages to a dead-letter queue after `maxAttempts`. */
  deadLetter: boolean;
  /** Smallest `maxAttempts` the backend accepts (Pub/Sub: 5). */
  minMaxAttempts: number;
}

/** The dead-letter queue of a queue. */
export function deadLetterQueueName(queue: string): string {
  return `${queue}-dlq`;
}
