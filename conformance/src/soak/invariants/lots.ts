import { Ledger, lotValue, readLots, userPartition } from '@kumo/core';
import type { Invariant } from '../types';

/**
 * For each player and slot: Σ paid-currency lots remaining − debt = paid balance. Then, once every
 * player's ledger outbox is posted (as the queued job does), the paid-currency report of the soak's
 * store currency says what the lots hold: outstanding units = Σ remaining and outstanding value =
 * Σ lot values.
 */
export const lotsInvariant: Invariant = {
  async check({ services, world, partitions: store }) {
    const violations: string[] = [];
    const currency = world.storeProducts[0]!.currency;
    const held = { quantity: 0, value: 0 };
    let checked = 0;
    for (const userId of world.players) {
      for (const slot of world.slots) {
        checked++;
        const [{ lots, debt }, balance] = await Promise.all([readLots(store, userPartition(userId), slot), services.wallet.balance(userId, slot)]);
        const remaining = lots.reduce((sum, lot) => sum + lot.remaining, 0);
        if (remaining - debt !== balance.paid) violations.push(`player ${userId} slot ${slot}: Σ lots ${remaining} − debt ${debt} but paid balance ${balance.paid}`);
        for (const lot of lots.filter((each) => each.currency === currency)) {
          held.quantity += lot.remaining;
          held.value += lotValue(lot, lot.remaining);
        }
      }
    }
    const ledger = new Ledger(store);
    for (const userId of world.players) await ledger.post(userId);
    const line = (await ledger.report(new Date().toISOString().slice(0, 10))).currencies.find((each) => each.currency === currency);
    const outstanding = line?.outstanding ?? { quantity: 0, value: 0 };
    checked++;
    if (outstanding.quantity !== held.quantity || outstanding.value !== held.value) {
      violations.push(`report for ${currency}: outstanding ${outstanding.quantity} units worth ${outstanding.value}, but the lots hold ${held.quantity} worth ${held.value}`);
    }
    return { name: 'paid currency: Σ lots − debt = paid balance; the report = Σ lots', checked, violations };
  },
};
