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
import { composeMessage, expiredKey, messageKey, READ, stageMessage, UNREAD, type InboxMessage, type MessageDraft } from './inbox-messages';

/** Push event type sent to the player when a message arrives through `send`. */
export const INBOX_PUSH_EVENT = 'inbox.message';
/** Most messages one "receive all" call opens. */
export const RECEIVE_ALL_LIMIT = 100;
/** Most unread messages (expired ones included) one "receive all" call looks at. */
export const RECEIVE_ALL_SCAN = 1000;

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
 * cannot be read (409 `message_expired`) and is left out of the unread list; "receive all" files
 * the expired ones it meets under `inbox:expired:<id>`, so they never hold back the fresh ones.
 * Every read looks a message up unread first, then read, so a read racing another read (or
 * "receive all") finds the message either still unread or already read, never missing.
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
    // Unread first: reading moves a message from unread to read in one commit, so a message that
    // is not unread any more is found read (or filed as expired) by the reads that follow.
    for (const key of [messageKey(messageId, false), messageKey(messageId, true), expiredKey(messageId)]) {
      const doc = await this.store.get<InboxMessage>(partition, key);
      if (doc) return doc.value;
    }
    throw new MessageNotFound(messageId);
  }

  /** Reads a message: applies its grants and marks it read in one transaction; a repeat grants nothing. */
  read(userId: string, messageId: string): Promise<ReadResult> {
    return transact(this.store, async (tx) => {
      const partition = userPartition(userId);
      // Unread before read: a rival read that commits between the two is then seen as done, never as missing.
      const unread = (await tx.get<InboxMessage>(partition, messageKey(messageId, false)))?.value;
      const done = await tx.get<InboxMessage>(partition, messageKey(messageId, true));
      if (done) return { message: done.value, granted: false, receipts: [], items: [] };
      if (!unread) {
        const expired = await tx.get<InboxMessage>(partition, expiredKey(messageId));
        if (expired) throw new MessageExpired({ messageId, expiresAt: expired.value.expiresAt });
        throw new MessageNotFound(messageId);
      }
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
   * reported in `failed` and does not hold back the others. Expired messages met on the way are
   * filed away (`inbox:expired:<id>`), so they are skipped once and never again; a call looks at
   * most `RECEIVE_ALL_SCAN` unread messages, and says `more` when it stopped before the end.
   */
  async receiveAll(userId: string): Promise<ReceiveAllResult> {
    const now = this.clock.now();
    const result: ReceiveAllResult = { received: [], failed: [], more: false };
    const expired: string[] = [];
    let [cursor, scanned, attempted] = [undefined as string | undefined, 0, 0];
    scan: do {
      const page = await this.store.query<InboxMessage>(userPartition(userId), { prefix: UNREAD, limit: RECEIVE_ALL_LIMIT, cursor });
      for (const { value } of page.items) {
        if (attempted === RECEIVE_ALL_LIMIT || scanned === RECEIVE_ALL_SCAN) {
          result.more = true;
          break scan;
        }
        scanned++;
        if (value.expiresAt <= now) expired.push(value.id);
        else {
          attempted++;
          await this.receiveInto(result, userId, value.id);
        }
      }
      cursor = page.cursor;
    } while (cursor);
    await this.fileExpired(userId, expired);
    return result;
  }

  /** Reads one message for "receive all", reporting a refusal instead of throwing it. */
  private async receiveInto(result: ReceiveAllResult, userId: string, messageId: string): Promise<void> {
    try {
      const read = await this.read(userId, messageId);
      if (read.granted) result.received.push(read);
    } catch (error) {
      if (!(error instanceof KumoError) || error.kind !== 'conflict' || error.code === 'conflict') throw error;
      result.failed.push({ messageId, code: error.code, message: error.message });
    }
  }

  /** Moves expired unread messages to `inbox:expired:`, a few per transaction. */
  private async fileExpired(userId: string, messageIds: readonly string[]): Promise<void> {
    const partition = userPartition(userId);
    const perBatch = Math.max(1, Math.min(25, Math.floor(this.store.capabilities.maxTransactionItems / 2)));
    for (let start = 0; start < messageIds.length; start += perBatch) {
      await transact(this.store, async (tx) => {
        for (const messageId of messageIds.slice(start, start + perBatch)) {
          const unread = await tx.get<InboxMessage>(partition, messageKey(messageId, false));
          if (!unread || unread.value.expiresAt > this.clock.now()) continue;
          tx.delete(partition, messageKey(messageId, false));
          tx.put(partition, expiredKey(messageId), unread.value);
        }
      });
    }
  }
}
