import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { convertToNative } from '@aws-sdk/util-dynamodb';
import type { DocValue, Operation } from '@kumo/core';
import { expiryAttributes } from './store-ttl';

/** An item as DynamoDB sends and takes it (see table.ts for its attributes). */
export type Item = Record<string, AttributeValue>;

/** A number attribute. */
export const numberValue = (n: number): AttributeValue => ({ N: String(n) });

/** The key attributes of the document at `partition`/`key`. */
export function keyOf(partition: string, key: string): Item {
  return { pk: { S: partition }, sk: { S: key } };
}

/**
 * The item a put writes: the next version, the value as JSON text in `j` (one string: far cheaper
 * to send, parse and store than a nested map, on both sides of the wire), the expiry attributes and
 * the commit trail.
 */
export function putItemOf(op: Extract<Operation, { type: 'put' }>): Item {
  const item: Item = { ...keyOf(op.partition, op.key), v: numberValue((op.version ?? 0) + 1), j: { S: JSON.stringify(op.value) }, ...expiryAttributes(op) };
  if (op.commits) item.c = trailOf(op.commits);
  return item;
}

/**
 * The commit trail as an attribute: the ids joined by spaces in one string (commit ids are
 * base64url), or, for ids that cannot be joined so (empty, or holding a space), a list.
 */
function trailOf(commits: readonly string[]): AttributeValue {
  const joinable = commits.length > 0 && commits.every((id) => id !== '' && !id.includes(' '));
  return joinable ? { S: commits.join(' ') } : { L: commits.map((id) => ({ S: id })) };
}

/** The commit trail of an item, if it has one: a string of ids joined by spaces, or a list (see `trailOf`). */
export function commitsOf(item: Item): string[] | undefined {
  const trail = item.c;
  if (trail?.S !== undefined) return trail.S.split(' ');
  return trail?.L?.map((id) => id.S!);
}

/**
 * The document value of an item: the JSON text in `j`, or the map in `doc` (written by `increment`,
 * which adds inside it, and by versions of this adapter before `j`).
 */
export function valueOf(item: Item): DocValue {
  if (item.j?.S !== undefined) return JSON.parse(item.j.S) as DocValue;
  return convertToNative(item.doc ?? { M: {} }) as DocValue;
}
