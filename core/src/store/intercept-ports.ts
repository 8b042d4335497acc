import type { Message, Queue, ReceiveOptions, SendOptions } from '../ports/queue';
import type { DocAddress, DocValue, ListPartitionsOptions, NewDoc, Operation, QueryOptions, Store, StoreSession } from '../ports/store';

/** One call to a store, as an interceptor sees it; a session's reads and commit are calls too. */
export type StoreCall =
  | { method: 'get'; partition: string; key: string }
  | { method: 'getMany' | 'session.getMany'; addresses: readonly DocAddress[] }
  | { method: 'query'; partition: string; options?: QueryOptions }
  | { method: 'commit' | 'session.commit'; operations: readonly Operation[] }
  | { method: 'increment'; partition: string; key: string; field: string; amount: number }
  | { method: 'putMany'; documents: readonly NewDoc[] }
  | { method: 'sweepExpired' }
  | { method: 'listPartitions'; options?: ListPartitionsOptions };

/** One call to a queue, as an interceptor sees it. */
export type QueueCall =
  | { method: 'send'; queue: string; body: unknown; options?: SendOptions }
  | { method: 'receive'; queue: string; options?: ReceiveOptions }
  | { method: 'ack'; queue: string; message: Message }
  | { method: 'retry'; queue: string; message: Message; delaySeconds: number }
  | { method: 'depth'; queue: string };

/**
 * Runs around one call: may act before and after `proceed` (which makes the call on the wrapped
 * port and answers what it answers), change the outcome, or not proceed at all.
 */
export type Interceptor<Call> = <R>(call: Call, proceed: () => Promise<R>) => Promise<R>;

/**
 * A store whose every call goes through `around`, with exactly the methods `store` offers: the
 * optional ones (`getMany`, `increment`, `putMany`, `session`, `sweepExpired`, `listPartitions`) exist on the
 * result iff they exist on `store`, and a session's `getMany` and `commit` are intercepted as
 * `session.getMany` and `session.commit`. A session whose commit `around` settles without
 * proceeding is released. Every store wrapper (hot keys, faults, metering) is built on it, so none
 * drops a method a backend offers.
 */
export function interceptStore(store: Store, around: Interceptor<StoreCall>): Store {
  const wrapped: Store = {
    capabilities: store.capabilities,
    get: (partition, key) => around({ method: 'get', partition, key }, () => store.get(partition, key)),
    query: (partition, options) => around({ method: 'query', partition, options }, () => store.query(partition, options)),
    commit: (operations) => around({ method: 'commit', operations }, () => store.commit(operations)),
  };
  const getMany = store.getMany?.bind(store);
  const increment = store.increment?.bind(store);
  const putMany = store.putMany?.bind(store);
  const session = store.session?.bind(store);
  const sweepExpired = store.sweepExpired?.bind(store);
  const listPartitions = store.listPartitions?.bind(store);
  if (getMany) wrapped.getMany = <T extends DocValue>(addresses: readonly DocAddress[]) => around({ method: 'getMany', addresses }, () => getMany<T>(addresses));
  if (increment) wrapped.increment = (partition, key, field, amount) => around({ method: 'increment', partition, key, field, amount }, () => increment(partition, key, field, amount));
  if (putMany) wrapped.putMany = (documents) => around({ method: 'putMany', documents }, () => putMany(documents));
  if (session) wrapped.session = () => interceptSession(session(), around);
  if (sweepExpired) wrapped.sweepExpired = () => around({ method: 'sweepExpired' }, () => sweepExpired());
  if (listPartitions) wrapped.listPartitions = (options) => around({ method: 'listPartitions', options }, () => listPartitions(options));
  return wrapped;
}

