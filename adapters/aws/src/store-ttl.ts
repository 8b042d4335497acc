import { UpdateTimeToLiveCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { expiryField, isExpired, type Operation } from '@kumo/core';

/**
 * How the DynamoDB store maps the Store port's expiry (TTL):
 * - an expiring document's item carries `exp` (epoch ms of the store's Clock: what reads and
 *   conditions compare) and `ttl` (the same instant in epoch seconds, rounded up: the table's
 *   TTL attribute, so DynamoDB deletes the item within about two days after it expires);
 * - reads drop expired items, queries filter them out (`LIVE_FILTER`);
 * - a condition on an expired item sees it as absent: `version: null` holds over it, a version
 *   does not (`conditionOf`);
 * - the commit trail `c` sits beside `exp` and `ttl`: a put writes all three from the operation,
 *   and a put over an expired item replaces its trail with the new one.
 */
export const TTL_ATTRIBUTE = 'ttl';

/** Query filter keeping items that have no expiry or have not expired at `:now`. */
export const LIVE_FILTER = 'attribute_not_exists(exp) OR exp > :now';

/** The attributes an item gets for the put's expiry, if it has one. */
export function expiryAttributes(op: Extract<Operation, { type: 'put' }>): Record<string, AttributeValue> {
  return op.expiresAt === undefined ? {} : { exp: { N: String(op.expiresAt) }, [TTL_ATTRIBUTE]: { N: String(Math.ceil(op.expiresAt / 1000)) } };
}

/** A write's condition, with what a failure returns. */
interface Condition {
  ConditionExpression: string;
  ExpressionAttributeValues: Record<string, AttributeValue>;
  ReturnValuesOnConditionCheckFailure: 'ALL_OLD';
}

const ABSENT_CONDITION = 'attribute_not_exists(pk) OR exp <= :now';
const AT_VERSION_CONDITION = `v = :v AND (${LIVE_FILTER})`;

/**
 * The condition that a document is at `version` (`null`: absent or expired) at `now`. A failure
 * returns the item as it was (`ALL_OLD`), expired or not, so store-outcome.ts can settle a retried
 * write from its commit trail.
 */
export function conditionOf(version: number | null, now: number): Condition {
  const settle = { ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const };
  const at = { N: String(now) };
  return version === null
    ? { ConditionExpression: ABSENT_CONDITION, ExpressionAttributeValues: { ':now': at }, ...settle }
    : { ConditionExpression: AT_VERSION_CONDITION, ExpressionAttributeValues: { ':v': { N: String(version) }, ':now': at }, ...settle };
}

/** Whether an item read back is live at `now`, and its expiry for the document. */
export function liveExpiry(item: { exp?: AttributeValue }, now: number): { live: boolean; expiry: { expiresAt?: number } } {
  const expiresAt = item.exp?.N === undefined ? undefined : Number(item.exp.N);
  return { live: !isExpired(expiresAt, now), expiry: expiryField(expiresAt) };
}

/** Turns on the table's TTL on `ttl` (idempotent: an already enabled table is left as it is). */
export async function enableTimeToLive(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    await client.send(new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true } }));
  } catch (error) {
    if (!/already enabled/i.test(String((error as Error).message))) throw error;
  }
}
