import type { JSONObject, OperationInput, PatchOperation } from '@azure/cosmos';
import { Conflict, TooLarge, type DocValue, type Operation } from '@kumo/core';
import { COSMOS_BATCH_OPERATIONS } from './capabilities';
import { cosmosId } from './cosmos-ids';
import { expiryProperties, isLive, type ExpiryProperties } from './cosmos-ttl';

/** One stored document as a Cosmos DB item (`_etag` and the other system properties added by Cosmos). */
export interface Item extends ExpiryProperties {
  id: string;
  pk: string;
  key: string;
  version: number;
  value: DocValue;
  /** The commit trail (see the Store port), absent if none. */
  commits?: string[];
  _etag?: string;
}

/** What the store keeps of an item it read or wrote: enough to condition a later write on it. */
export type ItemState = Pick<Item, 'key' | 'version' | 'exp' | '_etag'>;

/** The state the store keeps of an item (a new object: not the item, whose value a caller may hold). */
export function stateOf(item: ItemState): ItemState {
  return { key: item.key, version: item.version, exp: item.exp, _etag: item._etag };
}

/** One operation of a commit's transactional batch: the store key, the input, and the item once it applied (absent: deleted). */
export interface BatchEntry {
  key: string;
  input: OperationInput;
  after?: ItemState;
}

/**
 * The transactional batch of a commit in `partition`, from the state of each document the commit
 * names (`current`, by key: absent if it does not exist). Throws `Conflict` at once if a version
 * (or an absence) does not hold. Writes of existing items go under their ETag (`IfMatch`), new
 * items as creates (409 if taken). A check of an existing item is a patch of its `version` to
 * itself under its ETag (`ttl` too, so Cosmos DB still removes an expiring item after its `exp`;
 * Cosmos does not enforce conditions on reads inside a batch, azure-cosmos-dotnet-v3#1581),
 * except a check of presence only, a read (404, failing the batch, if the item is gone; an item
 * that expires is checked by version, a read not knowing the store's clock); a check that a
 * document is absent is a create of a placeholder that the same batch deletes. The
 * `IfMatch` operations come first, then absence checks, then creates, so that the batch fails on
 * its most contended condition first.
 */
export function commitBatch(partition: string, operations: readonly Operation[], current: ReadonlyMap<string, ItemState>, now: number): BatchEntry[] {
  const conditioned: BatchEntry[] = [];
  const absent: BatchEntry[] = [];
  const creates: BatchEntry[] = [];
  for (const op of operations) {
    const found = current.get(op.key);
    const version = found && isLive(found, now) ? found.version : null;
    if (version !== op.version) {
      throw new Conflict(`${op.partition}/${op.key} is at version ${version}, expected ${op.version}`);
    }
    const id = cosmosId(op.key);
    const key = op.key;
    if (op.type === 'delete') {
      // The service honours `ifMatch` on a batch delete; the SDK's DeleteOperationInput type omits it.
      conditioned.push({ key, input: { operationType: 'Delete', partitionKey: partition, id, ifMatch: found?._etag } as OperationInput });
    } else if (op.type === 'check' && op.presence && found && found.exp === undefined) {
      // A read of an absent item fails the batch (404): presence checked without a write.
      conditioned.push({ key, input: { operationType: 'Read', partitionKey: partition, id }, after: stateOf(found) });
    } else if (op.type === 'check' && found) {
      conditioned.push({ key, input: { operationType: 'Patch', partitionKey: partition, id, ifMatch: found._etag, resourceBody: { operations: checkPatch(found, now) } }, after: stateOf(found) });
    } else if (op.type === 'check') {
      absent.push(
        { key, input: { operationType: 'Create', partitionKey: partition, resourceBody: cosmosBody(item(partition, key, 0, {})) } },
        { key, input: { operationType: 'Delete', partitionKey: partition, id } },
      );
    } else if (found) {
      // A live document, or an expired one that still exists: replaced under its ETag either way.
      const body = { ...item(partition, key, (op.version ?? 0) + 1, op.value, op.commits), ...expiryProperties(op.expiresAt, now) };
      conditioned.push({ key, input: { operationType: 'Replace', partitionKey: partition, id, ifMatch: found._etag, resourceBody: cosmosBody(body) }, after: stateOf(body) });
    } else {
      const body = { ...item(partition, key, 1, op.value, op.commits), ...expiryProperties(op.expiresAt, now) };
      creates.push({ key, input: { operationType: 'Create', partitionKey: partition, resourceBody: cosmosBody(body) }, after: stateOf(body) });
    }
  }
  const batch = [...conditioned, ...absent, ...creates];
  if (batch.length > COSMOS_BATCH_OPERATIONS) {
    throw new TooLarge(`the batch needs ${batch.length} Cosmos DB operations (absence checks take two); the limit is ${COSMOS_BATCH_OPERATIONS}`);
  }
  return batch;
}

/** The patch that checks an item: its version set to itself, and its `ttl` counted again from now if it expires. */
function checkPatch(found: ItemState, now: number): PatchOperation[] {
  const { ttl } = expiryProperties(found.exp, now);
  return [{ op: 'set', path: '/version', value: found.version }, ...(ttl === undefined ? [] : [{ op: 'set' as const, path: '/ttl', value: ttl }])];
}

function item(partition: string, key: string, version: number, value: DocValue, commits?: readonly string[]): Item {
  return { id: cosmosId(key), pk: partition, key, version, value, ...(commits ? { commits: [...commits] } : {}) };
}

function cosmosBody(item: Item): JSONObject {
  return item as unknown as JSONObject;
}
