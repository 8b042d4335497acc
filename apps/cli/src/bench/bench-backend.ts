import { capabilities as memoryCapabilities, createMemoryPorts } from '@kumo/adapter-memory';
import { embeddedDatabase, PostgresStore } from '@kumo/adapter-postgres';
import type { AdapterPorts, Capabilities } from '@kumo/core';
import { openBackend, type Backend } from '../backends';
import { IN_PROCESS_QUEUE, isLocal, openBenchQueue, storeAddress } from './bench-queue';
import type { BenchMeter } from './meter';
import { meteredPush, meteredQueue, meteredStore } from './metered-ports';

/** Whose price list a backend's units are priced with. */
export type PricedAs = 'aws' | 'gcp' | 'azure' | 'self-hosted' | 'memory';

/** The ports a bench runs on, metered, and what they stand for. */
export interface BenchBackend {
  /** The address without anything secret. */
  label: string;
  pricedAs: PricedAs;
  /** Where the figures are measured: in-process, an emulator or server on this machine, or the cloud. */
  measuredOn: string;
  /** Where the queue runs: the cloud's queue (an emulator or stand-in on this machine, or the cloud), or in-process. */
  queueOn: string;
  /** Whether the queue is a cloud queue's API rather than the in-process one. */
  remoteQueue: boolean;
  /** What to keep in mind when reading this backend's figures, if anything. */
  caveat?: string;
  ports: AdapterPorts;
  capabilities: Capabilities;
  close(): Promise<void>;
}

const PRICED_AS: Readonly<Record<string, PricedAs>> = { 'dynamodb:': 'aws', 'datastore:': 'gcp', 'cosmos:': 'azure', 'postgres:': 'self-hosted', 'postgresql:': 'self-hosted', 'embedded:': 'self-hosted' };

/** Addresses of the embedded engine without a data folder: a bench on PGlite in memory, gone at the end. */
const EMBEDDED_IN_MEMORY = new Set(['embedded', 'embedded:']);

/**
 * The store of a bench address: as `kumo migrate` opens it, and `embedded` without a folder as
 * PGlite in memory (the engine and SQL of the server's default, without a folder to clean up).
 */
function openStore(address: string, meter: BenchMeter): Backend {
  if (!EMBEDDED_IN_MEMORY.has(address)) return openBackend(address, process.env, meter);
  const database = embeddedDatabase();
  return { store: new PostgresStore(database), label: 'embedded: (in memory)', close: () => database.close() };
}

/** Where figures measured on `address` come from, in words for every figure of the report. */
function measuredOn(address: string, pricedAs: PricedAs): string {
  if (pricedAs === 'memory') return 'in-process (memory) on this machine';
  if (EMBEDDED_IN_MEMORY.has(address)) return 'embedded PostgreSQL (PGlite, in memory) in-process on this machine';
  if (address.startsWith('embedded:')) return 'embedded PostgreSQL (PGlite) in-process on this machine';
  if (pricedAs === 'self-hosted') return isLocal(address) ? 'PostgreSQL server on this machine' : 'PostgreSQL server (remote)';
  // Without an endpoint in the address, the Datastore client goes where DATASTORE_EMULATOR_HOST says.
  if (pricedAs === 'gcp' && !address.includes('endpoint=') && process.env.DATASTORE_EMULATOR_HOST) return 'emulator on this machine';
  return isLocal(address) ? 'emulator on this machine' : 'cloud';
}

/**
 * Opens a backend address (as `kumo migrate` takes them, and `embedded` alone for PGlite in memory) for a bench: the store
 * of the address, metered in its cloud's units (DynamoDB capacity units, Cosmos RU, Datastore entity
 * operations; rows for PostgreSQL and memory), with conflicts and throttles counted; the cloud's
 * queue if the address names one (`queue=sqs|pubsub|storage`, see `openBenchQueue`), else an
 * in-process queue; and an in-process push. Queue requests (per 64 KB) and push messages are
 * counted at the port as the cloud would bill them; an in-process queue's and push's figures are
 * counts, not timings.
 */
export function openBenchBackend(address: string, meter: BenchMeter): BenchBackend {
  const local = createMemoryPorts();
  const push = meteredPush(local.push, meter);
  if (address === 'memory' || address === 'memory:') {
    return {
      label: 'memory:',
      pricedAs: 'memory',
      measuredOn: measuredOn(address, 'memory'),
      queueOn: IN_PROCESS_QUEUE,
      remoteQueue: false,
      ports: { store: meteredStore(local.store, meter, true), queue: meteredQueue(local.queue, meter), push, mobilePush: local.mobilePush },
      capabilities: memoryCapabilities,
      close: async () => {},
    };
  }
  const storeAt = storeAddress(address);
  const backend = openStore(storeAt, meter);
  let queue: ReturnType<typeof openBenchQueue>;
  try {
    queue = openBenchQueue(address, process.env, local.queue);
  } catch (error) {
    void backend.close();
    throw error;
  }
  const pricedAs = EMBEDDED_IN_MEMORY.has(storeAt) ? 'self-hosted' : (PRICED_AS[new URL(storeAt).protocol] ?? 'self-hosted');
  const where = measuredOn(storeAt, pricedAs);
  return {
    label: backend.label,
    pricedAs,
    measuredOn: where,
    queueOn: queue.on,
    remoteQueue: queue.remote,
    ...(pricedAs === 'azure' && where !== 'cloud' ? { caveat: 'a local Cosmos DB emulator: cosmosdb-server answers 1 RU for every request, so its RU (and cost) count requests, not the RU the cloud would charge' } : {}),
    ports: { store: meteredStore(backend.store, meter, pricedAs === 'self-hosted'), queue: meteredQueue(queue.queue, meter), push, mobilePush: local.mobilePush },
    capabilities: { ...memoryCapabilities, store: backend.store.capabilities, queue: queue.queue.capabilities },
    close: async () => void (await Promise.all([backend.close(), queue.close()])),
  };
}
