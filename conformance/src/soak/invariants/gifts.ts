import type { Invariant } from '../types';
import { giftStates } from './gift-state';

/**
 * Each gift is stored and opened, and applied once: at most one of the two devices' reads says it
 * granted, no read of it answers `message_not_found` (it exists the whole time), and it ends read. (The
 * wallet and items invariants count what the grants added.)
 */
export const giftsInvariant: Invariant = {
  async check(context) {
    const states = await giftStates(context);
    const violations: string[] = [];
    for (const gift of context.ledger.gifts) {
      const where = `gift ${gift.messageId} to player ${gift.userId}`;
      const granted = gift.reads.filter((answer) => answer.granted).length;
      if (granted > 1) violations.push(`${where}: ${granted} reads say they applied its grants`);
      const notFound = gift.refusals.filter((code) => code === 'message_not_found').length;
      if (notFound > 0) violations.push(`${where}: ${notFound} read(s) answered message_not_found while it existed`);
      const state = states.get(gift.messageId);
      if (state === 'missing') violations.push(`${where}: accepted, but stored neither unread nor read`);
      else if (state === 'unread' && gift.refusals.length === 0) violations.push(`${where}: still unread after both devices opened it`);
    }
    return { name: 'gifts: each applied once, never "not found" while it exists', checked: context.ledger.gifts.length, violations };
  },
};
