import { capabilities as memoryCapabilities, createMemoryPorts } from '@kumo/adapter-memory';
import { embeddedDatabase, PostgresStore } from '@kumo/adapter-postgres';
import type { AdapterPorts, Capabilities } from '@kumo/core';
import { openBackend, type Backend } from '../backends';
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

/** Whether an address points at this machine (an emulator or a local server). */
function isLocal(address: string): boolean {
  return /(localhost|127\.0\.0\.1|\[::1\]|0\.0\.0\.0)/.test(address);
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
 * Opens a backend address (as `kumo migrate` takes them, and `embedded` alone for PGlite in memory) for a bench: the store of the address,
 * metered in its cloud's units (DynamoDB capacity units, Cosmos RU, Datastore entity operations;
 * rows for PostgreSQL and memory), with conflicts and throttles counted; and an in-process queue
 * and push whose calls are counted as the cloud's queue and push would bill them (requests per 64 KB,
 * messages). The store is the only remote part: the queue and push figures are counts, not timings.
 */
export function openBenchBackend(address: string, meter: BenchMeter): BenchBackend {
  const local = createMemoryPorts();
  if (address === 'memory' || address === 'memory:') {
    return {
      label: 'memory:',
      pricedAs: 'memory',
      measuredOn: measuredOn(address, 'memory'),
      ports: { store: meteredStore(local.store, meter, true), queue: meteredQueue(local.queue, meter), push: meteredPush(local.push, meter), mobilePush: local.mobilePush },
      capabilities: memoryCapabilities,
      close: async () => {},
    };
  }
  const backend = openStore(address, meter);
  const pricedAs = EMBEDDED_IN_MEMORY.has(address) ? 'self-hosted' : (PRICED_AS[new URL(address).protocol] ?? 'self-hosted');
  const where = measuredOn(address, pricedAs);
  return {
    label: backend.label,
    pricedAs,
    measuredOn: where,
    ...(pricedAs === 'azure' && where !== 'cloud' ? { caveat: 'a local Cosmos DB emulator: cosmosdb-server answers 1 RU for every request, so its RU (and cost) count requests, not the RU the cloud would charge' } : {}),
    ports: { store: meteredStore(backend.store, meter, pricedAs === 'self-hosted'), queue: meteredQueue(local.queue, meter), push: meteredPush(local.push, meter), mobilePush: local.mobilePush },
    capabilities: { ...memoryCapabilities, store: backend.store.capabilities },
    close: () => backend.close(),
  };
}
