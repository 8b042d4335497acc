import { describe, expect, inject, it } from 'vitest';
import { Conflict, transact, Unsupported, type Clock, type Store } from '@kumo/core';
import { describeStore, unique } from '@kumo/conformance';
import { DatastoreStore } from '../src/index';

const makeStore = (clock?: Clock, namespace?: string) => new DatastoreStore({ projectId: 'kumo-test', apiEndpoint: inject('datastoreHost'), clock, namespace });

/** Counts the store's conflicts by cause: Datastore's ABORTED (contention) or a stale version. */
const causes = { aborted: 0, staleVersion: 0 };
const countConflicts = async (commit: Promise<void>) => {
  try {
    await commit;
  } catch (error) {
    if (error instanceof Conflict) causes[error.details?.cause ? 'aborted' : 'staleVersion']++;
    throw error;
  }
};
const counting = (store: Store): Store => ({
  capabilities: store.capabilities,
  get: (partition, key) => store.get(partition, key),
  getMany: (addresses) => store.getMany!(addresses),
  query: (partition, options) => store.query(partition, options),
  sweepExpired: () => store.sweepExpired!(),
  listPartitions: (options) => store.listPartitions!(options),
  commit: (operations) => countConflicts(store.commit(operations)),
  session() {
    const session = store.session!();
    return { getMany: (addresses) => session.getMany(addresses), commit: (operations) => countConflicts(session.commit(operations)), release: () => session.release() };
  },
});

// Its own namespace: the suite's clock runs ahead, and its sweeper must not touch other suites' documents.
describeStore('gcp datastore', async (clock) => counting(makeStore(clock, unique('conformance'))), (report) => {
  console.log(
    `[datastore contention] writers=${report.writers} conflicts=${report.conflicts} final=${report.finalValue}` +
      ` (suite so far: aborted=${causes.aborted} staleVersion=${causes.staleVersion})`,
  );
});

describe('Datastore store specifics', () => {
  const store = makeStore();

  it('accepts names Datastore reserves or refuses: empty, __x__', async () => {
    const p = unique('names');
    await store.commit([
      { type: 'put', partition: p, key: '', version: null, value: { v: 1 } },
      { type: 'put', partition: p, key: '__key__', version: null, value: { v: 2 } },
    ]);
    expect((await store.get(p, ''))?.value).toEqual({ v: 1 });
    expect((await store.get(p, '__key__'))?.value).toEqual({ v: 2 });
    expect((await store.query(p)).items.map((doc) => doc.key)).toEqual(['', '__key__']);
  });

  it('stores a document of exactly maxItemBytes under the longest partition and key names', async () => {
    const p = unique('max').padEnd(1499, 'p');
    const key = 'k'.repeat(1499);
    const overhead = Buffer.byteLength(JSON.stringify({ blob: '' }));
    const value = { blob: 'x'.repeat(store.capabilities.maxItemBytes - overhead) };
    await store.commit([{ type: 'put', partition: p, key, version: null, value }]);
    expect((await store.get<{ blob: string }>(p, key))?.value.blob.length).toBe(value.blob.length);
  }, 30_000);

  it('gap: the Datastore emulator keeps legacy entity-group rules (at most 25 partitions per transaction), Firestore in Datastore mode does not', async () => {
    const batch = (n: number) => Array.from({ length: n }, (_, i) => ({ type: 'put' as const, partition: unique(`eg${i}`), key: 'k', version: null, value: { i } }));
    await store.commit(batch(25));
    await expect(store.commit(batch(26))).rejects.toBeInstanceOf(Unsupported);
  });

  it('gap: the Datastore emulator makes writes to different keys of one partition contend, as legacy entity groups did', async () => {
    const p = unique('group');
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => store.commit([{ type: 'put', partition: p, key: `k${i}`, version: null, value: { i } }])),
    );
    const conflicts = outcomes.filter((o) => o.status === 'rejected' && o.reason instanceof Conflict).length;
    expect(conflicts + outcomes.filter((o) => o.status === 'fulfilled').length).toBe(20);
    expect(conflicts).toBeGreaterThan(0);
  });

  it('answers every read of a partition that 20 writers commit to (the reads the emulator aborts are retried)', async () => {
    const p = unique('busy');
    const write = (w: number, i: number) => transact(store, async (tx) => tx.put(p, `k${w}-${i}`, { w, i }));
    const read = (w: number) => (w % 2 === 0 ? store.query(p) : store.get(p, `k${w}-0`));
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, async (_, w) => {
        for (let i = 0; i < 3; i++) await Promise.all([write(w, i), read(w), read(w + 1)]);
      }),
    );
    expect(outcomes.filter((o) => o.status === 'rejected').map((o) => String((o as PromiseRejectedResult).reason))).toEqual([]);
    expect((await store.query(p)).items).toHaveLength(60);
  }, 60_000);

  it('refuses a key name longer than Datastore allows with TooLarge', async () => {
    await expect(store.commit([{ type: 'put', partition: 'p', key: 'k'.repeat(1500), version: null, value: {} }])).rejects.toMatchObject({ code: 'too_large' });
  });
});
