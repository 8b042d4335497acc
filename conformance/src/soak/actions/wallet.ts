import type { SoakAction } from '../types';
import { settle } from './record';

/** An operator credits a store purchase (paid and free currency) under a fresh receipt id. */
export const deposit: SoakAction = {
  name: 'deposit',
  weight: 18,
  async run({ services, world, ledger, client, random, nextId }, userId) {
    const slot = random.pick(world.slots);
    const input = { receiptId: nextId('receipt'), paid: random.int(0, 60), free: random.int(0, 40) };
    const outcome = await client.call(() => services.wallet.deposit(userId, slot, input));
    settle(ledger, outcome, () => ledger.wallet.push({ userId, slot, kind: 'deposit', reference: input.receiptId, paid: input.paid, free: input.free, amount: 0 }));
    return true;
  },
};

/** The player spends currency, free or paid first, with a request id. */
export const withdraw: SoakAction = {
  name: 'withdraw',
  weight: 12,
  async run({ services, world, ledger, client, random, nextId }, userId) {
    const slot = random.pick(world.slots);
    const input = { amount: random.int(1, 40), order: random.pick(['free_first', 'paid_first'] as const), requestId: nextId('withdraw') };
    const outcome = await client.call(() => services.wallet.withdraw(userId, slot, input));
    settle(ledger, outcome, () => ledger.wallet.push({ userId, slot, kind: 'withdraw', reference: input.requestId, paid: 0, free: 0, amount: input.amount }));
    return true;
  },
};
