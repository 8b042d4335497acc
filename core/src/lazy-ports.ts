import type { AdapterPorts } from './container';
import type { Capabilities } from './ports/capabilities';
import { Unsupported } from './ports/errors';
import type { MobilePush, Push } from './ports/push';
import type { Queue } from './ports/queue';
import type { Store, StoreSession } from './ports/store';
import { getMany } from './store/read-many';

/** What an adapter set declares before its SDKs load: what `lazyPorts` needs to answer synchronously. */
export interface LazyPortsDeclaration {
  /** The adapter set's capabilities (as its `capabilities` export). */
  capabilities: Capabilities;
  /** Whether the store offers `sweepExpired` (a backend without a TTL of its own). */
  sweepsExpired?: boolean;
  /** Whether the store offers `session` (one backend transaction per unit of work). */
  sessions?: boolean;
  /** Whether the store offers `putMany` (a bulk write of new documents cheaper than transactions). */
  bulkWrites?: boolean;
  /** Whether the queue offers `depth` (the operations dashboard shows it). */
  queueDepth?: boolean;
}

/** Adapter ports as an adapter's `create<Cloud>Ports` returns them, with what closes their clients. */
export interface LoadedPorts extends AdapterPorts {
  close?(): Promise<void>;
}

/** Ports that load their adapter set on first use. */
export interface LazyPorts<P extends LoadedPorts> extends AdapterPorts {
  /** The loaded adapter set (loads it if it is not yet). */
  loaded(): Promise<P>;
  /** Closes the adapter set's clients if it was loaded; nothing to do otherwise. */
  close(): Promise<void>;
}

/**
 * The ports of an adapter set that is loaded (SDK modules imported, clients built, connections
 * opened) on the first call that needs the backend, not at start: `load` is typically
 * `() => import('@kumo/adapter-x').then((adapter) => adapter.createXPorts(config))`, which a
 * bundler splits into a chunk a cold start does not parse. Capabilities answer at once from the
 * declaration; each port method waits for the load then calls the real port. A failed load is
 * retried by the next call. The store offers `getMany` always (the real one, or one `get` per
 * document), `increment` and `listPartitions` as its capabilities declare, `sweepExpired`,
 * `session` and `putMany` as the declaration says, the queue `depth` too; push offers `connection` always (throwing `Unsupported` when the real push
 * has none).
 */
export function lazyPorts<P extends LoadedPorts>(declaration: LazyPortsDeclaration, load: () => Promise<P>): LazyPorts<P> {
  let loading: Promise<P> | undefined;
  const loaded = () => {
    loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
    return loading;
  };
  const port = <K extends keyof AdapterPorts>(name: K) => loaded().then((ports) => ports[name]);
  const { capabilities } = declaration;
  const store: Store = {
    capabilities: capabilities.store,
    get: (partition, key) => port('store').then((real) => real.get(partition, key)),
    getMany: (addresses) => port('store').then((real) => getMany(real, addresses)),
    query: (partition, options) => port('store').then((real) => real.query(partition, options)),
    commit: (operations) => port('store').then((real) => real.commit(operations)),
    ...(capabilities.store.atomicIncrement ? { increment: (partition: string, key: string, field: string, amount: number) => port('store').then((real) => real.increment!(partition, key, field, amount)) } : {}),
    ...(capabilities.store.partitionListing ? { listPartitions: (options) => port('store').then((real) => real.listPartitions!(options)) } : {}),
    ...(declaration.sweepsExpired ? { sweepExpired: () => port('store').then((real) => real.sweepExpired!()) } : {}),
    ...(declaration.sessions ? { session: () => lazySession(() => port('store')) } : {}),
    ...(declaration.bulkWrites ? { putMany: (documents) => port('store').then((real) => real.putMany!(documents)) } : {}),
  } satisfies Store;
  const queue: Queue = {
    capabilities: capabilities.queue,
    send: (name, body, options) => port('queue').then((real) => real.send(name, body, options)),
    receive: (name, options) => port('queue').then((real) => real.receive(name, options)),
    ack: (name, message) => port('queue').then((real) => real.ack(name, message)),
    retry: (name, message, delaySeconds) => port('queue').then((real) => real.retry(name, message, delaySeconds)),
    ...(declaration.queueDepth ? { depth: (name: string) => port('queue').then((real) => real.depth!(name)) } : {}),
  };
  const push: Push = {
    capabilities: capabilities.push,
    publish: (userId, event) => port('push').then((real) => real.publish(userId, event)),
    isOnline: (userId) => port('push').then((real) => real.isOnline(userId)),
    connection: async (userId) => {
      const real = await port('push');
      if (!real.connection) throw new Unsupported('this push backend cannot tell clients how to connect');
      return real.connection(userId);
    },
  };
  const mobilePush: MobilePush = {
    send: (userId, event) => port('mobilePush').then((real) => real.send(userId, event)),
    releaseDevice: (userId, platform, token) => port('mobilePush').then((real) => real.releaseDevice?.(userId, platform, token)),
  };
  return {
    store,
    queue,
    push,
    mobilePush,
    loaded,
    async close() {
      if (loading) await (await loading).close?.();
    },
  };
}

/** A session of a store that may not be loaded yet: opened on its first read or commit. */
function lazySession(store: () => Promise<Store>): StoreSession {
  let opened: Promise<StoreSession> | undefined;
  const open = () => (opened ??= store().then((real) => real.session!()));
  return {
    getMany: (addresses) => open().then((session) => session.getMany(addresses)),
    commit: (operations) => open().then((session) => session.commit(operations)),
    release: () => void opened?.then((session) => session.release(), () => undefined),
  };
}
