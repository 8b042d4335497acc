import type { ChatMessage } from '@kumo/core';
import type { Invariant, SoakContext } from '../types';

/** Every message of a room, newest first. */
async function allMessages({ services }: SoakContext, roomId: string): Promise<ChatMessage[]> {
  const messages: ChatMessage[] = [];
  let cursor: string | undefined;
  do {
    const page = await services.chat.messages(roomId, { limit: 100, cursor });
    messages.push(...page.messages);
    cursor = page.cursor;
  } while (cursor);
  return messages;
}

/**
 * Each accepted post is stored once (no post without an accepted request), and fanned out: it
 * reached every subscriber of its room but its author, live or by mobile push. Redeliveries of
 * a fan-out push a message again (clients drop an id they have); they are counted, not refused.
 */
export const chatInvariant: Invariant = {
  async check(context) {
    const violations: string[] = [];
    let checked = 0;
    for (const { roomId, subscribers } of context.world.rooms) {
      const stored = await allMessages(context, roomId);
      const byText = new Map<string, ChatMessage[]>();
      for (const message of stored) byText.set(message.text, [...(byText.get(message.text) ?? []), message]);
      for (const post of context.ledger.posts.filter((accepted) => accepted.roomId === roomId)) {
        checked++;
        const copies = byText.get(post.text) ?? [];
        byText.delete(post.text);
        if (copies.length !== 1 || copies[0]!.id !== post.messageId) {
          violations.push(`room ${roomId}: accepted post ${post.messageId} ("${post.text}") is stored ${copies.length} time(s)${copies.length === 1 ? ` as ${copies[0]!.id}` : ''}`);
        }
      }
      for (const [text, copies] of byText) violations.push(`room ${roomId}: ${copies.length} stored post(s) "${text}" for no accepted request`);
      for (const message of stored) {
        const recipients = subscribers.filter((userId) => userId !== message.userId);
        const missed = recipients.filter((userId) => context.deliveries.count(userId, 'chat.message', message.id) === 0);
        if (missed.length > 0) violations.push(`room ${roomId}: post ${message.id} by ${message.userId} never reached ${missed.length} of ${recipients.length} subscribers`);
      }
    }
    return { name: 'chat: each accepted post stored once and fanned out to every subscriber', checked, violations };
  },
};
