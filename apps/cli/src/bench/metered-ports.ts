import { Conflict, interceptQueue, interceptStore, Throttled, type ConsumptionMeter, type Message, type Page, type Push, type PushEvent, type Queue, type Store } from '@kumo/core';

/** A meter that also counts commits refused on a condition (retried by `transact`) and calls throttled. */
export interface StoreMeter extends ConsumptionMeter {
  count(outcome: 'conflicts' | 'throttles'): void;
}

/** Bytes of a value as JSON (UTF-8). */
const bytesOf = (value: unknown) => Buffer.byteLength(JSON.stringify(value) ?? '');

/** SQS, Pub/Sub and Storage Queues bill a payload per started 64 KB. */
const CHUNK_BYTES = 64 * 1024;

/**
 * A store that counts what passes through it on `meter`: conflicts and throttles always, and, with
 * `rows` (PostgreSQL and memory, which bill no units of their own), documents read (a query at
 * least one) and written, a session's reads and commit included. Every method of the store is kept
 * (`interceptStore`).
 */
export function meteredStore(store: Store, meter: StoreMeter, rows: boolean): Store {
  const read = (count: number) => rows && meter.record('store', 'rowsRead', count);
  const written = (count: number) => rows && meter.record('store', 'rowsWritten', count);
  return interceptStore(store, async (call, proceed) => {
    let result;
    try {
      result = await proceed();
    } catch (error) {
      if (error instanceof Conflict) meter.count('conflicts');
      if (error instanceof Throttled) meter.count('throttles');
      throw error;
    }
    switch (call.method) {
      case 'get':
        read(1);
        break;
      case 'query':
        read(Math.max(1, (result as Page).items.length));
        break;
      case 'getMany':
      case 'session.getMany':
        read(call.addresses.length);
        break;
      case 'commit':
      case 'session.commit':
        read(call.operations.filter((op) => op.type === 'check').length);
        written(call.operations.filter((op) => op.type !== 'check').length);
        break;
      case 'increment':
        written(1);
        break;
      case 'putMany':
        written(call.documents.length);
        break;
    }
    return result;
  });
}

/**
 * A queue that records the requests a cloud queue bills: a send is one request per started 64 KB
 * of body, a receive that delivers messages, an ack (delete), a retry (visibility change) and a
 * depth (queue attributes) one each; and the bytes sent. Empty receives are not counted: how often an idle consumer polls is the
 * trigger's (Lambda's SQS poller, a push subscription), not the game's.
 */
export function meteredQueue(queue: Queue, meter: ConsumptionMeter): Queue {
  const requests = (count: number) => meter.record('queue', 'requests', count);
  return interceptQueue(queue, async (call, proceed) => {
    const result = await proceed();
    if (call.method === 'send') {
      const bytes = bytesOf(call.body);
      requests(Math.max(1, Math.ceil(bytes / CHUNK_BYTES)));
      meter.record('queue', 'bytes', bytes);
    } else if (call.method !== 'receive' || (result as Message[]).length > 0) requests(1);
    return result;
  });
}

/** A push that records each event published (a message to one player's topic) and its bytes. */
export function meteredPush(push: Push, meter: ConsumptionMeter): Push {
  const metered: Push = {
    capabilities: push.capabilities,
    publish: async (userId: string, event: PushEvent) => {
      const outcome = await push.publish(userId, event);
      meter.record('push', 'messages', 1);
      meter.record('push', 'bytes', bytesOf(event));
      return outcome;
    },
    isOnline: (userId) => push.isOnline(userId),
  };
  if (push.connection) metered.connection = push.connection.bind(push);
  return metered;
}
