import { MAINTENANCE_PARTITION, Unsupported, type Store } from '@kumo/core';
import type { PacedCalls } from './paced-store';

/** Throws `Unsupported` (exit 2) if the store cannot list its partitions. */
export function assertListable(store: Store, label: string): void {
  if (!store.capabilities.partitionListing || !store.listPartitions) throw new Unsupported(`${label} cannot list its partitions, so it cannot be copied from or verified`);
}

/** How many listing segments to use: what was asked, within what the store offers. */
export function segmentsFor(store: Store, asked: number): number {
  return Math.max(1, Math.min(asked, store.capabilities.partitionListing?.maxSegments ?? 1));
}

/** The partitions that move with the game: all but the deployment's own maintenance switch. */
export const movable = (partitions: Iterable<string>) => [...partitions].filter((partition) => partition !== MAINTENANCE_PARTITION);

/** Every partition of a store that moves with the game (see `movable`), all segments listed in parallel. */
export async function listEveryPartition(calls: PacedCalls, store: Store, segments: number): Promise<Set<string>> {
  const names = new Set<string>();
  await Promise.all(
    Array.from({ length: segments }, async (_, segment) => {
      let cursor: string | undefined;
      do {
        const page = await calls.listPartitions(store, segment, segments, cursor);
        for (const name of movable(page.partitions)) names.add(name);
        cursor = page.cursor;
      } while (cursor);
    }),
  );
  return names;
}
