import type { Container, JSONObject, PatchRequestBody } from '@azure/cosmos';
import { Conflict, notANumber } from '@kumo/core';
import { cosmosCall, unknownOutcome } from './cosmos-errors';
import { cosmosId } from './cosmos-ids';
import { isLive } from './cosmos-ttl';

/** What an increment needs of a stored item. */
export interface CountedItem {
  id: string;
  pk: string;
  key: string;
  version: number;
  value: Record<string, unknown>;
  exp?: number;
  _etag?: string;
}

/** Where an increment goes and what it adds. */
export interface IncrementRequest {
  partition: string;
  key: string;
  field: string;
  amount: number;
  now: number;
}

/** What the store is told after each call of an increment: the item as Cosmos DB now holds it, or `undefined` if unknown. */
export type ItemSeen = (item: CountedItem | undefined) => void;

/** Escapes a property name for a JSON Pointer path segment (RFC 6901). */
const pointer = (field: string) => field.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * The Store port's `increment` on Cosmos DB: one patch of the item with `incr` on `/value/<field>`
 * and on `/version`, conditioned on a live item whose field is absent or a number. Cosmos DB
 * applies concurrent patches of one item one after another, without conflicts; the SDK does not
 * resend a write whose answer is lost (single region), which becomes `CommitUnknown`, and retries
 * 429 (nothing applied). If the patch finds no item (404) it is created by a create (409 if
 * another writer was first: the patch runs again); if the condition fails (412) the item is read:
 * an expired item is replaced under its ETag by a new one, a field that holds no number is
 * refused (`invalid_increment`), anything else (the item changed in between) runs the patch again.
 */
export async function incrementItem(container: Container, request: IncrementRequest, seen: ItemSeen): Promise<number> {
  const { partition, key, field, amount, now } = request;
  const id = cosmosId(key);
  const path = `/value/${pointer(field)}`;
  const property = `c["value"][${JSON.stringify(field)}]`;
  const body: PatchRequestBody = {
    condition: `FROM c WHERE (NOT IS_DEFINED(c.exp) OR c.exp > ${now}) AND (NOT IS_DEFINED(${property}) OR IS_NUMBER(${property}))`,
    operations: [
      { op: 'incr', path, value: amount },
      { op: 'incr', path: '/version', value: 1 },
    ],
  };
  const fresh = { id, pk: partition, key, version: 1, value: { [field]: amount } };
  for (;;) {
    const patched = await written(seen, () => container.item(id, partition).patch<CountedItem>(body));
    if (patched) return Number(patched.value[field]);
    const current = await cosmosCall('increment', async () => (await container.item(id, partition).read<CountedItem>()).resource);
    seen(current);
    if (current && isLive(current, now)) {
      if (typeof current.value[field] !== 'number' && current.value[field] !== undefined) throw notANumber(partition, key, field);
      continue;
    }
    const replaced = current
      ? await written(seen, () => container.item(id, partition).replace<CountedItem>(fresh, { accessCondition: { type: 'IfMatch', condition: current._etag! } }))
      : await written(seen, () => container.items.create<CountedItem>(fresh as unknown as CountedItem & JSONObject));
    if (replaced) return amount;
  }
}

/**
 * Runs one write of an increment: the item written, or `undefined` when a condition failed (404,
 * 409, 412: nothing written, the caller looks again). A lost answer is `CommitUnknown`.
 */
async function written(seen: ItemSeen, write: () => Promise<{ resource?: CountedItem }>): Promise<CountedItem | undefined> {
  try {
    const { resource } = await cosmosCall('increment', write);
    seen(resource);
    return resource;
  } catch (error) {
    seen(undefined);
    if (error instanceof Conflict) return undefined;
    throw unknownOutcome(error) ?? error;
  }
}
