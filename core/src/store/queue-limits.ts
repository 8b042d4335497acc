import { TooLarge, Unsupported } from '../ports/errors';
import type { QueueCapabilities, ReceiveOptions, SendOptions } from '../ports/queue';
import { jsonBytes } from './limits';

/** Most messages one `receive` returns, whatever `max` asks (SQS, Storage Queues and the rest take 10 at a time). */
export const MAX_RECEIVE_BATCH = 10;

/** `options.max` clamped to 1..`MAX_RECEIVE_BATCH` (default `MAX_RECEIVE_BATCH`). */
export function receiveBatchSize(options: ReceiveOptions): number {
  return Math.min(Math.max(options.max ?? MAX_RECEIVE_BATCH, 1), MAX_RECEIVE_BATCH);
}

/**
 * Refuses a message the queue could not take before any backend call: `Unsupported` for a delay
 * outside 0..`maxDelaySeconds`, `TooLarge` for a body over `maxMessageBytes` (UTF-8 JSON). Every
 * queue adapter calls it first in `send`; messages name the backend. Returns the delay in seconds.
 */
export function assertSendable(capabilities: QueueCapabilities, backend: string, body: unknown, options: SendOptions): number {
  const delay = options.delaySeconds ?? 0;
  if (!(delay >= 0 && delay <= capabilities.maxDelaySeconds)) throw new Unsupported(`${backend}: a delay is 0..${capabilities.maxDelaySeconds} s`, { delay });
  const bytes = jsonBytes(body);
  if (bytes > capabilities.maxMessageBytes) throw new TooLarge(`${backend}: the message is ${bytes} bytes; the limit is ${capabilities.maxMessageBytes}`, { bytes, limit: capabilities.maxMessageBytes });
  return delay;
}
