import type { Container, OperationInput } from '@azure/cosmos';
import { KumoError } from '@kumo/core';
import { cosmosCall, errorForStatus } from './cosmos-errors';
import { cosmosId } from './cosmos-ids';

/** Reads one item by point read (`undefined` if absent). */
export type PointRead<T> = (partition: string, key: string) => Promise<T | undefined>;

/**
 * Reads several items of ONE logical partition in one transactional batch of `Read` operations
 * (at most `limit` each), which Cosmos DB serves from the partition's primary replica, strongly
 * consistent as a point read. An absent item fails the whole batch (404 at its place, 424 for
 * every other operation): that item is absent and the others are read again without it (by a
 * point read if one is left). Answers in the order of `keys`.
 */
export async function readPartition<T>(container: Container, partition: string, keys: readonly string[], limit: number, pointRead: PointRead<T>): Promise<Array<T | undefined>> {
  const found = new Array<T | undefined>(keys.length);
  let pending = keys.map((_, index) => index);
  while (pending.length > 0) {
    const chunk = pending.slice(0, limit);
    if (chunk.length === 1) {
      found[chunk[0]!] = await pointRead(partition, keys[chunk[0]!]!);
      pending = pending.slice(1);
      continue;
    }
    const operations: OperationInput[] = chunk.map((index) => ({ operationType: 'Read', id: cosmosId(keys[index]!), partitionKey: partition }));
    const response = await cosmosCall('read', () => container.items.batch(operations, partition));
    const results = response.result ?? [];
    const absent = results.findIndex((result) => result.statusCode === 404);
    if (absent >= 0) {
      pending = pending.filter((index) => index !== chunk[absent]);
      continue;
    }
    if (results.length !== chunk.length || results.some((result) => result.statusCode >= 400 || !result.resourceBody)) {
      const status = results.find((result) => result.statusCode >= 400 && result.statusCode !== 424)?.statusCode ?? response.code ?? 500;
      throw errorForStatus(status, 'read') ?? new KumoError('internal', 'backend_error', `Cosmos DB refused a read batch (HTTP ${status})`, { status });
    }
    chunk.forEach((index, position) => (found[index] = results[position]!.resourceBody as T));
    pending = pending.slice(chunk.length);
  }
  return found;
}
