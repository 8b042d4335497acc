import type { SoakAction } from '../types';
import { settle } from './record';

/** The player submits a score to a board, with a request id. */
export const submitScore: SoakAction = {
  name: 'leaderboard',
  weight: 12,
  async run({ services, world, ledger, client, random, nextId }, userId) {
    const board = random.pick(world.boards);
    const score = random.int(0, 1_000_000);
    const requestId = nextId('score');
    const outcome = await client.call(() => services.leaderboard.submit(userId, board, score, requestId));
    settle(ledger, outcome, () => ledger.scores.push({ userId, board, score }));
    return true;
  },
};
