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

/**
 * The partition of a room: its `room` document, `msg:<id>` messages, `sub:<userId>` subscribers and
 * `req:<userId>:<requestId>` post markers.
 */
export const roomPartition = (roomId: string) => `chat:${roomId}`;
const ROOM = 'room';
const MESSAGE = 'msg:';
const SUBSCRIBER = 'sub:';
const requestPrefix = (userId: string) => `req:${userId}:`;

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
 * single-partition transaction (posting checks the room exists and adds a new message document;
 * posts never conflict with each other). A post may carry a client `requestId`: its marker,
 * `req:<userId>:<requestId>` holding the message, is written in the same transaction and
 * partition as the message, so a retried post returns the first message, writes nothing and
 * queues no second fan-out (two concurrent retries conflict on the marker and the loser replays).
 * The same requestId with a different text throws `ReferenceReused`. Markers are per room and
 * kept with the room's messages. Message ids are time-ordered (and strictly increasing per
 * process, see `randomIds`), so listing the partition's `msg:` keys in reverse gives the newest first.
 *
 * Posting never waits for the pushes: it queues a fan-out job, which pushes the message to one page
 * of `FANOUT_PAGE_SIZE` subscribers and queues the next page, so a room of any size costs the
 * poster one write and one queue message. The Notifier sends to live clients and queues a mobile
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
   * of the same text by the same player returns the first message and queues nothing.
   */
  async post(userId: string, roomId: string, text: string, requestId?: string): Promise<ChatMessage> {
    checkText('text', text, MAX_MESSAGE_LENGTH);
    const partition = roomPartition(roomId);
    let posted = false;
    const message = await transact(this.store, async (tx) => {
      posted = false;
      await this.requireRoom(tx, roomId);
      return idempotent(tx, partition, requestPrefix(userId), requestId, [text], async () => {
        const fresh: ChatMessage = { id: this.ids.next(), roomId, userId, text, at: this.clock.now() };
        tx.put(partition, `${MESSAGE}${fresh.id}`, fresh);
        posted = true;
        return fresh;
      });
    });
    if (posted) {
      const job: FanoutJob = { roomId, messageId: message.id };
      await this.queue.send(CHAT_FANOUT_QUEUE, job);
    }
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

  /** The fan-out job: pushes the message to one page of subscribers, then queues the next page. */
  async runFanout(job: FanoutJob): Promise<void> {
    const partition = roomPartition(job.roomId);
    const message = await this.store.get<ChatMessage>(partition, `${MESSAGE}${job.messageId}`);
    if (!message) return;
    const page = await this.store.query<Subscriber>(partition, { prefix: SUBSCRIBER, limit: FANOUT_PAGE_SIZE, cursor: job.cursor });
    const event = { type: 'chat.message', data: message.value };
    const recipients = page.items.map((doc) => doc.value.userId).filter((userId) => userId !== message.value.userId);
    await Promise.all(recipients.map((userId) => this.notifier.notify(userId, event)));
    if (page.cursor) {
      const next: FanoutJob = { ...job, cursor: page.cursor };
      await this.queue.send(CHAT_FANOUT_QUEUE, next);
    }
  }

  private async requireRoom(tx: Transaction, roomId: string): Promise<void> {
    if (!(await tx.get(roomPartition(roomId), ROOM))) throw new RoomNotFound(roomId);
  }
}

/** A text that is not blank and at most `max` characters long. */
function checkText(field: string, text: string, max: number): string {
  if (text.trim().length === 0 || [...text].length > max) throw new InvalidText(field, max);
  return text;
}
