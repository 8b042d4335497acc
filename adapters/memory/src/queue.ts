import {
  deadLetterQueueName,
  DEFAULT_QUEUE_SETTINGS,
  assertSendable,
  receiveBatchSize,
  randomIds,
  systemClock,
  type Clock,
  type Message,
  type Queue,
  type QueueCapabilities,
  type QueueSettings,
  type ReceiveOptions,
  type SendOptions,
} from '@kumo/core';
import { Heap } from 'heap-js';

/** Limits of the embedded queue, the same as SQS's so that local runs catch what the cloud would refuse. */
export const memoryQueueCapabilities: QueueCapabilities = {
  maxDelaySeconds: 900,
  dedupeWindowSeconds: 300,
  maxMessageBytes: 256 * 1024,
  deadLetter: true,
  minMaxAttempts: 1,
};

interface Stored {
  id: string;
  body: string;
  attempts: number;
  visibleAt: number;
  receipt?: string;
}

/**
 * One named queue: its messages by id, the ids visible now in arrival order (a FIFO array read
 * from `head`), and a min-heap of ids that become visible later (delayed, in flight, retried).
 * Entries in `ready` and `later` may be stale (acked, or re-timed since): each is checked against
 * the message when taken and dropped if it no longer applies. Every operation is O(log n).
 */
class QueueState {
  readonly messages = new Map<string, Stored>();
  private ready: string[] = [];
  private head = 0;
  private readonly later = new Heap<{ visibleAt: number; id: string }>((a, b) => a.visibleAt - b.visibleAt);

  /** Files a message under its visibility time. */
  schedule(stored: Stored, now: number): void {
    if (stored.visibleAt <= now) this.ready.push(stored.id);
    else this.later.push({ visibleAt: stored.visibleAt, id: stored.id });
  }

  /** The next message visible at `now`, or undefined. */
  next(now: number): Stored | undefined {
    for (let top = this.later.peek(); top && top.visibleAt <= now; top = this.later.peek()) {
      this.later.pop();
      if (this.messages.get(top.id)?.visibleAt === top.visibleAt) this.ready.push(top.id);
    }
    while (this.head < this.ready.length) {
      const stored = this.messages.get(this.ready[this.head++]!);
      this.compact();
      if (stored && stored.visibleAt <= now) return stored;
    }
    return undefined;
  }

  /** Drops the consumed front of `ready` once it is most of the array. */
  private compact(): void {
    if (this.head > 1024 && this.head * 2 > this.ready.length) {
      this.ready = this.ready.slice(this.head);
      this.head = 0;
    }
  }
}

/**
 * In-process queue with SQS semantics: visibility timeout, redelivery, receive counts,
 * dead-letter after `maxAttempts`, delays and a deduplication window. Time comes from the Clock.
 * Receiving, acking and retrying cost O(log n) in the queue's length (no copy, no scan).
 * `onSent` listeners are called as a message without delay is added.
 */
export class MemoryQueue implements Queue {
  readonly capabilities = memoryQueueCapabilities;
  private readonly queues = new Map<string, QueueState>();
  private readonly dedupe = new Map<string, number>();
  private readonly listeners = new Map<string, Set<() => void>>();

  constructor(
    private readonly settings: QueueSettings = DEFAULT_QUEUE_SETTINGS,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Enqueues one message. */
  async send(queue: string, body: unknown, options: SendOptions = {}): Promise<void> {
    const delay = assertSendable(this.capabilities, 'memory', body, options);
    const text = JSON.stringify(body);
    const now = this.clock.now();
    if (options.dedupeId !== undefined) {
      const key = `${queue}\u0000${options.dedupeId}`;
      const until = this.dedupe.get(key);
      if (until !== undefined && until > now) return;
      this.dedupe.set(key, now + this.capabilities.dedupeWindowSeconds * 1000);
    }
    this.add(queue, { id: randomIds.next(), body: text, attempts: 0, visibleAt: now + delay * 1000 });
    if (delay <= 0) for (const listener of this.listeners.get(queue) ?? []) listener();
  }

  /** Calls `listener` each time a message without delay is sent to `queue`. */
  onSent(queue: string, listener: () => void): () => void {
    let listeners = this.listeners.get(queue);
    if (!listeners) this.listeners.set(queue, (listeners = new Set()));
    listeners.add(listener);
    return () => void listeners.delete(listener);
  }

  /** Receives visible messages, moving those past `maxAttempts` to the dead-letter queue. */
  async receive(queue: string, options: ReceiveOptions = {}): Promise<Message[]> {
    const max = receiveBatchSize(options);
    const deadline = this.clock.now() + (options.waitSeconds ?? 0) * 1000;
    for (;;) {
      const messages = this.take(queue, max, options.visibilityTimeoutSeconds ?? this.settings.visibilityTimeoutSeconds);
      if (messages.length > 0 || this.clock.now() >= deadline) return messages;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Deletes the message if this receipt is its latest delivery. */
  async ack(queue: string, message: Message): Promise<void> {
    const messages = this.state(queue).messages;
    if (messages.get(message.id)?.receipt === message.receipt) messages.delete(message.id);
  }

  /** Makes the message visible again after `delaySeconds`. */
  async retry(queue: string, message: Message, delaySeconds: number): Promise<void> {
    const state = this.state(queue);
    const stored = state.messages.get(message.id);
    if (stored?.receipt !== message.receipt) return;
    const now = this.clock.now();
    stored.visibleAt = now + delaySeconds * 1000;
    state.schedule(stored, now);
  }

  /** Messages held: visible, delayed and in flight. */
  async depth(queue: string): Promise<number> {
    return this.queues.get(queue)?.messages.size ?? 0;
  }

  private take(queue: string, max: number, visibilitySeconds: number): Message[] {
    const now = this.clock.now();
    const state = this.state(queue);
    const taken: Message[] = [];
    const delivered: Stored[] = [];
    while (taken.length < max) {
      const stored = state.next(now);
      if (!stored) break;
      if (stored.attempts >= this.settings.maxAttempts) {
        state.messages.delete(stored.id);
        this.add(deadLetterQueueName(queue), { ...stored, attempts: 0, visibleAt: now, receipt: undefined });
        continue;
      }
      stored.attempts += 1;
      stored.visibleAt = now + visibilitySeconds * 1000;
      stored.receipt = `${stored.id}:${stored.attempts}`;
      delivered.push(stored);
      taken.push({ id: stored.id, body: JSON.parse(stored.body), attempts: stored.attempts, receipt: stored.receipt });
    }
    // Filed after the loop, so that a zero visibility timeout cannot hand a message out twice in one receive.
    for (const stored of delivered) state.schedule(stored, now);
    return taken;
  }

  private add(queue: string, stored: Stored): void {
    const state = this.state(queue);
    state.messages.set(stored.id, stored);
    state.schedule(stored, this.clock.now());
  }

  private state(queue: string): QueueState {
    let state = this.queues.get(queue);
    if (!state) this.queues.set(queue, (state = new QueueState()));
    return state;
  }
}
