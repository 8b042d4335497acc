import { describe, expect, it } from 'vitest';
import { HotKeyTracker, ShardedCounter, stableShard, trackHotKeys } from '@kumo/core';
import { MemoryStore, memoryStoreCapabilities } from '../src/index';

describe('ShardedCounter on the memory store', () => {
  it('adds by atomic increment where the store declares it: 200 concurrent adds counted exactly, no conflict', async () => {
    const store = new MemoryStore();
    let conflicts = 0;
    const counter = new ShardedCounter(store, { name: 'likes', shards: 1, transact: { onConflict: () => conflicts++ } });
    await Promise.all(Array.from({ length: 200 }, () => counter.add()));
    expect(await counter.value()).toBe(200);
    expect(conflicts).toBe(0);
    expect(await store.get(counter.shardPartition(0), 'count')).toMatchObject({ version: 200, value: { count: 200 } });
  });

  it('without atomic increments, counts 200 concurrent transactions exactly, spread over every shard, with far fewer conflicts than one document', async () => {
    const store = new MemoryStore({ ...memoryStoreCapabilities, atomicIncrement: false });
    let conflicts = 0;
    const counter = new ShardedCounter(store, { name: 'likes', shards: 16, transact: { onConflict: () => conflicts++ } });
    await Promise.all(Array.from({ length: 200 }, () => counter.add()));
    expect(await counter.value()).toBe(200);
    const used = await Promise.all(Array.from({ length: 16 }, (_, i) => store.get(counter.shardPartition(i), 'count')));
    expect(used.filter(Boolean).length).toBeGreaterThan(10);

    let single = 0;
    const one = new ShardedCounter(store, { name: 'likes-one-doc', shards: 1, transact: { onConflict: () => single++, maxAttempts: 1000 } });
    await Promise.all(Array.from({ length: 200 }, () => one.add()));
    expect(await one.value()).toBe(200);
    expect(conflicts).toBeLessThan(single);
  }, 30_000);

  it('adds negative amounts, refuses fractions and bad shard counts', async () => {
    const counter = new ShardedCounter(new MemoryStore(), { name: 'stock', shards: 4, random: () => 0.99 });
    await counter.add(10);
    await counter.add(-3);
    expect(await counter.value()).toBe(7);
    expect(counter.shardPartition(3)).toBe('counter:stock:3');
    await expect(counter.add(1.5)).rejects.toMatchObject({ code: 'invalid_request' });
    expect(() => new ShardedCounter(new MemoryStore(), { name: 'x', shards: 0 })).toThrow(/shards/);
    expect(() => new ShardedCounter(new MemoryStore(), { name: 'x', shards: 1000 })).toThrow(/shards/);
  });
});

describe('HotKeyTracker', () => {
  it('reports the keys that take most of the traffic, busiest first', () => {
    const tracker = new HotKeyTracker(50);
    for (let i = 0; i < 10_000; i++) tracker.record(i % 10 < 9 ? `hot-${i % 2}` : `cold-${i}`);
    const [first, second, third] = tracker.top(3);
    expect([first!.key, second!.key].sort()).toEqual(['hot-0', 'hot-1']);
    expect(first!.share + second!.share).toBeGreaterThan(0.85);
    expect(third!.count).toBeLessThan(first!.count / 10);
    expect(tracker.total()).toBe(10_000);
  });

  it('keeps memory bounded: a new key evicts the least counted and inherits its count as error', () => {
    const tracker = new HotKeyTracker(2);
    tracker.record('a', 5);
    tracker.record('b', 1);
    tracker.record('c');
    expect(tracker.top()).toEqual([
      { key: 'a', count: 5, error: 0, share: 5 / 7 },
      { key: 'c', count: 2, error: 1, share: 2 / 7 },
    ]);
    tracker.reset();
    expect([tracker.top(), tracker.total()]).toEqual([[], 0]);
  });

  it('records every document a wrapped store reads, queries and writes', async () => {
    const tracker = new HotKeyTracker();
    const store = trackHotKeys(new MemoryStore(), tracker);
    await store.commit([{ type: 'put', partition: 'p', key: 'k', version: null, value: { n: 1 } }]);
    await store.get('p', 'k');
    await store.get('p', 'k');
    await store.query('p');
    expect(tracker.top()).toEqual([
      { key: 'p/k', count: 3, error: 0, share: 0.75 },
      { key: 'p/*', count: 1, error: 0, share: 0.25 },
    ]);
    expect(await store.get('p', 'k')).toMatchObject({ version: 1, value: { n: 1 } });
  });
});

describe('stableShard', () => {
  it('places a key on the same shard every time and spreads many keys evenly', () => {
    expect(stableShard('user-1', 16)).toBe(stableShard('user-1', 16));
    const counts = new Array(8).fill(0);
    for (let i = 0; i < 8000; i++) counts[stableShard(`user-${i}`, 8)]++;
    for (const count of counts) expect(count).toBeGreaterThan(800);
  });
});
