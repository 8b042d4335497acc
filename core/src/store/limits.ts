import { TooLarge, Unsupported } from '../ports/errors';
import type { NewDoc, Operation, StoreCapabilities } from '../ports/store';
import { assertExpiry } from './expiry';

/** UTF-8 size of a value serialized as JSON. */
export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}

/**
 * Rejects a batch the backend could not commit whole: too many operations, a document or the
 * batch too large, documents of several partitions where the backend cannot span them, or an
 * expiry the backend does not declare.
 * Every adapter calls this first in `commit`, so the limits are enforced before any backend call.
 */
export function assertBatchFits(operations: readonly Operation[], capabilities: StoreCapabilities): void {
  if (operations.length === 0) return;
  if (operations.length > capabilities.maxTransactionItems) {
    throw new TooLarge(`a transaction may touch at most ${capabilities.maxTransactionItems} documents`, {
      operations: operations.length,
      limit: capabilities.maxTransactionItems,
    });
  }
  let total = 0;
  const seen = new Set<string>();
  for (const op of operations) {
    const address = `${op.partition}\u0000${op.key}`;
    if (seen.has(address)) throw new Unsupported('a transaction may touch a document only once', { partition: op.partition, key: op.key });
    seen.add(address);
    assertExpiry(op, capabilities);
    if (op.type === 'put') total += documentBytes(op, capabilities);
  }
  if (capabilities.maxTransactionBytes !== undefined && total > capabilities.maxTransactionBytes) {
    throw new TooLarge(`transaction is ${total} bytes; the limit is ${capabilities.maxTransactionBytes}`, {
      bytes: total,
      limit: capabilities.maxTransactionBytes,
    });
  }
  const first = operations[0]!.partition;
  if (!capabilities.crossPartitionTransactions && operations.some((op) => op.partition !== first)) {
    throw new Unsupported('this store cannot commit a transaction that spans partitions', {
      partitions: [...new Set(operations.map((op) => op.partition))],
    });
  }
}

/** Rejects a `putMany` whose documents do not all fit `maxItemBytes`; adapters call it before any backend call. */
export function assertDocumentsFit(documents: readonly NewDoc[], capabilities: StoreCapabilities): void {
  for (const doc of documents) documentBytes(doc, capabilities);
}

/** A document's JSON size; throws `TooLarge` past `maxItemBytes`. */
function documentBytes(doc: NewDoc, capabilities: StoreCapabilities): number {
  const bytes = jsonBytes(doc.value);
  if (bytes > capabilities.maxItemBytes) {
    throw new TooLarge(`document ${doc.partition}/${doc.key} is ${bytes} bytes; the limit is ${capabilities.maxItemBytes}`, {
      bytes,
      limit: capabilities.maxItemBytes,
    });
  }
  return bytes;
}
