import { TooLarge } from '@kumo/core';

/** Longest Cosmos DB item id, in UTF-8 bytes. */
export const MAX_COSMOS_ID_BYTES = 1023;

/** Characters a Cosmos DB id may not hold (`/ \ ? #`), control characters, and the escape `~` itself. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what must be escaped
const ESCAPED = /[~/\\?#\u0000-\u001f\u007f]/g;

/**
 * Maps a store key to a Cosmos DB item id, reversibly: each character Cosmos forbids (and `~`)
 * becomes `~` plus two hex digits, so distinct keys never share an id. The key itself is also
 * kept as the item's `key` property, which queries order by. Throws `TooLarge` for a key whose
 * id would exceed Cosmos's limit.
 */
export function cosmosId(key: string): string {
  const id = key.replace(ESCAPED, (char) => `~${char.charCodeAt(0).toString(16).padStart(2, '0')}`);
  if (Buffer.byteLength(id, 'utf8') > MAX_COSMOS_ID_BYTES) {
    throw new TooLarge(`key is too long for a Cosmos DB id (${MAX_COSMOS_ID_BYTES} bytes once escaped)`, { key: key.slice(0, 64) });
  }
  return id;
}
