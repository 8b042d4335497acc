import type { SoakAction } from '../types';
import { settle } from './record';

/** The player spends stamina (which does not regenerate during a soak), with a request id. */
export const useStamina: SoakAction = {
  name: 'stamina',
  weight: 10,
  async run({ services, world, ledger, client, random, nextId }, userId) {
    const input = { amount: random.int(1, 5), requestId: nextId('stamina') };
    const outcome = await client.call(() => services.stamina.consume(userId, world.staminaId, input));
    settle(ledger, outcome, () => ledger.stamina.set(userId, (ledger.stamina.get(userId) ?? 0) + input.amount));
    return true;
  },
};
