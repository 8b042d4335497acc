import type { Clock } from '../../ports/clock';
import type { Ids } from '../../ports/ids';
import type { Queue } from '../../ports/queue';
import type { Store } from '../../ports/store';
import type { Notifier } from '../../push/notifier';
import { transact, type Transaction } from '../../store/transact';
import { idempotent } from '../../store/idempotent';
import { InvalidText, ChatMessageNotFound, RoomNotFound } from './chat-errors';
import { MAX_MESSAGE_LENGTH, MAX_ROOM_NAME_LENGTH, type ChatMessage, type MessagePage, type Room } from './chat-types';

/** Queue of message fan-outs: one job per message and page of subscribers. */
export const CHAT_FANOUT_QUEUE = 'kumo-chat-fanout';

/** A queued fan-out: push message `messageId` to the page of subscribers after `cursor`. */
export interface FanoutJob {
  roomId: string;
  messageId: string;
  cursor?: string;
}

/** Subscribers pushed by one fan-out job. */
export const FANOUT_PAGE_SIZE = 100;
/** How long a poster (or a retry, or a sweep) holds a post's outbox entry while it queues the fan-out. */
export const OUTBOX_CLAIM_MS = 10_000;

/**
 * The partition of a room: its `room` document, `msg:<id>` messages, `sub:<userId>` subscribers,
 * `req:<userId>:<requestId>` post markers and `outbox:<messageId>` fan-outs not yet queued.
 */
export const roomPartition = (roomId: string) => `chat:${roomId}`;
const ROOM = 'room';
const MESSAGE = 'msg:';
const SUBSCRIBER = 'sub:';
const OUTBOX = 'outbox:';
const outboxKey = (messageId: string) => `${OUTBOX}${messageId}`;
const requestPrefix = (userId: string) => `req:${userId}:`;

/** A post whose fan-out is not known to be queued yet; the call `holder` holds it until `claimedUntil` to queue it. */
interface OutboxEntry {
  [field: string]: unknown;
  messageId: string;
  holder: string;
  claimedUntil: number;
}

/** A subscriber document. */
interface Subscriber {
  [field: string]: unknown;
  userId: string;
  since: number;
}

/**
 * Chat rooms: post, list by time, and a push (`chat.message`) to every subscriber of the room.
 *
 * A room, its messages and its subscribers share one partition, so every write is a
 * single-partition transaction (posting reads that the room exists and adds a new message document;
 * a room never changes once created, so its read is unchecked and posts never conflict with each
 * other, even where a check costs a write). A post may carry a client `requestId`: its marker,
 * `req:<userId>:<requestId>` holding the message, is written in the same transaction and
 * partition as the message, so a retried post returns the first message, writes nothing and
 * queues no second fan-out (two concurrent retries conflict on the marker and the loser replays).
 * The same requestId with a different text throws `ReferenceReused`. Markers are per room and
 * kept with the room's messages. Message ids are time-ordered (and strictly increasing per
 * process, see `randomIds`), so listing the partition's `msg:` keys in reverse gives the newest first.
 *
 * Posting never waits for the pushes: it queues a fan-out job, which pushes the message to one page
 * of `FANOUT_PAGE_SIZE` subscribers and queues the next page, so a room of any size costs the
 * poster one transaction, one queue message and one delete. No post is stored without its
 * fan-out: the post's transaction also writes an outbox entry, `outbox:<messageId>`, claimed by
 * the posting call (a fresh `holder` id per call, so the call still owns it when its commit was
 * only found to have landed in a later attempt) for `OUTBOX_CLAIM_MS`, and deleted once the job
 * is queued. If anything fails after the commit the entry stays, its claim given back (or expired
 * if the poster died): a retry of the post (same requestId) queues it, and so does the next
 * fan-out job of the room. A claim keeps a retry racing the first post from queueing a second
 * fan-out. The Notifier sends to live clients and queues a mobile
 * push for the offline ones. A redelivered job pushes its page again, so clients drop a message
 * id they already have. The author is not pushed their own message.
 *
 * Rooms are open: any player who knows a room's id may read it and post; subscribing only decides
 * who is pushed. Messages are kept until an admin deletes them. One room's partition takes all its
 * posts; a backend's per-partition write limit (about 1,000 small writes per second on DynamoDB)
 * bounds one room, which is far above what a readable chat room sees.
 */
