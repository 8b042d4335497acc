import { describe, expect, it } from 'vitest';
import { compareRanked, randomIds, RankTree, type RowChange, type TreeRoot } from '@kumo/core';
import { MemoryStore } from '../src/index';

/** A seeded generator, so a failure repeats. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

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
    }
  });
});
