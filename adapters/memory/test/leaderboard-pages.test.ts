import { describe, expect, it } from 'vitest';
import { coreModule, createContainer, PORTS, resolve, SERVICES, type RankEntry } from '@kumo/core';
import { memoryModule } from '../src/index';

const secrets = { get: (name: string) => `test-${name}-0123456789abcdef` };

describe('leaderboard rankings over several tree nodes (memory store)', () => {
  it('ranks 450 players across leaf boundaries, places an improved best among the last build, and deletes replaced nodes two builds later', async () => {
    const container = createContainer(memoryModule(), coreModule({ secrets }));
    const leaderboards = resolve(container, SERVICES.Leaderboard);
    const players = Array.from({ length: 450 }, (_, i) => `player-${String(i).padStart(3, '0')}`);
    for (const [i, userId] of players.entries()) await leaderboards.submit(userId, 'season', 10 * (450 - i));
    await leaderboards.aggregate('season');

    const top = await leaderboards.top('season', 100);
    expect(top.entries.at(-1)).toEqual({ rank: 100, userId: 'player-099', score: 3510 });
    for (const rank of [1, 199, 225, 226, 227, 400, 401, 450]) {
      const standing = await leaderboards.standing(players[rank - 1]!, 'season', 3);
      expect(standing.rank).toBe(rank);
      const expected: RankEntry[] = [];
      for (let r = Math.max(1, rank - 3); r <= Math.min(450, rank + 3); r++) expected.push({ rank: r, userId: players[r - 1]!, score: 10 * (451 - r) });
      expect(standing.around).toEqual(expected);
    }

    await leaderboards.submit('player-420', 'season', 2_005);
    const moved = await leaderboards.standing('player-420', 'season', 1);
    expect(moved).toMatchObject({ rank: 251, score: 2_005 });
    expect(moved.around.map((e) => [e.rank, e.userId])).toEqual([
      [250, 'player-249'],
      [251, 'player-420'],
      [252, 'player-250'],
    ]);
    expect((await leaderboards.top('season', 1)).entries[0]!.userId).toBe('player-000');

    const store = resolve(container, PORTS.Store);
    await leaderboards.aggregate('season');
    await leaderboards.aggregate('season');
    // Two leaves and a root now; the previous build's replaced nodes are gone after the build that followed it.
    const nodes = await store.query('leaderboard:season:ranking', { prefix: 'node:' });
    expect(nodes.items.length).toBeLessThanOrEqual(3 + 2);
    expect((await leaderboards.ranking('season', 250, 1)).entries).toEqual([{ rank: 251, userId: 'player-420', score: 2_005 }]);
    expect((await leaderboards.standing('player-420', 'season', 0)).around).toEqual([{ rank: 251, userId: 'player-420', score: 2_005 }]);
  });
});
