import { describe, expect, it } from 'vitest';
import { compareRanked, interceptStore, randomIds, RankTree, type RankedScore, type RowChange, type TreeRoot } from '@kumo/core';
import { MemoryStore } from '../src/index';
import { seeded } from './seeded';

describe('RankTree: the incremental ranking tree (memory store)', () => {
  it('stays equal to a sorted list through 30 rounds of new players and improved bests, with deep trees of tiny nodes', async () => {
    const store = new MemoryStore();
    const tree = new RankTree(store, randomIds, { leafRows: 4, fanout: 3 });
    const random = seeded(7);
    const rows = new Map<string, { userId: string; score: number; achievedAt: number }>();
    let root: TreeRoot = { root: null, count: 0 };
    for (let round = 0; round < 30; round++) {
      const changes: RowChange[] = [];
      const touched = new Set<string>();
      for (let i = 0; i < 25; i++) {
        const userId = `u${Math.floor(random() * 200)}`;
        if (touched.has(userId)) continue;
        touched.add(userId);
        const before = rows.get(userId) ?? null;
        const next = { userId, score: (before?.score ?? 0) + 1 + Math.floor(random() * 50), achievedAt: round };
        changes.push({ remove: before, insert: next });
        rows.set(userId, next);
      }
      root = (await tree.apply('board', root, changes)).tree;
      const expected = [...rows.values()].sort(compareRanked);
      expect(root.count).toBe(expected.length);
      expect(await tree.rowsAt('board', root, 0, expected.length + 5)).toEqual(expected);
      for (const index of [0, Math.floor(expected.length / 2), expected.length - 1]) {
        expect(await tree.countBefore('board', root, expected[index]!)).toBe(index);
        expect(await tree.rowsAt('board', root, index, 3)).toEqual(expected.slice(index, index + 3));
      }
      // Every position, at leaf edges too (rows from the leaf beside, or a descent by position), for a ranked row and for a new one just below it.
      const window = (position: number) => ({ position, rows: expected.slice(Math.max(0, position - 2), position + 3) });
      for (const [index, row] of expected.entries()) {
        expect(await tree.around('board', root, row, 2, 3)).toEqual(window(index));
        expect(await tree.around('board', root, { ...row, userId: `${row.userId}\u0000` }, 2, 3)).toEqual(window(index + 1));
      }
      expect(await tree.around('board', root, { userId: 'last', score: 0, achievedAt: 0 }, 2, 3)).toEqual({ position: expected.length, rows: expected.slice(-2) });
    }
  });
});

describe('RankTree past the old ranking cliff (memory store)', () => {
  it('ranks 800,000 players (the old meta document failed at ~775,000) with every document small, and a later change rewrites a few nodes only', async () => {
    const store = new MemoryStore();
    const tree = new RankTree(store, randomIds);
    const players = 800_000;
    const score = (i: number) => (i * 7_919) % 1_000_003;
    const changes: RowChange[] = Array.from({ length: players }, (_, i) => ({ remove: null, insert: { userId: `p${i}`, score: score(i), achievedAt: i } }));
    const built = await tree.apply('board', { root: null, count: 0 }, changes);
    expect(built.tree.count).toBe(players);

    let largest = 0;
    let nodes = 0;
    let cursor: string | undefined;
    do {
      const page = await store.query('board', { prefix: 'node:', limit: 1000, cursor });
      for (const doc of page.items) largest = Math.max(largest, JSON.stringify(doc.value).length);
      nodes += page.items.length;
      cursor = page.cursor;
    } while (cursor);
    expect(largest).toBeLessThan(64 * 1024);
    expect(nodes).toBe(built.written.length);

    const best = { userId: 'p5', score: 2_000_000, achievedAt: players };
    const moved = await tree.apply('board', built.tree, [{ remove: { userId: 'p5', score: score(5), achievedAt: 5 }, insert: best }]);
    expect(moved.written.length).toBeLessThanOrEqual(2 * 3);
    expect(moved.tree.count).toBe(players);
    expect(await tree.rowsAt('board', moved.tree, 0, 1)).toEqual([best]);
    const last = (await tree.rowsAt('board', moved.tree, players - 1, 1))[0]!;
    expect(await tree.countBefore('board', moved.tree, last)).toBe(players - 1);
  }, 300_000);
});

describe('RankTree reading leaves stored before the column layout (memory store)', () => {
  it('reads leaves stored as lists of row objects as they were, and a change rewrites the leaf it touches', async () => {
    const store = new MemoryStore();
    const rows = Array.from({ length: 40 }, (_, i) => ({ userId: `u${i}`, score: 1000 - i, achievedAt: i }));
    const built = await new RankTree(store, randomIds, { leafRows: 8, fanout: 3 }).apply('board', { root: null, count: 0 }, rows.map((insert) => ({ remove: null, insert })));
    const leaves = (await store.query<{ leaf: boolean; users?: string[]; scores?: number[]; at?: number[] }>('board', { prefix: 'node:', limit: 100 })).items.filter((doc) => doc.value.leaf);
    expect(leaves.length).toBeGreaterThan(1);
    for (const doc of leaves) {
      const { users, scores, at } = doc.value;
      const old = { leaf: true, rows: users!.map((userId, i) => ({ userId, score: scores![i]!, achievedAt: at![i]! })) };
      await store.commit([{ type: 'put', partition: 'board', key: doc.key, version: doc.version, value: old }]);
    }

    const tree = new RankTree(store, randomIds, { leafRows: 8, fanout: 3 });
    expect(await tree.rowsAt('board', built.tree, 0, 50)).toEqual(rows);
    expect(await tree.countBefore('board', built.tree, rows[17]!)).toBe(17);
    expect(await tree.around('board', built.tree, rows[20]!, 1, 2)).toEqual({ position: 20, rows: rows.slice(19, 22) });
    const best = { userId: 'u39', score: 5000, achievedAt: 99 };
    const moved = await tree.apply('board', built.tree, [{ remove: rows[39]!, insert: best }]);
    expect(await tree.rowsAt('board', moved.tree, 0, 50)).toEqual([best, ...rows.slice(0, 39)]);
  });
});

