import sortedBtree from 'sorted-btree';
import type { DocValue } from '@kumo/core';

/** sorted-btree is CommonJS: by Node's rules its default import is the module's exports, whose `default` is the class. */
const BTree = (sortedBtree as unknown as { default?: typeof sortedBtree }).default ?? sortedBtree;

/** A stored document: its version, value, expiry and commit trail. */
export interface Entry {
  version: number;
  value: DocValue;
  expiresAt?: number;
  commits?: string[];
}

const compareKeys = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The documents of one partition of the embedded store, twice indexed: a hash map answers a read
 * of one key in O(1) whatever the partition's size, and a B+ tree (keys in arrays of up to 64 per
 * node, a few bytes a key where a red-black tree spends a node object) serves key-order listings.
 */
export class PartitionDocs {
  private readonly ordered = new BTree<string, Entry>(undefined, compareKeys);
  private readonly byKey = new Map<string, Entry>();

  /** The document stored under `key`, expired or not. */
  get(key: string): Entry | undefined {
    return this.byKey.get(key);
  }

  /** Stores a document under `key`, replacing any. */
  set(key: string, entry: Entry): void {
    this.byKey.set(key, entry);
    this.ordered.set(key, entry);
  }

  /** Removes the document under `key`, if any. */
  delete(key: string): void {
    if (this.byKey.delete(key)) this.ordered.delete(key);
  }

  /** How many documents the partition holds, expired ones not yet removed included. */
  size(): number {
    return this.byKey.size;
  }

  /**
   * The documents in key order (or reverse), from just after `cursor`, else from the first key
   * that may start with `prefix`; the caller stops at the first key without the prefix. Expired
   * documents included. The partition must not change while the walk runs.
   */
  *walk(prefix: string, cursor: string | undefined, reverse: boolean): Generator<[string, Entry]> {
    const entries = reverse ? this.ordered.entriesReversed(cursor ?? `${prefix}\uffff`) : this.ordered.entries(cursor ?? prefix);
    for (const [key, entry] of entries) if (key !== cursor) yield [key, entry];
  }
}
