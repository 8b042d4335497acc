import type { Doc, DocAddress, DocValue, Store } from '../ports/store';

/**
 * Reads several documents in as few backend calls as `store` allows: its `getMany` when it has
 * one, else one `get` per document, all in parallel. Answers in the order asked.
 */
export function getMany<T extends DocValue = DocValue>(store: Store, addresses: readonly DocAddress[]): Promise<Array<Doc<T> | undefined>> {
  if (addresses.length === 0) return Promise.resolve([]);
  if (store.getMany) return store.getMany<T>(addresses);
  return Promise.all(addresses.map(({ partition, key }) => store.get<T>(partition, key)));
}
