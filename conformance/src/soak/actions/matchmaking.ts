import { AlreadyGathering } from '@kumo/core';
import type { SoakAction } from '../types';
import { settle } from './record';

/**
 * The player presses quick match in a mode they have not joined yet. Joins carry no idempotency
 * key: a client whose join failed retries it, and on `already_in_gathering` asks for its current
 * gathering, as a game does: the join landed if that gathering is of this mode; a player waiting in
 * another mode is refused.
 */
export const join: SoakAction = {
  name: 'matchmaking',
  weight: 6,
  async run({ services, world, ledger, client, random }, userId) {
    const joined = new Set(ledger.joins.filter((attempt) => attempt.userId === userId).map((attempt) => attempt.mode));
    const open = world.modes.filter(({ mode }) => !joined.has(mode));
    if (open.length === 0) return false;
    const { mode, capacity } = random.pick(open);
    const spec = { mode, capacity, attributes: { level: random.int(1, 50) }, ttlSeconds: 3600 };
    const attempt = { userId, mode, gatheringId: null as string | null };
    ledger.joins.push(attempt);
    const outcome = await client.call(async () => {
      try {
        return (await services.matchmaking.join(userId, spec)).gathering;
      } catch (error) {
        if (!(error instanceof AlreadyGathering)) throw error;
        const current = await services.matchmaking.current(userId);
        if (current.mode !== mode) throw error;
        return current;
      }
    });
    settle(ledger, outcome, (gathering) => (attempt.gatheringId = gathering.id));
    return true;
  },
};