export class ChatService {
  constructor(
    private readonly store: Store,
    private readonly queue: Queue,
    private readonly ids: Ids,
    private readonly clock: Clock,
    private readonly notifier: Notifier,
  ) {}

  /** Creates a room; its creator is subscribed. */
  async createRoom(userId: string, name: string): Promise<Room> {
    const room: Room = { id: this.ids.next(), name: checkText('name', name, MAX_ROOM_NAME_LENGTH), createdBy: userId, createdAt: this.clock.now() };
    const partition = roomPartition(room.id);
    await transact(this.store, async (tx) => {
      tx.put(partition, ROOM, room);
      tx.put<Subscriber>(partition, `${SUBSCRIBER}${userId}`, { userId, since: room.createdAt });
    });
    return room;
  }

  /** A room by id. */
  async room(roomId: string): Promise<Room> {
    const doc = await this.store.get<Room>(roomPartition(roomId), ROOM);
    if (!doc) throw new RoomNotFound(roomId);
    return doc.value;
  }

  /** Subscribes the player to the room's pushes (idempotent). */
  async subscribe(userId: string, roomId: string): Promise<void> {
    await transact(this.store, async (tx) => {
      await this.requireRoom(tx, roomId);
      const key = `${SUBSCRIBER}${userId}`;
      if (!(await tx.get(roomPartition(roomId), key))) tx.put<Subscriber>(roomPartition(roomId), key, { userId, since: this.clock.now() });
    });
  }

  /** Stops the room's pushes to the player (idempotent). */
  async unsubscribe(userId: string, roomId: string): Promise<void> {
    await transact(this.store, async (tx) => {
      await this.requireRoom(tx, roomId);
      tx.delete(roomPartition(roomId), `${SUBSCRIBER}${userId}`);
    });
  }

  /**
   * Posts a message and queues its fan-out to the subscribers. With a `requestId`, a repeated post
   * of the same text by the same player returns the first message and queues nothing, unless the
   * first post's fan-out never got queued: then the repeat queues it.
   */
  async post(userId: string, roomId: string, text: string, requestId?: string): Promise<ChatMessage> {
    checkText('text', text, MAX_MESSAGE_LENGTH);
    const partition = roomPartition(roomId);
    const holder = this.ids.next();
    let written: string | undefined;
    const message = await transact(this.store, async (tx) => {
      await this.requireRoom(tx, roomId);
      return idempotent(tx, partition, requestPrefix(userId), requestId, [text], async () => {
        const fresh: ChatMessage = { id: this.ids.next(), roomId, userId, text, at: this.clock.now() };
        written = fresh.id;
        tx.put(partition, `${MESSAGE}${fresh.id}`, fresh);
        tx.put<OutboxEntry>(partition, outboxKey(fresh.id), { messageId: fresh.id, holder, claimedUntil: fresh.at + OUTBOX_CLAIM_MS });
        return fresh;
      });
    }).catch(async (error: unknown) => {
      if (written !== undefined) await this.giveBack(roomId, written, holder);
      throw error;
    });
    await this.queueFanout(roomId, message.id, holder);
    return message;
  }

  /** The room's messages, newest first, a page at a time. */
  async messages(roomId: string, options: { limit?: number; cursor?: string } = {}): Promise<MessagePage> {
    await this.room(roomId);
    const page = await this.store.query<ChatMessage>(roomPartition(roomId), { prefix: MESSAGE, reverse: true, limit: options.limit ?? 50, cursor: options.cursor });
    return { messages: page.items.map((doc) => doc.value), cursor: page.cursor };
  }

  /** Deletes a message (moderation). Pushes already sent are not recalled. */
  async deleteMessage(roomId: string, messageId: string): Promise<void> {
    await transact(this.store, async (tx) => {
      if (!(await tx.get(roomPartition(roomId), `${MESSAGE}${messageId}`))) throw new ChatMessageNotFound(roomId, messageId);
      tx.delete(roomPartition(roomId), `${MESSAGE}${messageId}`);
    });
  }

