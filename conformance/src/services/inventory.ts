import { expect, it } from 'vitest';
import { PORTS, resolve, SERVICES, userPartition } from '@kumo/core';
import { unique } from '../unique';
import type { ServiceContext, ServiceScenarios } from './context';

/** A fresh item model (id unique to this run) and a fresh player. */
async function setup({ container }: ServiceContext, model: { capacity: number; price: number | null }) {
  const inventory = resolve(container(), SERVICES.Inventory);
  const { userId } = await resolve(container(), SERVICES.Accounts).create();
  const itemId = unique('item').toLowerCase();
  await inventory.defineItem({ itemId, name: 'Potion', ...model });
  return { inventory, userId, itemId, wallet: resolve(container(), SERVICES.Wallet), store: resolve(container(), PORTS.Store) };
}

/** Item capacity, consumption floor, overflow to the inbox, and purchases paid from the wallet in one transaction. */
export const inventoryScenarios: ServiceScenarios = (context) => {
  it('acquires up to capacity, refuses past it, overflows to the inbox when asked, and refuses consuming below zero', async () => {
    const { inventory, userId, itemId, store } = await setup(context, { capacity: 10, price: null });
    expect(await inventory.acquire(userId, itemId, { count: 7 })).toMatchObject({ count: 7, acquired: 7, overflowed: 0, overflowMessageId: null });
    await expect(inventory.acquire(userId, itemId, { count: 4 })).rejects.toMatchObject({ code: 'inventory_full', details: { held: 7, capacity: 10 } });
    expect((await inventory.holding(userId, itemId)).count).toBe(7);
    const overflow = await inventory.acquire(userId, itemId, { count: 5, overflow: 'inbox' });
    expect(overflow).toMatchObject({ count: 10, acquired: 3, overflowed: 2 });
    const message = await store.get(userPartition(userId), `inbox:unread:${overflow.overflowMessageId}`);
    expect(message?.value).toMatchObject({ grants: [{ type: 'item', itemId, count: 2 }], readAt: null });
    await expect(inventory.consume(userId, itemId, { count: 11 })).rejects.toMatchObject({ code: 'insufficient_items', details: { held: 10 } });
    expect(await inventory.consume(userId, itemId, { count: 4, requestId: 'use-1' })).toEqual({ itemId, count: 6, consumed: 4 });
    expect(await inventory.consume(userId, itemId, { count: 4, requestId: 'use-1' })).toEqual({ itemId, count: 6, consumed: 4 });
    await expect(inventory.consume(userId, itemId, { count: 5, requestId: 'use-1' })).rejects.toMatchObject({ code: 'reference_reused' });
    expect(await inventory.holdings(userId)).toEqual([{ itemId, count: 6, capacity: 10 }]);
    await inventory.consume(userId, itemId, { count: 6 });
    expect(await inventory.holdings(userId)).toEqual([]);
    await expect(inventory.acquire(userId, 'no-such-item', { count: 1 })).rejects.toMatchObject({ code: 'item_not_found' });
  });

  it('buys items with currency in one transaction: idempotent, and nothing spent or given when either side refuses', async () => {
    const { inventory, userId, itemId, wallet } = await setup(context, { capacity: 5, price: 30 });
    await wallet.deposit(userId, 'ios', { receiptId: 'seed', paid: 50, free: 50 });
    const bought = await inventory.purchase(userId, itemId, { count: 2, slot: 'ios', order: 'free_first', requestId: 'buy-1' });
    expect(bought).toMatchObject({ itemId, count: 2, purchased: 2, receipt: { kind: 'withdraw', free: -50, paid: -10 } });
    expect(await inventory.purchase(userId, itemId, { count: 2, slot: 'ios', order: 'free_first', requestId: 'buy-1' })).toEqual(bought);
    await expect(inventory.purchase(userId, itemId, { count: 2, slot: 'ios', order: 'free_first', requestId: 'buy-2' })).rejects.toMatchObject({ code: 'insufficient_funds' });
    await wallet.deposit(userId, 'ios', { receiptId: 'more', paid: 500, free: 0 });
    await expect(inventory.purchase(userId, itemId, { count: 4, slot: 'ios', order: 'free_first', requestId: 'buy-3' })).rejects.toMatchObject({ code: 'inventory_full' });
    expect((await wallet.balance(userId, 'ios')).total).toBe(540);
    expect((await inventory.holding(userId, itemId)).count).toBe(2);
    const free = await setup(context, { capacity: 5, price: null });
    await expect(free.inventory.purchase(userId, free.itemId, { count: 1, slot: 'ios', order: 'free_first', requestId: 'buy-4' })).rejects.toMatchObject({ code: 'not_for_sale' });
  });

  it('keeps currency spent = price × items held under 12 concurrent purchases that run out of money', async () => {
    const { inventory, userId, itemId, wallet } = await setup(context, { capacity: 100, price: 7 });
    await wallet.deposit(userId, 'android', { receiptId: 'seed', paid: 0, free: 50 });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) => inventory.purchase(userId, itemId, { count: 1, slot: 'android', order: 'free_first', requestId: `p${i}` })),
    );
    for (const outcome of outcomes) if (outcome.status === 'rejected') expect(outcome.reason).toMatchObject({ code: 'insufficient_funds' });
    const bought = outcomes.filter((o) => o.status === 'fulfilled').length;
    expect(bought).toBe(7);
    expect((await inventory.holding(userId, itemId)).count).toBe(bought);
    expect((await wallet.balance(userId, 'android')).total).toBe(50 - 7 * bought);
  }, 120_000);

  it('charges the price an admin set on another instance: a purchase reads it inside its unit of work, reads see it within a second', async () => {
    const { inventory, userId, itemId, wallet } = await setup(context, { capacity: 10, price: 10 });
    const elsewhere = resolve(context.instance(), SERVICES.Inventory);
    expect(await elsewhere.item(itemId)).toMatchObject({ price: 10 });
    await wallet.deposit(userId, 'ios', { receiptId: 'seed', paid: 100, free: 0 });
    await inventory.defineItem({ itemId, name: 'Potion', capacity: 10, price: 25 });
    const bought = await elsewhere.purchase(userId, itemId, { count: 2, slot: 'ios', order: 'free_first', requestId: 'after-change' });
    expect(bought.receipt).toMatchObject({ paid: -50, balance: { paid: 50, free: 0 } });
    context.clock.advance(1_001);
    expect(await elsewhere.item(itemId)).toMatchObject({ price: 25 });
  });
};
