import { randomUUID } from 'node:crypto';
import {
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  QueueDoesNotExist,
  ReceiveMessageCommand,
  SendMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import {
  deadLetterQueueName,
  DEFAULT_QUEUE_SETTINGS,
  assertSendable,
  receiveBatchSize,
  Unsupported,
  type Message,
  type Queue,
  type QueueSettings,
  type ReceiveOptions,
  type SendOptions,
} from '@kumo/core';
import { sqsQueueCapabilities } from './capabilities';
import { sqsQueueName } from './queue-names';

/** Options of `SqsQueue`. */
export interface SqsQueueOptions {
  client: SQSClient;
  settings?: QueueSettings;
  /** Prepended to every SQS queue name (a stage or title, e.g. `prod-`). */
  queuePrefix?: string;
}

/**
 * Queue on Amazon SQS. A queue is created on first use together with its dead-letter queue
 * (`<name>-dlq`) and a redrive policy whose `maxReceiveCount` is `maxAttempts`, so SQS itself
 * moves a message to the dead-letter queue. `attempts` is SQS's `ApproximateReceiveCount`;
 * `retry` is `ChangeMessageVisibility`.
 */
export class SqsQueue implements Queue {
  readonly capabilities = sqsQueueCapabilities;
  private readonly client: SQSClient;
  private readonly settings: QueueSettings;
  private readonly prefix: string;
  private readonly urls = new Map<string, Promise<string>>();

  constructor(options: SqsQueueOptions) {
    this.client = options.client;
    this.settings = options.settings ?? DEFAULT_QUEUE_SETTINGS;
    this.prefix = options.queuePrefix ?? '';
  }

  /** Sends one message (FIFO queues: its own message group, deduplicated by `dedupeId`). */
  async send(queue: string, body: unknown, options: SendOptions = {}): Promise<void> {
    const { fifo } = sqsQueueName(queue, this.prefix);
    const delay = assertSendable(this.capabilities, 'sqs', body, options);
    if (fifo && delay > 0) throw new Unsupported('SQS FIFO queues do not accept per-message delays');
    const fifoFields = fifo ? { MessageGroupId: randomUUID(), MessageDeduplicationId: options.dedupeId ?? randomUUID() } : { DelaySeconds: delay };
    await this.client.send(new SendMessageCommand({ QueueUrl: await this.url(queue), MessageBody: JSON.stringify(body), ...fifoFields }));
  }

  /** Receives up to `max` messages (long polling up to `waitSeconds`). */
  async receive(queue: string, options: ReceiveOptions = {}): Promise<Message[]> {
    const { Messages = [] } = await this.client.send(
      new ReceiveMessageCommand({
        QueueUrl: await this.url(queue),
        MaxNumberOfMessages: receiveBatchSize(options),
        VisibilityTimeout: options.visibilityTimeoutSeconds,
        WaitTimeSeconds: options.waitSeconds ?? 0,
        MessageSystemAttributeNames: ['ApproximateReceiveCount'],
      }),
    );
    return Messages.map((message) => ({
      id: message.MessageId!,
      body: JSON.parse(message.Body ?? 'null'),
      attempts: Number(message.Attributes?.ApproximateReceiveCount ?? 1),
      receipt: message.ReceiptHandle!,
    }));
  }

  /** Deletes the message; a receipt that is no longer valid is ignored. */
  async ack(queue: string, message: Message): Promise<void> {
    await ignoreGone(this.client.send(new DeleteMessageCommand({ QueueUrl: await this.url(queue), ReceiptHandle: message.receipt })));
  }

  /** Makes the message visible again after `delaySeconds` (ChangeMessageVisibility). */
  async retry(queue: string, message: Message, delaySeconds: number): Promise<void> {
    const VisibilityTimeout = Math.max(0, Math.min(Math.round(delaySeconds), 43_200));
    await ignoreGone(this.client.send(new ChangeMessageVisibilityCommand({ QueueUrl: await this.url(queue), ReceiptHandle: message.receipt, VisibilityTimeout })));
  }

  /**
   * What the queue holds: SQS's approximate counts of visible, in-flight (`NotVisible`) and delayed
   * messages, from `GetQueueAttributes` (approximate for about a minute after a change, as SQS
   * documents). A queue that does not exist yet holds 0 and is not created.
   */
  async depth(queue: string): Promise<number> {
    const url = await this.existingUrl(queue);
    if (url === undefined) return 0;
    const AttributeNames = ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'] as const;
    const { Attributes = {} } = await this.client.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: [...AttributeNames] }));
    return AttributeNames.reduce((sum, name) => sum + Number(Attributes[name] ?? 0), 0);
  }

  /** The URL of a queue that exists (known, or looked up), or undefined. */
  private async existingUrl(queue: string): Promise<string | undefined> {
    const known = this.urls.get(queue);
    if (known) return known;
    try {
      const { QueueUrl } = await this.client.send(new GetQueueUrlCommand({ QueueName: sqsQueueName(queue, this.prefix).physical }));
      return QueueUrl;
    } catch (error) {
      if (error instanceof QueueDoesNotExist) return undefined;
      throw error;
    }
  }

  /**
   * The queue's URL, creating the queue (and its dead-letter queue) on first use. A queue that
   * already exists (declared in a template, with its own settings) is used as it is.
   */
  private url(queue: string): Promise<string> {
    let url = this.urls.get(queue);
    if (!url) {
      url = this.create(queue);
      url.catch(() => this.urls.delete(queue));
      this.urls.set(queue, url);
    }
    return url;
  }

  private async create(queue: string): Promise<string> {
    const name = sqsQueueName(queue, this.prefix);
    try {
      const { QueueUrl } = await this.client.send(new GetQueueUrlCommand({ QueueName: name.physical }));
      return QueueUrl!;
    } catch (error) {
      if (!(error instanceof QueueDoesNotExist)) throw error;
    }
    const attributes: Record<string, string> = { VisibilityTimeout: String(this.settings.visibilityTimeoutSeconds) };
    if (name.fifo) attributes.FifoQueue = 'true';
    if (!name.deadLetter) {
      const dlqUrl = await this.url(deadLetterQueueName(queue));
      const { Attributes } = await this.client.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] }));
      attributes.RedrivePolicy = JSON.stringify({ deadLetterTargetArn: Attributes!.QueueArn, maxReceiveCount: this.settings.maxAttempts });
    }
    const { QueueUrl } = await this.client.send(new CreateQueueCommand({ QueueName: name.physical, Attributes: attributes }));
    return QueueUrl!;
  }
}

/** SQS errors that mean "this delivery is already over": the message was deleted or redelivered. */
const GONE = new Set(['ReceiptHandleIsInvalid', 'MessageNotInflight', 'InvalidParameterValue']);

async function ignoreGone(call: Promise<unknown>): Promise<void> {
  try {
    await call;
  } catch (error) {
    if (!GONE.has((error as { name?: string }).name ?? '')) throw error;
  }
}
