import type { Clock } from '../ports/clock';
import { NotFound } from '../ports/errors';
import { deadLetterQueueName, type Queue } from '../ports/queue';
import { MAX_PAGE_SIZE, type Store } from '../ports/store';
import { transact } from '../store/transact';

/** A job that failed `maxAttempts` times, kept for an admin to read and replay. */
export interface DeadLetter {
  [field: string]: unknown;
  id: string;
  queue: string;
  body: unknown;
  /** When it was taken off the dead-letter queue into the list (ms). */
  deadAt: number;
}

/** A page of dead letters in id order. */
export interface DeadLetterPage {
  deadLetters: DeadLetter[];
  cursor?: string;
}

/** No dead letter has this id in the queue's list. */
export class DeadLetterNotFound extends NotFound {
  constructor(queue: string, id: string) {
    super(`no dead letter ${id} in ${queue}`, { queue, id }, 'dead_letter_not_found');
  }
}

/** How long a dead letter waits in its list for a replay before the store removes it: 14 days. */
export const DEAD_LETTER_TTL_MS = 14 * 24 * 3600_000;

/** Most dead letters one replay call sends back. */
export const MAX_REPLAY = 100;

const partitionOf = (queue: string) => `jobs:dead:${queue}`;
const keyOf = (id: string) => `dead:${id}`;

/**
 * The dead-letter list of each queue. Messages that the queue moved to its dead-letter queue are
 * taken off it into the Store (one document per message, then acked), so admins page through a
 * stable list instead of receiving messages whose visibility and delivery counts change under
 * them. Replay sends a message back to its queue, then deletes it from the list: at least once,
 * like every job (a crash in between replays it again; handlers are idempotent). A dead letter
 * nobody replays or discards expires `DEAD_LETTER_TTL_MS` after it was listed (Store TTL).
 */
export class DeadLetters {
  constructor(
    private readonly store: Store,
    private readonly queue: Queue,
    private readonly clock: Clock,
  ) {}

  /** Moves what is waiting in the queue's dead-letter queue into its list (up to 100 messages per call). */
  async collect(queue: string): Promise<number> {
    const dlq = deadLetterQueueName(queue);
    let moved = 0;
    for (let batch = 0; batch < 10; batch++) {
      const messages = await this.queue.receive(dlq, { max: 10, waitSeconds: 0 });
      if (messages.length === 0) break;
      for (const message of messages) {
        const letter: DeadLetter = { id: message.id, queue, body: message.body, deadAt: this.clock.now() };
        await transact(this.store, async (tx) => {
          if (!(await tx.get(partitionOf(queue), keyOf(message.id)))) tx.put(partitionOf(queue), keyOf(message.id), letter, { expiresAt: letter.deadAt + DEAD_LETTER_TTL_MS });
        });
        await this.queue.ack(dlq, message);
        moved++;
      }
    }
    return moved;
  }

  /** How many dead letters the queue's list holds after collecting new ones, counted up to `cap` (one page read). */
  async count(queue: string, cap = MAX_PAGE_SIZE): Promise<number> {
    await this.collect(queue);
    return (await this.store.query(partitionOf(queue), { prefix: 'dead:', limit: cap })).items.length;
  }

  /** The queue's dead letters in id order, after collecting new ones. */
  async list(queue: string, options: { limit?: number; cursor?: string } = {}): Promise<DeadLetterPage> {
    await this.collect(queue);
    const page = await this.store.query<DeadLetter>(partitionOf(queue), { prefix: 'dead:', limit: options.limit, cursor: options.cursor });
    return { deadLetters: page.items.map((doc) => doc.value), ...(page.cursor ? { cursor: page.cursor } : {}) };
  }

  /**
   * Sends dead letters back to their queue and removes them from the list: the given ids (all
   * must exist, else nothing is sent), or the first `MAX_REPLAY` of the list. Returns the ids sent.
   */
  async replay(queue: string, ids?: readonly string[]): Promise<string[]> {
    await this.collect(queue);
    const letters = ids ? await this.getAll(queue, ids) : (await this.store.query<DeadLetter>(partitionOf(queue), { prefix: 'dead:', limit: MAX_REPLAY })).items.map((doc) => doc.value);
    for (const letter of letters) {
      await this.queue.send(queue, letter.body);
      await transact(this.store, async (tx) => tx.delete(partitionOf(queue), keyOf(letter.id)));
    }
    return letters.map((letter) => letter.id);
  }

  private async getAll(queue: string, ids: readonly string[]): Promise<DeadLetter[]> {
    const letters: DeadLetter[] = [];
    for (const id of ids) {
      const doc = await this.store.get<DeadLetter>(partitionOf(queue), keyOf(id));
      if (!doc) throw new DeadLetterNotFound(queue, id);
      letters.push(doc.value);
    }
    return letters;
  }

  /** Deletes a dead letter without running it. */
  async discard(queue: string, id: string): Promise<void> {
    await transact(this.store, async (tx) => {
      if (!(await tx.get(partitionOf(queue), keyOf(id)))) throw new DeadLetterNotFound(queue, id);
      tx.delete(partitionOf(queue), keyOf(id));
    });
  }
}
