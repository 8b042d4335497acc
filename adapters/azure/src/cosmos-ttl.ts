import { isExpired } from '@kumo/core';

/**
 * Seconds added to an item's Cosmos `ttl`, so that Cosmos DB never removes an item before the
 * store's Clock says it expired (clock skew between this instance and the service).
 */
export const TTL_MARGIN_SECONDS = 60;

/** The expiry properties of an item: `exp` (epoch ms, what reads compare) and `ttl` (Cosmos DB's removal). */
export interface ExpiryProperties {
  exp?: number;
  ttl?: number;
}

/**
 * How the Cosmos DB store maps the Store port's expiry (TTL): an expiring document's item
 * carries `exp` (epoch ms of the store's Clock; reads, queries and the commit's version check
 * compare it) and Cosmos DB's per-item `ttl` (seconds from this write, plus a margin), which the
 * container honours when its `defaultTtl` is -1: Cosmos DB then deletes the item in the background.
 * `ttl` counts from the item's last write, so every write of the item computes it again.
 */
export function expiryProperties(expiresAt: number | undefined, now: number): ExpiryProperties {
  if (expiresAt === undefined) return {};
  return { exp: expiresAt, ttl: Math.max(1, Math.ceil((expiresAt - now) / 1000)) + TTL_MARGIN_SECONDS };
}

/** Whether an item read back has not expired at `now`. */
export function isLive(item: { exp?: number }, now: number): boolean {
  return !isExpired(item.exp, now);
}
