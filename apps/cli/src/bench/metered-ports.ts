import { Conflict, Throttled, type ConsumptionMeter, type Doc, type DocAddress, type Message, type Operation, type Push, type PushEvent, type Queue, type Store } from '@kumo/core';

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
 * least one) and written.
 */
export function meteredStore(store: Store, meter: StoreMeter, rows: boolean): Store {
  const read = (count: number) => rows && meter.record('store', 'rowsRead', count);
  const watch = async <T>(call: Promise<T>): Promise<T> => {
    try {
      return await call;
    } catch (error) {
      if (error instanceof Conflict) meter.count('conflicts');
      if (error instanceof Throttled) meter.count('throttles');
      throw error;
    }
  };
  const metered: Store = {
    capabilities: store.capabilities,
    get: async (partition, key) => {
      const doc = await watch(store.get(partition, key));
      read(1);
      return doc as never;
    },
    query: async (partition, options) => {
      const page = await watch(store.query(partition, options));
      read(Math.max(1, page.items.length));
      return page as never;
    },
    commit: async (operations: readonly Operation[]) => {
      await watch(store.commit(operations));
      read(operations.filter((op) => op.type === 'check').length);
      if (rows) meter.record('store', 'rowsWritten', operations.filter((op) => op.type !== 'check').length);
    },
  };
  if (store.getMany) {
    const getMany = store.getMany.bind(store);
    metered.getMany = async (addresses: readonly DocAddress[]) => {
      const docs = await watch(getMany(addresses));
      read(addresses.length);
      return docs as Array<Doc<never> | undefined>;
    };
  }
  if (store.increment) {
    const increment = store.increment.bind(store);
    metered.increment = async (partition, key, field, amount) => {
      const value = await watch(increment(partition, key, field, amount));
      if (rows) meter.record('store', 'rowsWritten', 1);
      return value;
    };
  }
  if (store.session) {
    const open = store.session.bind(store);
    metered.session = () => {
      const session = open();
      return { getMany: (addresses) => watch(session.getMany(addresses)), commit: (operations) => watch(session.commit(operations)), release: () => session.release() };
    };
  }
  if (store.sweepExpired) metered.sweepExpired = store.sweepExpired.bind(store);
  if (store.listPartitions) metered.listPartitions = store.listPartitions.bind(store);
  return metered;
}

/**
 * A queue that records the requests a cloud queue bills: a send is one request per started 64 KB
 * of body, a receive that delivers messages, an ack (delete) and a retry (visibility change) one
 * each; and the bytes sent. Empty receives are not counted: how often an idle consumer polls is the
 * trigger's (Lambda's SQS poller, a push subscription), not the game's.
 */
export function meteredQueue(queue: Queue, meter: ConsumptionMeter): Queue {
  const requests = (count: number) => meter.record('queue', 'requests', count);
  return {
    capabilities: queue.capabilities,
    send: async (name, body, options) => {
      await queue.send(name, body, options);
      const bytes = bytesOf(body);
      requests(Math.max(1, Math.ceil(bytes / CHUNK_BYTES)));
      meter.record('queue', 'bytes', bytes);
    },
    receive: async (name, options) => {
      const messages = await queue.receive(name, options);
      if (messages.length > 0) requests(1);
      return messages;
    },
    ack: async (name, message: Message) => {
      await queue.ack(name, message);
      requests(1);
    },
    retry: async (name, message: Message, delaySeconds) => {
      await queue.retry(name, message, delaySeconds);
      requests(1);
    },
  };
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
