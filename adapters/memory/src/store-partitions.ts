import { decodeListingCursor, encodeListingCursor, listingRequest, stableShard, type ListPartitionsOptions, type PartitionPage, type StoreCapabilities } from '@kumo/core';

/** The embedded store splits a listing into as many segments as a caller likes, up to this. */
export const MEMORY_LISTING_SEGMENTS = 64;

/**
 * Lists the partition names of the embedded store (see the Store port's `listPartitions`): a
 * segment is the partitions whose name hashes to it (`stableShard`), in name order; the cursor is
 * the last name returned. `isLive` tells a partition with a live document from one whose documents
 * have all expired, so neither empty nor expired-only partitions are listed.
 */
export function listMemoryPartitions(
  names: Iterable<string>,
  isLive: (partition: string) => boolean,
  options: ListPartitionsOptions,
  capabilities: StoreCapabilities,
): PartitionPage {
  const { segment, segments, limit, cursor } = listingRequest(options, capabilities);
  const after = cursor === undefined ? undefined : decodeListingCursor(cursor, 1)[0];
  const sorted = [...names].filter((name) => stableShard(name, segments) === segment && (after === undefined || name > after)).sort();
  const partitions: string[] = [];
  for (const name of sorted) {
    if (partitions.length === limit) return { partitions, cursor: encodeListingCursor([partitions.at(-1)!]) };
    if (isLive(name)) partitions.push(name);
  }
  return { partitions };
}