describe('RankTree builds: store calls per build (memory store)', () => {
  it('reads the nodes a build touches a level at a time and writes them in one bulk write, however many leaves change, and deletes replaced nodes a transaction-full at a time', async () => {
    const memory = new MemoryStore();
    const calls: string[] = [];
    const store = interceptStore(memory, (call, proceed) => {
      calls.push(call.method);
      return proceed();
    });
    const rows = Array.from({ length: 4000 }, (_, i) => ({ userId: `u${i}`, score: 100_000 - i, achievedAt: 0 }));
    const loaded = await new RankTree(store, randomIds, { leafRows: 8, fanout: 4 }).apply('board', { root: null, count: 0 }, rows.map((insert) => ({ remove: null, insert })));
    // A fresh tree (an empty node cache): 4,000 rows in leaves of 8 under inner nodes of 4 is six levels.
    const tree = new RankTree(store, randomIds, { leafRows: 8, fanout: 4 }, 1);
    calls.length = 0;
    const changes = rows.filter((_, i) => i % 7 === 3).map((row, i) => ({ remove: row, insert: { ...row, score: 200_000 + i } }));
    const moved = await tree.apply('board', loaded.tree, changes);
    expect(moved.replaced.length).toBeGreaterThan(500);
    expect(calls.filter((method) => method === 'getMany')).toHaveLength(6);
    expect(calls.filter((method) => method === 'putMany')).toHaveLength(1);
    expect(calls.filter((method) => method === 'get').length).toBeLessThanOrEqual(6);
    const expected = rows.filter((_, i) => i % 7 !== 3);
    const ranked = await tree.rowsAt('board', moved.tree, 0, rows.length);
    expect(ranked.slice(changes.length)).toEqual(expected);

    calls.length = 0;
    await tree.delete('board', moved.replaced);
    expect(calls.filter((method) => method === 'commit')).toHaveLength(Math.ceil(moved.replaced.length / memory.capabilities.maxTransactionItems));
    for (const id of moved.replaced.slice(0, 20)) expect(await memory.get('board', `node:${id}`)).toBeUndefined();
  });

  it('reaches leaves from their parents while the store still holds them: past a small node cache, reads of a tree this process built, or read once, read nothing more', async () => {
    const memory = new MemoryStore();
    let gets = 0;
    const store = interceptStore(memory, (call, proceed) => {
      if (call.method === 'get' || call.method === 'getMany') gets++;
      return proceed();
    });
    const shape = { leafRows: 8, fanout: 4 };
    const rows = Array.from({ length: 400 }, (_, i) => ({ userId: `u${i}`, score: 10_000 - i, achievedAt: 0 }));
    const ranksRead = async (tree: RankTree, root: TreeRoot, expected: readonly RankedScore[]) => {
      for (const [i, row] of expected.entries()) expect(await tree.around('board', root, row, 1, 2)).toEqual({ position: i, rows: expected.slice(Math.max(0, i - 1), i + 2) });
      expect(await tree.rowsAt('board', root, 100, 50)).toEqual(expected.slice(100, 150));
    };
    // 50 leaves under 17 inner nodes; each tree's cache holds 20 nodes.
    const builder = new RankTree(store, randomIds, shape, 20);
    const built = await builder.apply('board', { root: null, count: 0 }, rows.map((insert) => ({ remove: null, insert })));
    gets = 0;
    await ranksRead(builder, built.tree, rows);
    expect(gets).toBeLessThanOrEqual(1);
    const moved = rows.filter((_, i) => i % 50 === 7).map((row, i) => ({ remove: row, insert: { ...row, score: 20_000 + i } }));
    const next = await builder.apply('board', built.tree, moved);
    const expected = [...rows.filter((_, i) => i % 50 !== 7), ...moved.map((change) => change.insert)].sort(compareRanked);
    gets = 0;
    await ranksRead(builder, next.tree, expected);
    expect(gets).toBeLessThanOrEqual(1);

    const reader = new RankTree(store, randomIds, shape, 20);
    gets = 0;
    await ranksRead(reader, next.tree, expected);
    expect(gets).toBeGreaterThan(30);
    gets = 0;
    await ranksRead(reader, next.tree, expected);
    expect(gets).toBe(0);
  });

  it('hands out stored nodes without copying them: the embedded store keeps values marked immutable as they are', async () => {
    const store = new MemoryStore();
    const rows = Array.from({ length: 20 }, (_, i) => ({ userId: `u${i}`, score: 100 - i, achievedAt: 0 }));
    const built = await new RankTree(store, randomIds, { leafRows: 8, fanout: 4 }).apply('board', { root: null, count: 0 }, rows.map((insert) => ({ remove: null, insert })));
    const first = await store.get('board', `node:${built.tree.root}`);
    const again = await store.get('board', `node:${built.tree.root}`);
    expect(first!.value).toBe(again!.value);
    await store.commit([{ type: 'put', partition: 'board', key: 'plain', version: null, value: { n: 1 } }]);
    expect((await store.get('board', 'plain'))!.value).not.toBe((await store.get('board', 'plain'))!.value);
  });
});
