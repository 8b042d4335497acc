import { TooLarge } from '@kumo/core';

/** Kind of the ancestor entity that names a partition (the entity itself is never written). */
export const PARTITION_KIND = 'KumoPartition';
/** Kind of the document entities, children of their partition's key. */
export const DOC_KIND = 'KumoDoc';
/** Datastore's limit on a key name, in UTF-8 bytes. */
const MAX_NAME_BYTES = 1500;

/**
 * A partition or document key as a Datastore key name. Every name gets a one-character prefix
 * so that no caller string is refused by Datastore: the empty string and names of the form
 * `__x__` (reserved) become valid, and key order is unchanged.
 */
export function keyName(raw: string): string {
  const name = `.${raw}`;
  const bytes = Buffer.byteLength(name, 'utf8');
  if (bytes > MAX_NAME_BYTES) throw new TooLarge(`key "${raw.slice(0, 40)}…" is ${bytes - 1} bytes; Datastore allows ${MAX_NAME_BYTES - 1}`);
  return name;
}

/** The caller's key from a Datastore key name. */
export function rawKey(name: string): string {
  return name.slice(1);
}

/**
 * The smallest string greater than every string that starts with `prefix` (in code point order,
 * which is also UTF-8 byte order), or `undefined` if there is none: the exclusive upper bound
 * of a prefix key range.
 */
export function prefixSuccessor(prefix: string): string | undefined {
  const points = [...prefix];
  while (points.length > 0) {
    const last = points.pop()!.codePointAt(0)!;
    let next = last + 1;
    if (next >= 0xd800 && next <= 0xdfff) next = 0xe000;
    if (next <= 0x10ffff) return points.join('') + String.fromCodePoint(next);
  }
  return undefined;
}

