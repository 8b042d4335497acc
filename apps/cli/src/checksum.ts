import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { Doc } from '@kumo/core';

/** 2^128: checksums are sums of 128-bit document digests modulo this. */
const MODULUS = 1n << 128n;

/**
 * The digest of one document as every backend stores it: its key, its value in canonical JSON
 * (RFC 8785, so field order and number spelling do not matter) and its expiry. Versions and
 * commit trails are left out: they are each backend's own bookkeeping, not game state.
 */
export function documentDigest(doc: Pick<Doc, 'key' | 'value' | 'expiresAt'>): string {
  return createHash('sha256')
    .update(canonicalize([doc.key, doc.value, doc.expiresAt ?? null])!)
    .digest('hex')
    .slice(0, 32);
}

/** A partition's checksum: how many documents it holds and the sum of their digests, so order does not matter. */
export interface PartitionChecksum {
  documents: number;
  /** 32 hex digits. */
  sum: string;
}

/** Adds documents up into a `PartitionChecksum`, in any order. */
export class ChecksumAccumulator {
  private documents = 0;
  private sum = 0n;

  /** Counts one document by its digest (see `documentDigest`). */
  add(digest: string): void {
    this.documents++;
    this.sum = (this.sum + BigInt(`0x${digest}`)) % MODULUS;
  }

  /** The checksum of what was added. */
  result(): PartitionChecksum {
    return { documents: this.documents, sum: this.sum.toString(16).padStart(32, '0') };
  }
}

/** Whether two checksums are equal (both absent counts as equal: an empty partition). */
export function sameChecksum(a: PartitionChecksum | undefined, b: PartitionChecksum | undefined): boolean {
  return (a?.documents ?? 0) === (b?.documents ?? 0) && (a?.sum ?? EMPTY.sum) === (b?.sum ?? EMPTY.sum);
}

/** The checksum of an empty partition. */
export const EMPTY: PartitionChecksum = new ChecksumAccumulator().result();
