import type { Clock } from '../../ports/clock';
import type { Ids } from '../../ports/ids';
import type { Transaction } from '../../store/transact';
import { userPartition } from '../user-partition';

/** Key prefix of unread messages in the player's partition (`inbox:unread:<messageId>`). */
export const UNREAD = 'inbox:unread:';
/** Key prefix of read messages (`inbox:read:<messageId>`); reading moves a message here. */
export const READ = 'inbox:read:';
/** Key prefix of messages that expired unread (`inbox:expired:<messageId>`), filed away by "receive all". */
export const EXPIRED = 'inbox:expired:';
/** Most grants one message carries, so that opening it stays far below every store's batch limit. */
export const MAX_GRANTS = 10;
/** Expiry of a message when the sender gives none: 30 days. */
export const DEFAULT_EXPIRY_SECONDS = 30 * 24 * 3600;
/** Longest expiry a sender may give: one year. */
export const MAX_EXPIRY_SECONDS = 365 * 24 * 3600;
/** How long an unread message is kept after its expiry (reads answer 409 `message_expired`) before the store removes it (TTL). */
export const EXPIRED_MAIL_KEPT_MS = 7 * 24 * 3600_000;

/** Premium currency credited to one wallet slot when the message is read. */
export interface CurrencyGrant {
  [field: string]: unknown;
  type: 'currency';
  slot: string;
  paid: number;
  free: number;
}

/** Items added to the inventory when the message is read. */
export interface ItemGrant {
  [field: string]: unknown;
  type: 'item';
  itemId: string;
  count: number;
}

/** Something a message gives its reader. */
export type Grant = CurrencyGrant | ItemGrant;

/** A message in a player's inbox. Times are Clock milliseconds; `readAt` is null until read. */
export interface InboxMessage {
  [field: string]: unknown;
  id: string;
  title: string;
  body: string;
  grants: Grant[];
  sentAt: number;
  expiresAt: number;
  readAt: number | null;
}

/** What a sender writes: the message without its id and times. */
export interface MessageDraft {
  title: string;
  body?: string;
  grants?: Grant[];
  /** Seconds until the message can no longer be read (default 30 days, at most one year). */
  expiresInSeconds?: number;
}

/** Key of a message, read or not. */
export const messageKey = (messageId: string, read: boolean) => `${read ? READ : UNREAD}${messageId}`;
/** Key of a message filed away because it expired unread. */
export const expiredKey = (messageId: string) => `${EXPIRED}${messageId}`;

/** Makes a new unread message from a draft, with a fresh time-ordered id. */
export function composeMessage(ids: Ids, clock: Clock, draft: MessageDraft): InboxMessage {
  const sentAt = clock.now();
  const expiresIn = Math.min(draft.expiresInSeconds ?? DEFAULT_EXPIRY_SECONDS, MAX_EXPIRY_SECONDS);
  return { id: ids.next(), title: draft.title, body: draft.body ?? '', grants: draft.grants ?? [], sentAt, expiresAt: sentAt + expiresIn * 1000, readAt: null };
}

/**
 * Stages an unread message in the caller's transaction. Written in the player's own partition,
 * so a service can put a message in the same single-partition transaction as its other changes
 * (an inventory acquisition that overflows, say).
 */
export function stageMessage(tx: Transaction, userId: string, message: InboxMessage): void {
  tx.put(userPartition(userId), messageKey(message.id, false), message, { expiresAt: message.expiresAt + EXPIRED_MAIL_KEPT_MS });
}
