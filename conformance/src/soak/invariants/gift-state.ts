import type { SentGift } from '../ledger';
import type { SoakContext } from '../types';

const readGifts = new WeakMap<SoakContext, Promise<Set<string>>>();

/** The ids of the sent gifts that are read in the store (looked up once per context). */
export function giftsRead(context: SoakContext): Promise<Set<string>> {
  let read = readGifts.get(context);
  if (!read) {
    read = (async () => {
      const opened = new Set<string>();
      for (const { userId, messageId } of context.ledger.gifts) {
        if ((await context.services.inbox.get(userId, messageId)).readAt !== null) opened.add(messageId);
      }
      return opened;
    })();
    readGifts.set(context, read);
  }
  return read;
}

/** The gifts of the ledger that are read in the store. */
export async function openedGifts(context: SoakContext): Promise<SentGift[]> {
  const read = await giftsRead(context);
  return context.ledger.gifts.filter((gift) => read.has(gift.messageId));
}
