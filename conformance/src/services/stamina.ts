import { expect, it } from 'vitest';
import { resolve, SERVICES, type StaminaModel } from '@kumo/core';
import { unique } from '../unique';
import type { ServiceContext, ServiceScenarios } from './context';

const MINUTE = 60_000;

/** A fresh player and a fresh stamina model (ids unique to this run). */
async function setup({ container }: ServiceContext, model: Pick<StaminaModel, 'max' | 'recoverIntervalSeconds' | 'recoverAmount' | 'itemRecovery' | 'currencyRecovery'>) {
  const get = container();
  const { userId } = await resolve(get, SERVICES.Accounts).create();
  const stamina = resolve(get, SERVICES.Stamina);
  const staminaId = unique('quest');
  await stamina.defineModel({ staminaId, ...model });
  return { userId, staminaId, stamina, wallet: resolve(get, SERVICES.Wallet) };
}

const plain = { max: 10, recoverIntervalSeconds: 60, recoverAmount: 2, itemRecovery: null, currencyRecovery: null };

/** Regeneration computed from the clock, consumption floor, and recovery paid with items or currency in one transaction. */
export const staminaScenarios: ServiceScenarios = (context) => {
  it('starts full, regenerates by whole intervals as the clock moves, and caps at max', async () => {
    const { userId, staminaId, stamina } = await setup(context, plain);
    expect(await stamina.get(userId, staminaId)).toMatchObject({ value: 10, max: 10, nextRecoverAt: null, fullAt: null });
    const spent = await stamina.consume(userId, staminaId, { amount: 7 });
    expect(spent.value).toBe(3);
    expect(spent.fullAt! - spent.nextRecoverAt!).toBe(3 * MINUTE);
    await expect(stamina.consume(userId, staminaId, { amount: 4 })).rejects.toMatchObject({ code: 'insufficient_stamina', details: { value: 3 } });
    context.clock.advance(MINUTE);
    expect((await stamina.get(userId, staminaId)).value).toBe(5);
    context.clock.advance(MINUTE / 2);
    expect((await stamina.get(userId, staminaId)).value).toBe(5);
    context.clock.advance(MINUTE / 2);
    const later = await stamina.get(userId, staminaId);
    expect([later.value, later.nextRecoverAt]).toEqual([7, spent.nextRecoverAt! + 2 * MINUTE]);
    expect((await stamina.consume(userId, staminaId, { amount: 7, requestId: 'run-1' })).value).toBe(0);
    expect((await stamina.consume(userId, staminaId, { amount: 7, requestId: 'run-1' })).value).toBe(0);
    context.clock.advance(10 * MINUTE);
    expect(await stamina.get(userId, staminaId)).toMatchObject({ value: 10, nextRecoverAt: null, fullAt: null });
    await expect(stamina.get(userId, 'no-such-stamina')).rejects.toMatchObject({ code: 'stamina_not_found' });
  });

  it('recovers by consuming items or paying currency in one transaction, refusing when full and spending nothing on refusal', async () => {
    const inventory = resolve(context.container(), SERVICES.Inventory);
    const itemId = unique('elixir');
    await inventory.defineItem({ itemId, name: 'Elixir', capacity: 10, price: null });
    const { userId: user, staminaId, stamina, wallet } = await setup(context, { ...plain, itemRecovery: { itemId, amount: 4 }, currencyRecovery: { price: 25, amount: 10 } });
    await inventory.acquire(user, itemId, { count: 3 });
    await stamina.consume(user, staminaId, { amount: 9 });
    expect((await stamina.recover(user, staminaId, { by: 'item', count: 1 })).value).toBe(5);
    expect((await inventory.holding(user, itemId)).count).toBe(2);
    await expect(stamina.recover(user, staminaId, { by: 'item', count: 3 })).rejects.toMatchObject({ code: 'insufficient_items' });
    await expect(stamina.recover(user, staminaId, { by: 'currency', count: 1, slot: 'ios', order: 'free_first', requestId: 'r1' })).rejects.toMatchObject({ code: 'insufficient_funds' });
    expect((await stamina.get(user, staminaId)).value).toBe(5);
    await wallet.deposit(user, 'ios', { receiptId: 'seed', paid: 0, free: 40 });
    const paid = await stamina.recover(user, staminaId, { by: 'currency', count: 1, slot: 'ios', order: 'free_first', requestId: 'r2' });
    expect(paid).toMatchObject({ value: 10, nextRecoverAt: null });
    expect(await stamina.recover(user, staminaId, { by: 'currency', count: 1, slot: 'ios', order: 'free_first', requestId: 'r2' })).toEqual(paid);
    expect((await wallet.balance(user, 'ios')).free).toBe(15);
    await expect(stamina.recover(user, staminaId, { by: 'item', count: 1 })).rejects.toMatchObject({ code: 'stamina_full' });
    expect((await inventory.holding(user, itemId)).count).toBe(2);
    const other = await setup(context, plain);
    await other.stamina.consume(user, other.staminaId, { amount: 1 });
    await expect(other.stamina.recover(user, other.staminaId, { by: 'item', count: 1 })).rejects.toMatchObject({ code: 'recovery_not_offered' });
  });

  it('lets exactly 6 of 10 concurrent consumptions of 3 through a stamina of 20', async () => {
    const { userId, staminaId, stamina } = await setup(context, { ...plain, max: 20, recoverIntervalSeconds: 3600 });
    const outcomes = await Promise.allSettled(Array.from({ length: 10 }, () => stamina.consume(userId, staminaId, { amount: 3 })));
    for (const outcome of outcomes) if (outcome.status === 'rejected') expect(outcome.reason).toMatchObject({ code: 'insufficient_stamina' });
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(6);
    expect((await stamina.get(userId, staminaId)).value).toBe(2);
  }, 60_000);
};
