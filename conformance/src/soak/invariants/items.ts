import type { Invariant } from '../types';
import { openedGifts } from './gift-state';

/** For each player and item: held = purchased + granted by opened gifts − consumed. */
export const itemsInvariant: Invariant = {
  async check(context) {
    const expected = new Map<string, number>();
    const add = (userId: string, itemId: string, delta: number) => expected.set(`${userId}/${itemId}`, (expected.get(`${userId}/${itemId}`) ?? 0) + delta);
    for (const { userId, itemId, delta } of context.ledger.items) add(userId, itemId, delta);
    for (const gift of await openedGifts(context)) for (const grant of gift.grants) if (grant.type === 'item') add(gift.userId, grant.itemId, grant.count);
    const violations: string[] = [];
    let checked = 0;
    for (const userId of context.world.players) {
      const held = new Map((await context.services.inventory.holdings(userId)).map((holding) => [holding.itemId, holding.count]));
      for (const { itemId } of context.world.items) {
        checked++;
        const want = expected.get(`${userId}/${itemId}`) ?? 0;
        const have = held.get(itemId) ?? 0;
        if (have !== want) violations.push(`player ${userId} holds ${have} ${itemId}, but granted − consumed = ${want}`);
      }
    }
    return { name: 'items: held = granted − consumed', checked, violations };
  },
};
