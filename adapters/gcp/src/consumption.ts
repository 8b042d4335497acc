import type { Datastore } from '@google-cloud/datastore';
import type { ConsumptionMeter } from '@kumo/core';

type Callback = (error: unknown, response?: unknown, ...rest: unknown[]) => void;
type Rpc = (request: unknown, options: unknown, callback: Callback) => unknown;

/** The entity operations one RPC's answer shows, by the request it answered. */
const COUNTERS: Readonly<Record<string, (request: Record<string, unknown[] | undefined>, response: Record<string, unknown>, meter: ConsumptionMeter) => void>> = {
  // A lookup is billed per key asked: found and missing entities alike.
  lookup: (_request, response, meter) => meter.record('store', 'entityReads', lengthOf(response.found) + lengthOf(response.missing)),
  // A query is billed per entity returned, and one read when it returns none.
  runQuery: (_request, response, meter) => meter.record('store', 'entityReads', Math.max(1, lengthOf((response.batch as { entityResults?: unknown[] } | undefined)?.entityResults))),
  commit: (request, _response, meter) => {
    const mutations = (request.mutations ?? []) as Array<Record<string, unknown>>;
    const deletes = mutations.filter((mutation) => mutation.delete).length;
    meter.record('store', 'entityWrites', mutations.length - deletes);
    meter.record('store', 'entityDeletes', deletes);
  },
};

const lengthOf = (list: unknown) => (Array.isArray(list) ? list.length : 0);

/** Wraps one RPC method of a gapic client so that each answer is counted. */
function meterRpc(client: Record<string, unknown>, method: string, meter: ConsumptionMeter): void {
  const rpc = (client[method] as Rpc).bind(client);
  const count = COUNTERS[method]!;
  client[method] = (request: Record<string, unknown[] | undefined>, options: unknown, callback: Callback) =>
    rpc(request, options, (error, response, ...rest) => {
      if (!error && response) count(request, response as Record<string, unknown>, meter);
      callback(error, response, ...rest);
    });
}

/**
 * Records on `meter` the entity operations Firestore in Datastore mode bills for every call of
 * `datastore` (transactions included: they share its gapic client): `entityReads` (keys looked up,
 * found or missing; entities a query returned, at least 1 a query), `entityWrites` (upserts) and
 * `entityDeletes`, from each successful RPC. Begin, rollback and keys-only work are not billed as
 * entity operations and are not counted. Call once per client, before or after its first call.
 */
export function meterDatastore(datastore: Datastore, meter: ConsumptionMeter): void {
  const clients = datastore.clients_ as Map<string, unknown>;
  const wrap = (client: unknown) => {
    for (const method of Object.keys(COUNTERS)) meterRpc(client as Record<string, unknown>, method, meter);
    return client;
  };
  const existing = clients.get('DatastoreClient');
  if (existing) wrap(existing);
  const set = clients.set.bind(clients);
  clients.set = (name, client) => set(name, name === 'DatastoreClient' ? wrap(client) : client);
}
