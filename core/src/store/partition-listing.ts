import { InvalidCursor, KumoError, Unsupported } from '../ports/errors';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type ListPartitionsOptions, type StoreCapabilities } from '../ports/store';

/** `listPartitions` options with their defaults applied and checked. */
export interface ListingRequest {
  segment: number;
  segments: number;
  limit: number;
  cursor?: string;
}

/**
 * Applies the defaults of `Store.listPartitions` and checks the segment against what the store
 * declares: `Unsupported` if it lists no partitions or more segments are asked than it offers,
 * `invalid_segment` for a segment outside `0..segments-1`. Adapters call it first.
 */
export function listingRequest(options: ListPartitionsOptions, capabilities: StoreCapabilities): ListingRequest {
  const maxSegments = capabilities.partitionListing?.maxSegments;
  if (maxSegments === undefined) throw new Unsupported('this store does not list partitions');
  const segments = options.segments ?? 1;
  const segment = options.segment ?? 0;
  if (!Number.isInteger(segments) || segments < 1 || segments > maxSegments) {
    throw new Unsupported(`this store lists partitions in 1 to ${maxSegments} segments`, { segments, maxSegments });
  }
  if (!Number.isInteger(segment) || segment < 0 || segment >= segments) {
    throw new KumoError('invalid', 'invalid_segment', `segment must be 0 to ${segments - 1}`, { segment, segments });
  }
  const limit = Math.max(1, Math.min(options.limit ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE));
  return { segment, segments, limit, ...(options.cursor === undefined ? {} : { cursor: options.cursor }) };
}

/** An adapter's listing position as an opaque cursor (JSON, base64url). */
export function encodeListingCursor(position: readonly string[]): string {
  return Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
}

/** The position `encodeListingCursor` made, of `length` strings; `InvalidCursor` for anything else. */
export function decodeListingCursor(cursor: string, length: number): string[] {
  try {
    const position = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(position) && position.length === length && position.every((part) => typeof part === 'string')) return position as string[];
  } catch {
    // not JSON: falls through to InvalidCursor
  }
  throw new InvalidCursor();
}
