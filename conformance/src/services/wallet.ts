import { expect, it } from 'vitest';
import { checkWallet, lotValue, MAX_LOTS, PORTS, readLots, resolve, SERVICES, transact, userPartition, type Receipt } from '@kumo/core';
import type { ServiceScenarios } from './context';

/** The wallet invariant (Σ receipts = balance) under concurrency, idempotency and overdraft refusal. */
export const walletScenarios: ServiceScenarios = ({ container }) => {
  it('keeps Σ receipts = balance under 40 concurrent deposits and withdrawals, crediting a repeated receipt once', async () => {
    const accounts = resolve(container(), SERVICES.Accounts);
    const wallet = resolve(container(), SERVICES.Wallet);
    const { userId } = await accounts.create();
    await wallet.deposit(userId, 'ios', { receiptId: 'seed', paid: 100, free: 50 });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) =>
        i % 2 === 0
          ? wallet.deposit(userId, 'ios', { receiptId: `r${i % 10}`, paid: (i % 10) % 4 === 0 ? 7 : 0, free: 3 })
          : wallet.withdraw(userId, 'ios', { amount: 11, order: i % 3 === 0 ? 'paid_first' : 'free_first' }),
      ),
    );
    for (const outcome of outcomes) {
      if (outcome.status === 'rejected') expect((outcome.reason as { code?: string }).code).toBe('insufficient_funds');
    }
    const all: Receipt[] = [];
    let cursor: string | undefined;
    do {
      const page = await wallet.receipts(userId, 'ios', { limit: 20, cursor });
      all.push(...page.receipts);
      cursor = page.cursor;
    } while (cursor);
    const balance = await wallet.balance(userId, 'ios');
    expect(all.reduce((sum, r) => sum + r.paid, 0)).toBe(balance.paid);
    expect(all.reduce((sum, r) => sum + r.free, 0)).toBe(balance.free);
    expect(balance.paid).toBeGreaterThanOrEqual(0);
    expect(balance.free).toBeGreaterThanOrEqual(0);
    expect(all.filter((r) => r.kind === 'deposit')).toHaveLength(1 + 5);
    const withdrawals = outcomes.filter((o, i) => i % 2 === 1 && o.status === 'fulfilled').length;
    expect(all.filter((r) => r.kind === 'withdraw')).toHaveLength(withdrawals);
  }, 120_000);

  it(`keeps at most ${MAX_LOTS} paid-currency lots in the balance document, merging the oldest without losing value`, async () => {
    const accounts = resolve(container(), SERVICES.Accounts);
    const wallet = resolve(container(), SERVICES.Wallet);
    const store = resolve(container(), PORTS.Store);
    const { userId } = await accounts.create();
    const deposits = MAX_LOTS + 30;
    for (let i = 0; i < deposits; i++) await wallet.deposit(userId, 'ios', { receiptId: `lot-${i}`, paid: 3, free: 0, price: { amount: 100 + i, currency: 'JPY' } });
    await wallet.withdraw(userId, 'ios', { amount: 4, order: 'paid_first' });
    const { lots, debt } = await readLots(store, userPartition(userId), 'ios');
    expect(lots).toHaveLength(MAX_LOTS);
    expect([lots.reduce((sum, lot) => sum + lot.remaining, 0), debt]).toEqual([deposits * 3 - 4, 0]);
    const paidFor = Array.from({ length: deposits }, (_, i) => 100 + i).reduce((sum, price) => sum + price, 0);
    // The oldest lot took in the 30 merges: lots 0..30, whose 4 units were spent at its average price.
    const merged = { price: Array.from({ length: 31 }, (_, i) => 100 + i).reduce((sum, price) => sum + price, 0), quantity: 31 * 3 };
    expect(lots[0]).toMatchObject({ ...merged, remaining: merged.quantity - 4, source: null });
    const spent = merged.price - lotValue(merged, merged.quantity - 4);
    expect(lots.reduce((sum, lot) => sum + lotValue(lot, lot.remaining), 0)).toBe(paidFor - spent);
    expect(await checkWallet(store, wallet, userId)).toEqual([]);
  }, 120_000);

  it('moves lot documents of the previous layout into the balance on the next paid change', async () => {
    const accounts = resolve(container(), SERVICES.Accounts);
    const wallet = resolve(container(), SERVICES.Wallet);
    const store = resolve(container(), PORTS.Store);
    const { userId } = await accounts.create();
    const partition = userPartition(userId);
    const lot = (lotId: string, remaining: number) => ({ lotId, slot: 'ios', quantity: remaining, remaining, price: remaining * 10, currency: 'JPY', acquiredAt: 0, source: null });
    await transact(store, async (tx) => {
      tx.put(partition, 'wallet:balance:ios', { paid: 30, free: 0, lots: ['a', 'b'], debt: 0 });
      tx.put(partition, 'wallet:lot:ios:a', lot('a', 10));
      tx.put(partition, 'wallet:lot:ios:b', lot('b', 20));
    });
    expect((await readLots(store, partition, 'ios')).lots.map((each) => each.remaining)).toEqual([10, 20]);
    await wallet.withdraw(userId, 'ios', { amount: 15, order: 'paid_first' });
    expect((await readLots(store, partition, 'ios')).lots.map((each) => [each.lotId, each.remaining])).toEqual([['b', 15]]);
    expect((await store.query(partition, { prefix: 'wallet:lot:' })).items).toEqual([]);
  });

  it('refuses, without retrying, to change paid currency whose lots disagree with the balance', async () => {
    const accounts = resolve(container(), SERVICES.Accounts);
    const wallet = resolve(container(), SERVICES.Wallet);
    const store = resolve(container(), PORTS.Store);
    const { userId } = await accounts.create();
    await transact(store, async (tx) => tx.put(userPartition(userId), 'wallet:balance:ios', { paid: 10, free: 0, lots: [], debt: 0 }));
    await expect(wallet.withdraw(userId, 'ios', { amount: 5, order: 'paid_first' })).rejects.toMatchObject({ code: 'wallet_lots_inconsistent' });
    expect(await wallet.balance(userId, 'ios')).toMatchObject({ paid: 10 });
  });

  it('refuses a withdrawal past the balance and writes nothing', async () => {
    const accounts = resolve(container(), SERVICES.Accounts);
    const wallet = resolve(container(), SERVICES.Wallet);
    const store = resolve(container(), PORTS.Store);
    const { userId } = await accounts.create();
    await wallet.deposit(userId, 'android', { receiptId: 'p1', paid: 5, free: 5 });
    await expect(wallet.withdraw(userId, 'android', { amount: 11, order: 'free_first' })).rejects.toMatchObject({ code: 'insufficient_funds' });
    const spent = await wallet.withdraw(userId, 'android', { amount: 7, order: 'free_first', requestId: 'buy-1' });
    expect(spent).toMatchObject({ free: -5, paid: -2, balance: { paid: 3, free: 0 } });
    expect(await wallet.withdraw(userId, 'android', { amount: 7, order: 'free_first', requestId: 'buy-1' })).toEqual(spent);
    const docs = await store.query(userPartition(userId), { prefix: 'wallet:receipt:' });
    expect(docs.items).toHaveLength(2);
  });
};
