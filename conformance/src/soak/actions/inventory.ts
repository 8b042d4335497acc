import type { SoakAction } from '../types';
import { settle } from './record';

/** The player buys items with wallet currency: one transaction, one request id. */
export const purchase: SoakAction = {
  name: 'purchase',
  weight: 12,
  async run({ services, world, ledger, client, random, nextId }, userId) {
    const { itemId, price } = random.pick(world.items);
    const input = { count: random.int(1, 2), slot: random.pick(world.slots), order: random.pick(['free_first', 'paid_first'] as const), requestId: nextId('purchase') };
    const outcome = await client.call(() => services.inventory.purchase(userId, itemId, input));
    settle(ledger, outcome, () => {
      ledger.items.push({ userId, itemId, delta: input.count });
      ledger.wallet.push({ userId, slot: input.slot, kind: 'withdraw', reference: `purchase:${input.requestId}`, paid: 0, free: 0, amount: price * input.count });
    });
    return true;
  },
};

/** The player uses up one item, with a request id. */
export const consume: SoakAction = {
  name: 'consume',
  weight: 6,
  async run({ services, world, ledger, client, random, nextId }, userId) {
    const { itemId } = random.pick(world.items);
    const input = { count: 1, requestId: nextId('consume') };
    const outcome = await client.call(() => services.inventory.consume(userId, itemId, input));
    settle(ledger, outcome, () => ledger.items.push({ userId, itemId, delta: -input.count }));
    return true;
  },
};
