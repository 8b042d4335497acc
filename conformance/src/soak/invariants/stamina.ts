import type { Invariant } from '../types';

/** For each player: stamina = max − accepted spends (no regeneration during a soak), never below zero. */
export const staminaInvariant: Invariant = {
  async check({ services, world, ledger }) {
    const violations: string[] = [];
    for (const userId of world.players) {
      const { value } = await services.stamina.get(userId, world.staminaId);
      const want = world.staminaMax - (ledger.stamina.get(userId) ?? 0);
      if (value !== want || value < 0) violations.push(`player ${userId} has stamina ${value}, but max − accepted spends = ${want}`);
    }
    return { name: 'stamina: value = max − accepted spends, never < 0', checked: world.players.length, violations };
  },
};
