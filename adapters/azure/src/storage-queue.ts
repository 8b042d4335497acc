import { QueueServiceClient, RestError, type QueueClient } from '@azure/storage-queue';
import {
  deadLetterQueueName,
  DEFAULT_QUEUE_SETTINGS,
  assertSendable,
  receiveBatchSize,
  type Message,
  type Queue,
  type QueueSettings,
  type ReceiveOptions,
  type SendOptions,
} from '@kumo/core';
import { azureQueueName } from './queue-names';
import { storageQueueCapabilities } from './capabilities';

/** Storage Queues hide a received message for 1 second at least. */
const MIN_VISIBILITY_SECONDS = 1;
/** Storage Queues have no long polling: `receive` with `waitSeconds` polls this often. */
const POLL_INTERVAL_MS = 250;

/**
 * Queue on Azure Storage Queues through the official `@azure/storage-queue` client.
 *
 * - `send` stores base64 JSON with `visibilityTimeout` as the delay; queues (and their `-dlq`)
 *   are created on first use.
 * - `receive` dequeues with a visibility timeout; `attempts` is the service's `dequeueCount`.
 *   A message dequeued more than `maxAttempts` times is copied to `<queue>-dlq` (the poison
 *   queue) and deleted instead of being delivered.
 * - `ack` deletes with the delivery's pop receipt (kept as the message `receipt`); a message that
 *   is gone, or was redelivered since, is ignored. `retry` updates the visibility timeout.
 * - `depth` is the queue's approximate message count (`getProperties`).
 */
export class StorageQueue implements Queue {
  readonly capabilities = storageQueueCapabilities;
  private readonly created = new Map<string, Promise<QueueClient>>();

  constructor(
    private readonly service: QueueServiceClient,
    private readonly settings: QueueSettings = DEFAULT_QUEUE_SETTINGS,
  ) {}

  /** A queue on the account of the connection string (Azurite's or a storage account's). */
  static fromConnectionString(connectionString: string, settings?: QueueSettings): StorageQueue {
    return new StorageQueue(QueueServiceClient.fromConnectionString(connectionString), settings);
  }

  /** Enqueues one message, hidden for `delaySeconds`. */
  async send(queue: string, body: unknown, options: SendOptions = {}): Promise<void> {
    const delay = assertSendable(this.capabilities, 'storage queue', body, options);
    const client = await this.client(queue);
    await client.sendMessage(Buffer.from(JSON.stringify(body), 'utf8').toString('base64'), { visibilityTimeout: delay, messageTimeToLive: -1 });
  }

  /** Receives visible messages, polling up to `waitSeconds`; dead-letters those past `maxAttempts`. */
  async receive(queue: string, options: ReceiveOptions = {}): Promise<Message[]> {
    const client = await this.client(queue);
    const max = receiveBatchSize(options);
    const visibilityTimeout = Math.max(options.visibilityTimeoutSeconds ?? this.settings.visibilityTimeoutSeconds, MIN_VISIBILITY_SECONDS);
    const deadline = Date.now() + (options.waitSeconds ?? 0) * 1000;
    for (;;) {
      const { receivedMessageItems } = await client.receiveMessages({ numberOfMessages: max, visibilityTimeout });
      const messages: Message[] = [];
      for (const item of receivedMessageItems) {
        if (item.dequeueCount > this.settings.maxAttempts) {
          await this.deadLetter(queue, item.messageText);
          await forget(client.deleteMessage(item.messageId, item.popReceipt));
          continue;
        }
        messages.push({ id: item.messageId, body: decode(item.messageText), attempts: item.dequeueCount, receipt: item.popReceipt });
      }
      if (messages.length > 0 || Date.now() >= deadline) return messages;
      await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
    }
  }

  /** Deletes the delivery; ignores a message that is gone or was redelivered since. */
  async ack(queue: string, message: Message): Promise<void> {
    const client = await this.client(queue);
    await forget(client.deleteMessage(message.id, message.receipt));
  }

  /** Makes the delivery visible again after `delaySeconds` (its dequeue count is kept). */
  async retry(queue: string, message: Message, delaySeconds: number): Promise<void> {
    const client = await this.client(queue);
    await forget(client.updateMessage(message.id, message.receipt, undefined, Math.max(0, Math.round(delaySeconds))));
  }

  /**
   * What the queue holds: the service's `approximateMessagesCount` from `getProperties`, which
   * counts visible, delayed and dequeued-but-not-deleted messages alike (at least that many, as
   * Azure documents). A queue that does not exist yet holds 0 and is not created.
   */
  async depth(queue: string): Promise<number> {
    try {
      const { approximateMessagesCount } = await this.service.getQueueClient(azureQueueName(queue)).getProperties();
      return approximateMessagesCount ?? 0;
    } catch (error) {
      if (error instanceof RestError && error.statusCode === 404) return 0;
      throw error;
    }
  }

  private async deadLetter(queue: string, messageText: string): Promise<void> {
    const dead = await this.client(deadLetterQueueName(queue));
    await dead.sendMessage(messageText, { messageTimeToLive: -1 });
  }

  private client(name: string): Promise<QueueClient> {
    let client = this.created.get(name);
    if (!client) {
      const queueClient = this.service.getQueueClient(azureQueueName(name));
      client = queueClient.createIfNotExists().then(() => queueClient);
      client.catch(() => this.created.delete(name));
      this.created.set(name, client);
    }
    return client;
  }
}

/** Parses a message's base64 JSON; text that is not (sent by another producer) is handed over as is. */
function decode(messageText: string): unknown {
  try {
    return JSON.parse(Buffer.from(messageText, 'base64').toString('utf8'));
  } catch {
    return messageText;
  }
}

/** Awaits a delete or update of one delivery, ignoring "gone" (404) and "redelivered since" (400 pop receipt mismatch). */
async function forget(call: Promise<unknown>): Promise<void> {
  try {
    await call;
  } catch (error) {
    const gone = error instanceof RestError && (error.statusCode === 404 || (error.statusCode === 400 && /popreceipt/i.test(String(error.code))));
    if (!gone) throw error;
  }
}
