import { expect, it } from 'vitest';
import { INBOX_PUSH_EVENT, InboxService, PORTS, resolve, SERVICES, transact, userPartition, type DocValue, type Store } from '@kumo/core';
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

  it('"receive all" does not starve behind 101 expired messages: it opens the fresh one, says more:false, and files the expired away', async () => {
    const { userId, inbox, wallet } = await setup(context);
    const store = resolve(context.container(), PORTS.Store);
    const gift = { title: 'Old gift', expiresInSeconds: 60, grants: [{ type: 'currency' as const, slot: 'ios', paid: 0, free: 1 }] };
    for (let batch = 0; batch < 101; batch += 25) {
      await transact(store, async (tx) => {
        for (let i = batch; i < Math.min(batch + 25, 101); i++) await inbox.sendIn(tx, userId, gift);
      });
    }
    context.clock.advance(61_000);
    const fresh = await inbox.send(userId, { title: 'Fresh', grants: [{ type: 'currency', slot: 'ios', paid: 0, free: 5 }] });
    const all = await inbox.receiveAll(userId);
    expect(all).toMatchObject({ failed: [], more: false });
    expect(all.received.map((r) => r.message.id)).toEqual([fresh.id]);
    expect((await wallet.balance(userId, 'ios')).free).toBe(5);
    expect((await store.query(userPartition(userId), { prefix: 'inbox:unread:' })).items).toEqual([]);
    expect(await inbox.receiveAll(userId)).toEqual({ received: [], failed: [], more: false });
    const expired = (await inbox.list(userId, { status: 'read' })).messages;
    expect(expired.map((m) => m.id)).toEqual([fresh.id]);
  }, 120_000);

  it('never answers 404 to a read whose message another read or "receive all" moves to read meanwhile; each message grants once', async () => {
    const { userId, inbox, wallet } = await setup(context);
    const get = context.container();
    const store = resolve(get, PORTS.Store);
    const deps = [resolve(get, PORTS.Ids), resolve(get, PORTS.Clock), resolve(get, SERVICES.Accounts), resolve(get, SERVICES.Wallet), resolve(get, SERVICES.Inventory), resolve(get, SERVICES.Notifier)] as const;
    const rivals: Array<[string, (messageId: string) => Promise<unknown>]> = [
      ['read', (messageId) => inbox.read(userId, messageId)],
      ['receive all', () => inbox.receiveAll(userId)],
    ];
    for (const [name, rival] of rivals) {
      for (const mine of ['read', 'receive all'] as const) {
        const message = await inbox.send(userId, { title: `${mine} vs ${name}`, grants: [{ type: 'currency', slot: 'ios', paid: 0, free: 1 }] });
        // A store that lets the rival open the message between this reader's first and second read of it.
        let raced = false;
        const racing: Store = {
          capabilities: store.capabilities,
          query: (partition, options) => store.query(partition, options),
          commit: (operations) => store.commit(operations),
          async get<T extends DocValue>(partition: string, key: string) {
            const doc = await store.get<T>(partition, key);
            if (!raced && partition === userPartition(userId) && key.endsWith(`:${message.id}`)) {
              raced = true;
              await rival(message.id);
            }
            return doc;
          },
        };
        const reader = new InboxService(racing, ...deps);
        const outcome = mine === 'read' ? await reader.read(userId, message.id) : await reader.receiveAll(userId);
        expect([mine, name, raced]).toEqual([mine, name, true]);
        expect(outcome).toMatchObject(mine === 'read' ? { granted: false, message: { id: message.id } } : { failed: [] });
      }
    }
    expect((await wallet.balance(userId, 'ios')).free).toBe(4);
    expect((await wallet.receipts(userId, 'ios')).receipts).toHaveLength(4);
  }, 120_000);
};
