import type { Grant, ReadResult } from '@kumo/core';
import type { SentGift } from '../ledger';
import type { SoakAction, SoakContext } from '../types';
import { settle } from './record';

/**
 * An operator sends a gift (free currency and an item) with a request id; then two devices of the
 * player open it at once: one reads the message, the other reads it too or receives everything.
 */
export const gift: SoakAction = {
  name: 'gift',
  weight: 10,
  async run(context, userId) {
    const { services, world, ledger, client, random, nextId } = context;
    const grants: Grant[] = [
      { type: 'currency', slot: random.pick(world.slots), paid: 0, free: random.int(1, 20) },
      { type: 'item', itemId: random.pick(world.items).itemId, count: 1 },
    ];
    const input = { title: 'Soak gift', grants, requestId: nextId('gift') };
    const sent = await client.call(() => services.inbox.send(userId, input));
    if (sent.status !== 'ok') {
      ledger.refused(sent.status === 'refused' ? sent.error.code : 'unresolved');
      return true;
    }
    const record: SentGift = { userId, messageId: sent.value.id, grants, reads: [], refusals: [] };
    ledger.gifts.push(record);
    const second = random.chance(0.5) ? 'read' : 'receive-all';
    await Promise.all([readOnDevice(context, record, 'read'), readOnDevice(context, record, second)]);
    return true;
  },
};

/** One device opens the gift, by reading it or by receiving every unread message. */
async function readOnDevice({ services, ledger, client }: SoakContext, record: SentGift, device: 'read' | 'receive-all'): Promise<void> {
  const { userId, messageId } = record;
  const outcome =
    device === 'read'
      ? await client.call(() => services.inbox.read(userId, messageId))
      : await client.call(async (): Promise<ReadResult | undefined> => (await services.inbox.receiveAll(userId)).received.find((read) => read.message.id === messageId));
  if (outcome.status === 'refused') record.refusals.push(outcome.error.code);
  settle(ledger, outcome, (read) => {
    if (read) record.reads.push({ device, granted: read.granted });
  });
}
