import { OrderedMap } from '@js-sdsl/ordered-map';
import type { DocValue } from '@kumo/core';

/** A stored document: its version, value, expiry and commit trail. */
export interface Entry {
  version: number;
  value: DocValue;
  expiresAt?: number;
  commits?: string[];
}

/**
 * The documents of one partition of the embedded store, twice indexed: a hash map answers a read
 * of one key in O(1) whatever the partition's size (a red-black tree walk of a million keys is
 * twenty scattered node visits), and an ordered map (a red-black tree) serves key-order listings.
 */
export class PartitionDocs {
  /** Every document in key order: what `query` walks. */
  readonly ordered = new OrderedMap<string, Entry>();
  private readonly byKey = new Map<string, Entry>();

  /** The document stored under `key`, expired or not. */
  get(key: string): Entry | undefined {
    return this.byKey.get(key);
  }

  /** Stores a document under `key`, replacing any. */
  set(key: string, entry: Entry): void {
    this.byKey.set(key, entry);
    this.ordered.setElement(key, entry);
  }

  /** Removes the document under `key`, if any. */
  delete(key: string): void {
    if (this.byKey.delete(key)) this.ordered.eraseElementByKey(key);
  }

  /** How many documents the partition holds, expired ones not yet removed included. */
  size(): number {
    return this.byKey.size;
  }
}
