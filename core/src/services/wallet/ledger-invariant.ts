import type { Store } from '../../ports/store';
import { userPartition } from '../user-partition';
import { readLots } from './lots';
import type { WalletService } from './wallet-service';

/** One broken wallet invariant of a player's slot. */
export interface WalletViolation {
  userId: string;
  slot: string;
  invariant: 'receipts_equal_balance' | 'lots_equal_paid_balance' | 'free_not_negative';
  expected: number;
  actual: number;
}

/**
 * Checks a player's wallet: for every slot, Σ receipts = balance (paid and free), Σ lots remaining
 * − debt = paid balance, and the free balance is not negative. Returns the violations (none: `[]`).
 * Reads every receipt of the player, so it is for tests and soak runs, not request paths.
 */
export async function checkWallet(store: Store, wallet: WalletService, userId: string): Promise<WalletViolation[]> {
  const violations: WalletViolation[] = [];
  const report = (slot: string, invariant: WalletViolation['invariant'], expected: number, actual: number) => {
    if (expected !== actual) violations.push({ userId, slot, invariant, expected, actual });
  };
  for (const balance of await wallet.balances(userId)) {
    const sums = { paid: 0, free: 0 };
    let cursor: string | undefined;
    do {
      const page = await wallet.receipts(userId, balance.slot, { limit: 100, cursor });
      for (const receipt of page.receipts) {
        sums.paid += receipt.paid;
        sums.free += receipt.free;
      }
      cursor = page.cursor;
    } while (cursor);
    report(balance.slot, 'receipts_equal_balance', balance.paid, sums.paid);
    report(balance.slot, 'receipts_equal_balance', balance.free, sums.free);
    const { lots, debt } = await readLots(store, userPartition(userId), balance.slot);
    report(balance.slot, 'lots_equal_paid_balance', balance.paid, lots.reduce((sum, lot) => sum + lot.remaining, 0) - debt);
    report(balance.slot, 'free_not_negative', Math.max(0, balance.free), balance.free);
  }
  return violations;
}
