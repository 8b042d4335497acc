import { expect, it } from 'vitest';
import { PORTS, resolve, SERVICES, userPartition, type Receipt } from '@kumo/core';
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
