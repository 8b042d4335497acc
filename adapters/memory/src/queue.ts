import {
  deadLetterQueueName,
  DEFAULT_QUEUE_SETTINGS,
  jsonBytes,
  randomIds,
  systemClock,
  TooLarge,
  Unsupported,
  type Clock,
  type Message,
  type Queue,
  type QueueCapabilities,
  type QueueSettings,
  type ReceiveOptions,
  type SendOptions,
} from '@kumo/core';

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
 * In-process queue with SQS semantics: visibility timeout, redelivery, receive counts,
 * dead-letter after `maxAttempts`, delays and a deduplication window. Time comes from the Clock.
 */
export class MemoryQueue implements Queue {
  readonly capabilities = memoryQueueCapabilities;
  private readonly queues = new Map<string, Stored[]>();
  private readonly dedupe = new Map<string, number>();

  constructor(
    private readonly settings: QueueSettings = DEFAULT_QUEUE_SETTINGS,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Enqueues one message. */
  async send(queue: string, body: unknown, options: SendOptions = {}): Promise<void> {
    const delay = options.delaySeconds ?? 0;
    if (delay > this.capabilities.maxDelaySeconds) throw new Unsupported(`delay is limited to ${this.capabilities.maxDelaySeconds}s`);
    const text = JSON.stringify(body);
    if (jsonBytes(body) > this.capabilities.maxMessageBytes) throw new TooLarge(`message exceeds ${this.capabilities.maxMessageBytes} bytes`);
    const now = this.clock.now();
    if (options.dedupeId !== undefined) {
      const key = `${queue}\u0000${options.dedupeId}`;
      const until = this.dedupe.get(key);
      if (until !== undefined && until > now) return;
      this.dedupe.set(key, now + this.capabilities.dedupeWindowSeconds * 1000);
    }
    this.list(queue).push({ id: randomIds.next(), body: text, attempts: 0, visibleAt: now + delay * 1000 });
  }

  /** Receives visible messages, moving those past `maxAttempts` to the dead-letter queue. */
  async receive(queue: string, options: ReceiveOptions = {}): Promise<Message[]> {
    const max = Math.min(Math.max(options.max ?? 10, 1), 10);
    const deadline = this.clock.now() + (options.waitSeconds ?? 0) * 1000;
    for (;;) {
      const messages = this.take(queue, max, options.visibilityTimeoutSeconds ?? this.settings.visibilityTimeoutSeconds);
      if (messages.length > 0 || this.clock.now() >= deadline) return messages;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Deletes the message if this receipt is its latest delivery. */
  async ack(queue: string, message: Message): Promise<void> {
    const list = this.list(queue);
    const index = list.findIndex((stored) => stored.receipt === message.receipt);
    if (index >= 0) list.splice(index, 1);
  }

  /** Makes the message visible again after `delaySeconds`. */
  async retry(queue: string, message: Message, delaySeconds: number): Promise<void> {
    const stored = this.list(queue).find((candidate) => candidate.receipt === message.receipt);
    if (stored) stored.visibleAt = this.clock.now() + delaySeconds * 1000;
  }

  private take(queue: string, max: number, visibilitySeconds: number): Message[] {
    const now = this.clock.now();
    const list = this.list(queue);
    const taken: Message[] = [];
    for (const stored of [...list]) {
      if (taken.length >= max) break;
      if (stored.visibleAt > now) continue;
      if (stored.attempts >= this.settings.maxAttempts) {
        list.splice(list.indexOf(stored), 1);
        this.list(deadLetterQueueName(queue)).push({ ...stored, attempts: 0, visibleAt: now, receipt: undefined });
        continue;
      }
      stored.attempts += 1;
      stored.visibleAt = now + visibilitySeconds * 1000;
      stored.receipt = `${stored.id}:${stored.attempts}`;
      taken.push({ id: stored.id, body: JSON.parse(stored.body), attempts: stored.attempts, receipt: stored.receipt });
    }
    return taken;
  }

  private list(queue: string): Stored[] {
    let list = this.queues.get(queue);
    if (!list) this.queues.set(queue, (list = []));
    return list;
  }
}
