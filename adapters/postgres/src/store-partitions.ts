import { decodeListingCursor, encodeListingCursor, listingRequest, type ListPartitionsOptions, type PartitionPage, type StoreCapabilities } from '@kumo/core';
import type { Sql } from './database';

/** Most segments one listing may be split into: each segment walks the same index and keeps the names that hash to it. */
export const POSTGRES_LISTING_SEGMENTS = 16;

/**
 * Lists the partitions holding a live document (see the Store port's `listPartitions`), keyset-paged
 * on the primary key: a recursive query skips from one partition name to the next (one index probe
 * per partition, however many documents each holds), keeps the names that hash to the segment
 * (`hashtextextended`, stable across servers) and holds a live document at `now`, and stops after
 * `limit` of them. The cursor is the last name returned; names sort in the "C" collation.
 */
export async function listPostgresPartitions(sql: Sql, now: number, options: ListPartitionsOptions, capabilities: StoreCapabilities): Promise<PartitionPage> {
  const { segment, segments, limit, cursor } = listingRequest(options, capabilities);
  const after = cursor === undefined ? undefined : decodeListingCursor(cursor, 1)[0]!;
  const params: unknown[] = [now, segments, segment, limit + 1];
  const first = after === undefined ? '' : `WHERE partition > $${params.push(after)}`;
  const { rows } = await sql.query<{ partition: string }>(
    `WITH RECURSIVE names(partition) AS (
       (SELECT partition FROM kumo_documents ${first} ORDER BY partition LIMIT 1)
       UNION ALL
       SELECT (SELECT d.partition FROM kumo_documents d WHERE d.partition > names.partition ORDER BY d.partition LIMIT 1)
       FROM names WHERE names.partition IS NOT NULL
     )
     SELECT partition FROM names
     WHERE partition IS NOT NULL
       AND abs(mod(hashtextextended(partition, 0), $2::bigint)) = $3
       AND EXISTS (SELECT 1 FROM kumo_documents d WHERE d.partition = names.partition AND (d.expires_at IS NULL OR d.expires_at > $1))
     LIMIT $4`,
    params,
  );
  const partitions = rows.slice(0, limit).map((row) => row.partition);
  return rows.length > limit ? { partitions, cursor: encodeListingCursor([partitions.at(-1)!]) } : { partitions };
}
