import { expect, it } from 'vitest';
import { INBOX_PUSH_EVENT, resolve, SERVICES } from '@kumo/core';
import { unique } from '../unique';
import type { ServiceContext, ServiceScenarios } from './context';

/** A fresh player, a fresh item model, and the services a scenario needs. */
async function setup({ container }: ServiceContext, capacity = 10) {
  const get = container();
  const { userId } = await resolve(get, SERVICES.Accounts).create();
  const inventory = resolve(get, SERVICES.Inventory);
  const itemId = unique('ticket');
  await inventory.defineItem({ itemId, name: 'Ticket', capacity, price: null });
  return { userId, itemId, inventory, inbox: resolve(get, SERVICES.Inbox), wallet: resolve(get, SERVICES.Wallet) };
}

/** The push on arrival, grants applied once with the read, concurrent reads, expiry, idempotent sends and "receive all". */
export const inboxScenarios: ServiceScenarios = (context) => {
  it('tells the offline player by mobile push; reading applies grants and marks read together; a second read grants nothing', async () => {
    const { userId, itemId, inventory, inbox, wallet } = await setup(context);
    const sent = await inbox.send(userId, {
      title: 'Welcome',
      grants: [
        { type: 'currency', slot: 'ios', paid: 0, free: 100 },
        { type: 'item', itemId, count: 3 },
      ],
    });
    expect((await inbox.list(userId, { status: 'unread' })).messages.map((m) => m.id)).toEqual([sent.id]);
    const jobs = resolve(context.container(), SERVICES.Jobs);
    const pushed = () => context.mobile.sent.some((s) => s.userId === userId && s.event.type === INBOX_PUSH_EVENT);
    for (const deadline = Date.now() + 20_000; !pushed() && Date.now() < deadline; ) await jobs.poll(1);
    expect(context.mobile.sent.filter((s) => s.userId === userId)).toEqual([{ userId, event: { type: INBOX_PUSH_EVENT, data: { messageId: sent.id, title: 'Welcome' } } }]);
    const first = await inbox.read(userId, sent.id);
    expect(first).toMatchObject({ granted: true, message: { id: sent.id, readAt: expect.any(Number) }, receipts: [{ free: 100, reference: `inbox:${sent.id}:0` }], items: [{ count: 3 }] });
    const again = await inbox.read(userId, sent.id);
    expect(again).toMatchObject({ granted: false, message: first.message, receipts: [], items: [] });
    expect((await wallet.balance(userId, 'ios')).free).toBe(100);
    expect((await inventory.holding(userId, itemId)).count).toBe(3);
    expect((await inbox.list(userId, { status: 'unread' })).messages).toEqual([]);
    expect((await inbox.list(userId, { status: 'read' })).messages).toEqual([first.message]);
    expect(await inbox.get(userId, sent.id)).toEqual(first.message);
    await expect(inbox.read(userId, '0000000000aaaaaaaaaaaaaaaa')).rejects.toMatchObject({ code: 'message_not_found' });
  }, 90_000);

  it('grants once when 8 devices read the same message at the same time', async () => {
    const { userId, itemId, inventory, inbox, wallet } = await setup(context);
    const sent = await inbox.send(userId, { title: 'Gift', grants: [{ type: 'currency', slot: 'android', paid: 10, free: 5 }, { type: 'item', itemId, count: 2 }] });
    const reads = await Promise.all(Array.from({ length: 8 }, () => inbox.read(userId, sent.id)));
    expect(reads.filter((r) => r.granted)).toHaveLength(1);
    expect((await wallet.balance(userId, 'android')).total).toBe(15);
    expect((await wallet.receipts(userId, 'android')).receipts).toHaveLength(1);
    expect((await inventory.holding(userId, itemId)).count).toBe(2);
  }, 60_000);

  it('refuses to read an expired message and leaves it out of the unread list and "receive all"', async () => {
    const { userId, inbox, wallet } = await setup(context);
    const short = await inbox.send(userId, { title: 'Flash sale', expiresInSeconds: 60, grants: [{ type: 'currency', slot: 'ios', paid: 0, free: 1 }] });
    const long = await inbox.send(userId, { title: 'Later', expiresInSeconds: 3600 });
    context.clock.advance(61_000);
    await expect(inbox.read(userId, short.id)).rejects.toMatchObject({ code: 'message_expired', details: { messageId: short.id } });
    expect((await inbox.list(userId, { status: 'unread' })).messages.map((m) => m.id)).toEqual([long.id]);
    expect((await inbox.receiveAll(userId)).received.map((r) => r.message.id)).toEqual([long.id]);
    expect((await wallet.balance(userId, 'ios')).total).toBe(0);
  });

  it('receives all unread messages, reporting the one whose items do not fit and opening it once there is room', async () => {
    const { userId, itemId, inventory, inbox, wallet } = await setup(context, 5);
    const a = await inbox.send(userId, { title: 'A', grants: [{ type: 'item', itemId, count: 4 }] });
    const b = await inbox.send(userId, { title: 'B', grants: [{ type: 'item', itemId, count: 4 }] });
    const c = await inbox.send(userId, { title: 'C', grants: [{ type: 'currency', slot: 'ios', paid: 3, free: 0 }], requestId: 'c' });
    expect(await inbox.send(userId, { title: 'C', grants: [{ type: 'currency', slot: 'ios', paid: 3, free: 0 }], requestId: 'c' })).toEqual(c);
    const all = await inbox.receiveAll(userId);
    const [opened, full] = all.received.some((r) => r.message.id === a.id) ? [a, b] : [b, a];
    expect(all.received.map((r) => r.message.id).sort()).toEqual([opened.id, c.id].sort());
    expect(all.failed).toEqual([{ messageId: full.id, code: 'inventory_full', message: expect.any(String) }]);
    expect(all.more).toBe(false);
    expect((await wallet.balance(userId, 'ios')).paid).toBe(3);
    await inventory.consume(userId, itemId, { count: 4 });
    expect((await inbox.receiveAll(userId)).received.map((r) => r.message.id)).toEqual([full.id]);
    expect((await inbox.receiveAll(userId)).received).toEqual([]);
    const overflow = await inventory.acquire(userId, itemId, { count: 3, overflow: 'inbox' });
    await inventory.consume(userId, itemId, { count: 5 });
    expect((await inbox.read(userId, overflow.overflowMessageId!)).items).toEqual([expect.objectContaining({ itemId, count: 2, acquired: 2 })]);
    await expect(inbox.send(userId, { title: 'x', grants: [{ type: 'item', itemId: 'no-such-item', count: 1 }] })).rejects.toMatchObject({ code: 'item_not_found' });
  });
};