/** A session whose reads and commit go through `around`; released if its commit never reached it. */
function interceptSession(session: StoreSession, around: Interceptor<StoreCall>): StoreSession {
  let committing = false;
  return {
    getMany: <T extends DocValue>(addresses: readonly DocAddress[]) => around({ method: 'session.getMany', addresses }, () => session.getMany<T>(addresses)),
    commit: async (operations) => {
      try {
        await around({ method: 'session.commit', operations }, () => {
          committing = true;
          return session.commit(operations);
        });
      } finally {
        if (!committing) session.release();
      }
    },
    release: () => session.release(),
  };
}

/**
 * A queue whose every call goes through `around`, with exactly the methods `queue` offers: `depth`
 * iff the queue has it (intercepted), `onSent` iff the queue has it (passed through: it registers a
 * listener, it is not a call to the backend).
 */
export function interceptQueue(queue: Queue, around: Interceptor<QueueCall>): Queue {
  const wrapped: Queue = {
    capabilities: queue.capabilities,
    send: (name, body, options) => around({ method: 'send', queue: name, body, options }, () => queue.send(name, body, options)),
    receive: (name, options) => around({ method: 'receive', queue: name, options }, () => queue.receive(name, options)),
    ack: (name, message) => around({ method: 'ack', queue: name, message }, () => queue.ack(name, message)),
    retry: (name, message, delaySeconds) => around({ method: 'retry', queue: name, message, delaySeconds }, () => queue.retry(name, message, delaySeconds)),
  };
  const depth = queue.depth?.bind(queue);
  if (depth) wrapped.depth = (name) => around({ method: 'depth', queue: name }, () => depth(name));
  if (queue.onSent) wrapped.onSent = queue.onSent.bind(queue);
  return wrapped;
}

/** The documents a store call reads or writes (a query: none; its partition is on the call). */
export function addressesOf(call: StoreCall): readonly DocAddress[] {
  switch (call.method) {
    case 'get':
    case 'increment':
      return [call];
    case 'getMany':
    case 'session.getMany':
      return call.addresses;
    case 'commit':
    case 'session.commit':
      return call.operations;
    case 'putMany':
      return call.documents;
    default:
      return [];
  }
}

/**
 * A store wrapper as a class, for wrappers that keep state (fault injection, recorders): every
 * call goes through `intercept`, and the instance offers exactly the methods of the wrapped store
 * (`interceptStore`).
 */
export abstract class InterceptingStore implements Store {
  declare readonly capabilities: Store['capabilities'];
  declare readonly get: Store['get'];
  declare readonly query: Store['query'];
  declare readonly commit: Store['commit'];
  declare readonly getMany?: Store['getMany'];
  declare readonly increment?: Store['increment'];
  declare readonly putMany?: Store['putMany'];
  declare readonly session?: Store['session'];
  declare readonly sweepExpired?: Store['sweepExpired'];
  declare readonly listPartitions?: Store['listPartitions'];

  constructor(store: Store) {
    Object.assign(this, interceptStore(store, (call, proceed) => this.intercept(call, proceed)));
  }

  /** Runs around one call (see `Interceptor`). */
  protected abstract intercept<R>(call: StoreCall, proceed: () => Promise<R>): Promise<R>;
}

/**
 * A queue wrapper as a class, for wrappers that keep state: every call goes through `intercept`,
 * and the instance offers exactly the methods of the wrapped queue (`interceptQueue`).
 */
export abstract class InterceptingQueue implements Queue {
  declare readonly capabilities: Queue['capabilities'];
  declare readonly send: Queue['send'];
  declare readonly receive: Queue['receive'];
  declare readonly ack: Queue['ack'];
  declare readonly retry: Queue['retry'];
  declare readonly depth?: Queue['depth'];
  declare readonly onSent?: Queue['onSent'];

  constructor(queue: Queue) {
    Object.assign(this, interceptQueue(queue, (call, proceed) => this.intercept(call, proceed)));
  }

  /** Runs around one call (see `Interceptor`). */
  protected abstract intercept<R>(call: QueueCall, proceed: () => Promise<R>): Promise<R>;
}
