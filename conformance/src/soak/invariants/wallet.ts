import type { Receipt } from '@kumo/core';
import type { AcceptedWalletChange } from '../ledger';
import type { Invariant, SoakContext } from '../types';
import { openedGifts } from './gift-state';

/** Every receipt of one slot, newest first. */
async function allReceipts({ services }: SoakContext, userId: string, slot: string): Promise<Receipt[]> {
  const receipts: Receipt[] = [];
  let cursor: string | undefined;
  do {
    const page = await services.wallet.receipts(userId, slot, { limit: 100, cursor });
    receipts.push(...page.receipts);
    cursor = page.cursor;
  } while (cursor);
  return receipts;
}

/** The wallet changes the clients saw accepted, plus the currency grants of the gifts opened, by player and slot. */
async function acceptedChanges(context: SoakContext): Promise<Map<string, AcceptedWalletChange[]>> {
  const changes = [...context.ledger.wallet];
  for (const gift of await openedGifts(context)) {
    gift.grants.forEach((grant, index) => {
      if (grant.type === 'currency') changes.push({ userId: gift.userId, slot: grant.slot, kind: 'deposit', reference: `inbox:${gift.messageId}:${index}`, paid: grant.paid, free: grant.free, amount: 0 });
    });
  }
  const bySlot = new Map<string, AcceptedWalletChange[]>();
  for (const change of changes) {
    const key = `${change.userId}/${change.slot}`;
    bySlot.set(key, [...(bySlot.get(key) ?? []), change]);
  }
  return bySlot;
}

/**
 * For each player and slot: Σ receipts = balance (paid and free apart), no balance below zero
 * (paid only after a store refund), and exactly one receipt, of the right amount, per accepted
 * deposit, withdrawal, purchase, store purchase, store refund and opened gift grant — none for
 * anything else.
 */
export const walletInvariant: Invariant = {
  async check(context) {
    const violations: string[] = [];
    const expected = await acceptedChanges(context);
    let checked = 0;
    for (const userId of context.world.players) {
      for (const slot of context.world.slots) {
        checked++;
        const where = `player ${userId} slot ${slot}`;
        const [balance, receipts] = await Promise.all([context.services.wallet.balance(userId, slot), allReceipts(context, userId, slot)]);
        const paid = receipts.reduce((sum, receipt) => sum + receipt.paid, 0);
        const free = receipts.reduce((sum, receipt) => sum + receipt.free, 0);
        if (paid !== balance.paid || free !== balance.free) violations.push(`${where}: Σ receipts paid=${paid} free=${free} but balance paid=${balance.paid} free=${balance.free}`);
        const changes = expected.get(`${userId}/${slot}`) ?? [];
        // Only a refund that outran the paid balance leaves it negative.
        const mayOwe = changes.some((change) => change.kind === 'refund');
        if ((balance.paid < 0 && !mayOwe) || balance.free < 0) violations.push(`${where}: negative balance paid=${balance.paid} free=${balance.free}`);
        const found = new Map<string, Receipt[]>();
        for (const receipt of receipts) {
          const key = `${receipt.kind}:${receipt.reference ?? '(none)'}`;
          found.set(key, [...(found.get(key) ?? []), receipt]);
        }
        for (const change of changes) {
          const key = `${change.kind}:${change.reference}`;
          const matches = found.get(key) ?? [];
          found.delete(key);
          if (matches.length !== 1) violations.push(`${where}: accepted ${key} has ${matches.length} receipts`);
          else if (change.kind === 'withdraw' ? matches[0]!.paid + matches[0]!.free !== -change.amount : matches[0]!.paid !== change.paid || matches[0]!.free !== change.free) {
            violations.push(`${where}: receipt of ${key} is paid=${matches[0]!.paid} free=${matches[0]!.free}, not the accepted amount`);
          }
        }
        for (const [key, extra] of found) violations.push(`${where}: ${extra.length} receipt(s) ${key} for no accepted request`);
      }
    }
    return { name: 'wallet: Σ receipts = balance, no balance < 0, one receipt per accepted change', checked, violations };
  },
};