  /**
   * The fan-out job: queues the job of the next page (resuming from this page's cursor, so no job
   * lists the room again), then pushes the message to this page of subscribers.
   * The first page also queues the room's fan-outs left in the outbox with no live claim.
   */
  async runFanout(job: FanoutJob): Promise<void> {
    const partition = roomPartition(job.roomId);
    if (job.cursor === undefined) await this.sweepOutbox(job);
    const message = await this.store.get<ChatMessage>(partition, `${MESSAGE}${job.messageId}`);
    if (!message) return;
    const page = await this.store.query<Subscriber>(partition, { prefix: SUBSCRIBER, limit: FANOUT_PAGE_SIZE, cursor: job.cursor });
    // The next page is queued first, so a worker pushes it while this one's pushes run.
    if (page.cursor) await this.queue.send(CHAT_FANOUT_QUEUE, { ...job, cursor: page.cursor } satisfies FanoutJob);
    const event = { type: 'chat.message', data: message.value };
    const recipients = page.items.map((doc) => doc.value.userId).filter((userId) => userId !== message.value.userId);
    await this.notifier.notifyAll(recipients, event);
  }

  /**
   * Takes a post's outbox entry for the call `holder` when it already holds it (its transaction
   * wrote the entry, even in an attempt whose commit was only found to have landed later) or no
   * one does: true if the caller is now to queue its fan-out.
   */
  private claim(roomId: string, messageId: string, holder: string): Promise<boolean> {
    return transact(this.store, async (tx) => {
      const entry = await tx.get<OutboxEntry>(roomPartition(roomId), outboxKey(messageId));
      const now = this.clock.now();
      if (!entry) return false;
      if (entry.value.holder === holder) return true;
      if (entry.value.claimedUntil > now) return false;
      tx.put<OutboxEntry>(roomPartition(roomId), outboxKey(messageId), { messageId, holder, claimedUntil: now + OUTBOX_CLAIM_MS });
      return true;
    });
  }

  /**
   * Queues a post's fan-out if `holder` holds or can take its outbox entry, then deletes the entry;
   * on a failure the claim is given back, so a retry or the room's next fan-out queues it at once.
   */
  private async queueFanout(roomId: string, messageId: string, holder: string): Promise<void> {
    try {
      if (!(await this.claim(roomId, messageId, holder))) return;
      await this.queue.send(CHAT_FANOUT_QUEUE, { roomId, messageId } satisfies FanoutJob);
    } catch (error) {
      await this.giveBack(roomId, messageId, holder);
      throw error;
    }
    await transact(this.store, async (tx) => tx.delete(roomPartition(roomId), outboxKey(messageId)));
  }

  /** Best effort: frees the outbox entry `holder` still holds, so a retry of the post (or the room's next fan-out) queues it now. */
  private async giveBack(roomId: string, messageId: string, holder: string): Promise<void> {
    const partition = roomPartition(roomId);
    await transact(this.store, async (tx) => {
      const entry = await tx.get<OutboxEntry>(partition, outboxKey(messageId));
      if (entry?.value.holder === holder) tx.put<OutboxEntry>(partition, outboxKey(messageId), { ...entry.value, claimedUntil: 0 });
    }).catch(() => undefined);
  }

  /** Deletes the running job's own outbox entry (its poster died before it could) and queues unclaimed ones. */
  private async sweepOutbox(job: FanoutJob): Promise<void> {
    const partition = roomPartition(job.roomId);
    const page = await this.store.query<OutboxEntry>(partition, { prefix: OUTBOX, limit: 25 });
    for (const { value } of page.items) {
      if (value.messageId === job.messageId) await transact(this.store, async (tx) => tx.delete(partition, outboxKey(value.messageId)));
      else if (value.claimedUntil <= this.clock.now()) await this.queueFanout(job.roomId, value.messageId, this.ids.next());
    }
  }

  /** Fails unless the room exists; a room never changes once created, so its read adds no check to the commit. */
  private async requireRoom(tx: Transaction, roomId: string): Promise<void> {
    if (!(await tx.get(roomPartition(roomId), ROOM, { unchecked: true }))) throw new RoomNotFound(roomId);
  }
}

/** A text that is not blank and at most `max` characters long. */
function checkText(field: string, text: string, max: number): string {
  if (text.trim().length === 0 || [...text].length > max) throw new InvalidText(field, max);
  return text;
}
