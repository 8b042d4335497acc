import type { Clock } from '../../ports/clock';
import type { Ids } from '../../ports/ids';
import { KumoError } from '../../ports/errors';
import type { Store } from '../../ports/store';
import type { Notifier } from '../../push/notifier';
import { transact, type Transaction } from '../../store/transact';
import type { AccountService } from '../account/account-service';
import type { InventoryService } from '../inventory/inventory-service';
import type { AcquireResult } from '../inventory/inventory-types';
import { idempotent } from '../../store/idempotent';
import { userPartition } from '../user-partition';
import type { WalletService } from '../wallet/wallet-service';
import type { Receipt } from '../wallet/wallet-types';
import { MessageExpired, MessageNotFound } from './inbox-errors';
import { composeMessage, messageKey, READ, stageMessage, UNREAD, type InboxMessage, type MessageDraft } from './inbox-messages';

/** Push event type sent to the player when a message arrives through `send`. */
export const INBOX_PUSH_EVENT = 'inbox.message';
/** Most messages one "receive all" call opens. */
export const RECEIVE_ALL_LIMIT = 100;

/** A message to send; `requestId`, if given, makes the send idempotent. */
export interface SendInput extends MessageDraft {
  requestId?: string;
}

/** Outcome of reading a message: `granted` is true only for the read that applied its grants. */
export interface ReadResult {
  [field: string]: unknown;
  message: InboxMessage;
  granted: boolean;
  receipts: Receipt[];
  items: AcquireResult[];
}

/** Outcome of "receive all": messages opened now, and the ones that could not be (with the error code). */
export interface ReceiveAllResult {
  received: ReadResult[];
  failed: Array<{ messageId: string; code: string; message: string }>;
  /** More unread messages remain than one call opens. */
  more: boolean;
}

/** A page of messages, newest first. */
export interface MessagePage {
  messages: InboxMessage[];
  cursor?: string;
}

/**
 * A player's inbox: messages with grants (wallet currency, items) and an expiry, kept in the
 * player's partition as `inbox:unread:<id>` until read, then `inbox:read:<id>`.
 *
 * Reading applies every grant and moves the message to "read" in ONE transaction, so a message
 * grants exactly once: a second read, or a read racing with another device, finds it read (the
 * loser's commit conflicts, `transact` retries, and the retry sees it read) and grants nothing.
 * Currency grants are wallet deposits with receipt id `inbox:<messageId>:<index>`, item grants
 * inventory acquisitions that refuse past capacity: a message whose items do not fit stays
 * unread (409 `inventory_full`) until the player makes room. An unread message past `expiresAt`
 * cannot be read (409 `message_expired`) and is left out of the unread list.
 */
export class InboxService {
  constructor(
    private readonly store: Store,
    private readonly ids: Ids,
    private readonly clock: Clock,
    private readonly accounts: AccountService,
    private readonly wallet: WalletService,
    private readonly inventory: InventoryService,
    private readonly notifier: Notifier,
  ) {}

  /** Sends a message to an existing player and tells them with a push (or queued mobile push). */
  async send(userId: string, input: SendInput): Promise<InboxMessage> {
    await this.accounts.assertExists(userId);
    const message = await transact(this.store, (tx) => this.sendIn(tx, userId, input));
    await this.notifier.notify(userId, { type: INBOX_PUSH_EVENT, data: { messageId: message.id, title: message.title } });
    return message;
  }

  /**
   * Stages a message in the caller's transaction (a service granting a reward along with its own
   * changes). Item grants must name existing item models. Sends no push: the caller may.
   */
  async sendIn(tx: Transaction, userId: string, input: SendInput): Promise<InboxMessage> {
    for (const grant of input.grants ?? []) if (grant.type === 'item') await this.inventory.item(grant.itemId);
    const { requestId, ...draft } = input;
    return idempotent(tx, userPartition(userId), 'inbox:ref:send:', requestId, draft, async () => {
      const message = composeMessage(this.ids, this.clock, draft);
      stageMessage(tx, userId, message);
      return message;
    });
  }

  /** Unread (not expired) or read messages, newest first, a page at a time. */
  async list(userId: string, options: { status: 'unread' | 'read'; limit?: number; cursor?: string }): Promise<MessagePage> {
    const page = await this.store.query<InboxMessage>(userPartition(userId), {
      prefix: options.status === 'unread' ? UNREAD : READ,
      reverse: true,
      limit: options.limit ?? 50,
      cursor: options.cursor,
    });
    const now = this.clock.now();
    const messages = page.items.map((doc) => doc.value).filter((message) => message.readAt !== null || message.expiresAt > now);
    return { messages, cursor: page.cursor };
  }

  /** One message, read or not (expired ones included). */
  async get(userId: string, messageId: string): Promise<InboxMessage> {
    const partition = userPartition(userId);
    const doc = (await this.store.get<InboxMessage>(partition, messageKey(messageId, false))) ?? (await this.store.get<InboxMessage>(partition, messageKey(messageId, true)));
    if (!doc) throw new MessageNotFound(messageId);
    return doc.value;
  }

  /** Reads a message: applies its grants and marks it read in one transaction; a repeat grants nothing. */
  read(userId: string, messageId: string): Promise<ReadResult> {
    return transact(this.store, async (tx) => {
      const partition = userPartition(userId);
      const done = await tx.get<InboxMessage>(partition, messageKey(messageId, true));
      if (done) return { message: done.value, granted: false, receipts: [], items: [] };
      const unread = (await tx.get<InboxMessage>(partition, messageKey(messageId, false)))?.value;
      if (!unread) throw new MessageNotFound(messageId);
      const now = this.clock.now();
      if (unread.expiresAt <= now) throw new MessageExpired({ messageId, expiresAt: unread.expiresAt });
      const receipts: Receipt[] = [];
      const items: AcquireResult[] = [];
      for (const [index, grant] of unread.grants.entries()) {
        if (grant.type === 'currency') receipts.push(await this.wallet.depositIn(tx, userId, grant.slot, { receiptId: `inbox:${messageId}:${index}`, paid: grant.paid, free: grant.free }));
        else items.push(await this.inventory.acquireIn(tx, userId, grant.itemId, grant.count, 'refuse'));
      }
      const message = { ...unread, readAt: now };
      tx.delete(partition, messageKey(messageId, false));
      tx.put(partition, messageKey(messageId, true), message);
      return { message, granted: true, receipts, items };
    });
  }

  /**
   * Reads every unread, unexpired message, oldest first, up to `RECEIVE_ALL_LIMIT` per call: one
   * transaction per message, so one that cannot be opened (inventory full, balance limit) is
   * reported in `failed` and does not hold back the others.
   */
  async receiveAll(userId: string): Promise<ReceiveAllResult> {
    const page = await this.store.query<InboxMessage>(userPartition(userId), { prefix: UNREAD, limit: RECEIVE_ALL_LIMIT });
    const now = this.clock.now();
    const result: ReceiveAllResult = { received: [], failed: [], more: page.cursor !== undefined };
    for (const { value } of page.items) {
      if (value.expiresAt <= now) continue;
      try {
        const read = await this.read(userId, value.id);
        if (read.granted) result.received.push(read);
      } catch (error) {
        if (!(error instanceof KumoError) || error.kind !== 'conflict' || error.code === 'conflict') throw error;
        result.failed.push({ messageId: value.id, code: error.code, message: error.message });
      }
    }
    return result;
  }
}
