import { MessageNotFound } from '@kumo/core';
import type { SentGift } from '../ledger';
import type { SoakContext } from '../types';

/** Where a sent gift is in the store: read, unread, or nowhere at all. */
export type GiftState = 'read' | 'unread' | 'missing';

const states = new WeakMap<SoakContext, Promise<Map<string, GiftState>>>();

/** The state of each sent gift in the store, by message id (looked up once per context). */
export function giftStates(context: SoakContext): Promise<Map<string, GiftState>> {
  let found = states.get(context);
  if (!found) {
    found = (async () => {
      const byId = new Map<string, GiftState>();
      for (const { userId, messageId } of context.ledger.gifts) {
        const message = await context.services.inbox.get(userId, messageId).catch((error: unknown) => {
          if (error instanceof MessageNotFound) return undefined;
          throw error;
        });
        byId.set(messageId, !message ? 'missing' : message.readAt !== null ? 'read' : 'unread');
      }
      return byId;
    })();
    states.set(context, found);
  }
  return found;
}

/** The gifts of the ledger that are read in the store. */
export async function openedGifts(context: SoakContext): Promise<SentGift[]> {
  const byId = await giftStates(context);
  return context.ledger.gifts.filter((gift) => byId.get(gift.messageId) === 'read');
}
