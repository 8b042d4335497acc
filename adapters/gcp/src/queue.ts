import { PubSub, type CreateSubscriptionOptions, type Topic, type v1 } from '@google-cloud/pubsub';
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
import { GRPC, grpcCode } from './grpc-errors';
import { subscriberClient } from './pubsub-client';
import { DELAYED_SUFFIX, DELIVER_AFTER, isDeadLetterQueue, PubSubNames } from './pubsub-names';
import { pubsubQueueCapabilities } from './capabilities';

/** Pub/Sub's bounds on a dead-letter policy's delivery attempts and on ack deadlines. */
const MAX_DELIVERY_ATTEMPTS = 100;
const MIN_ACK_DEADLINE = 10;
const MAX_ACK_DEADLINE = 600;
const POLL_MS = 250;
/** How often one queue instance looks for due delayed messages of a queue. */
const RELEASE_EVERY_MS = 1_000;

/** Connection settings of the Pub/Sub queue. */
export interface PubSubQueueOptions {
  projectId: string;
  /** `host:port` of an emulator; default: the public endpoint. */
  apiEndpoint?: string;
  settings?: QueueSettings;
  /** Prefix of every topic and subscription ID. Default `kumo-`. */
  prefix?: string;
  /**
   * Whether the queue creates the pull subscriptions `receive` reads (default true). Deployments
   * whose consumers are Pub/Sub-triggered functions set false: the trigger owns the subscription
   * (and its dead-letter policy), and a second, unread one would only pile messages up.
   * Dead-letter queues keep their pull subscription either way, for the admin to read and replay.
   */
  pullSubscriptions?: boolean;
}

/**
 * Queue on Google Cloud Pub/Sub, one topic and one pull subscription per queue, created on first use.
 *
 * - Visibility timeout = ack deadline: the subscription's deadline is the configured timeout
 *   (clamped to Pub/Sub's 10..600 s); a `receive` asking for another one sets it per message
 *   with `modifyAckDeadline`. An unacked message is redelivered when its deadline passes.
 * - Attempts = Pub/Sub's `deliveryAttempt`, which the service fills only on subscriptions with
 *   a dead-letter policy. Every queue's subscription has one: after `maxAttempts` deliveries
 *   (at least 5) Pub/Sub forwards the message to the `<queue>-dlq` topic, whose subscription
 *   has none (a dead-letter queue is drained by people, not dead-lettered again), so messages
 *   received from a dead-letter queue always report `attempts: 1`.
 * - Delay: Pub/Sub cannot hold a message back. A delayed message is published to
 *   `<queue>-delayed` with a `kumo-deliver-after` attribute; `receive` (or, in a deployment
 *   with triggers, `forwardIfDue`) moves due messages to the queue's topic and hides the
 *   others with `modifyAckDeadline` until they are due, all it pulled at once (each queue
 *   instance looks at most once a second, so a delayed message may arrive about a second
 *   late). Holding them on the queue's own subscription instead would spend delivery attempts and dead-letter long
 *   delays; Cloud Tasks would be the managed alternative, but it has no emulator to prove it
 *   against.
 * - `retry` is `modifyAckDeadline(delay)`: the message comes back after the delay, and counts
 *   as one more delivery.
 * - `receive` uses synchronous pull (`SubscriberClient.pull` with `returnImmediately`) and
 *   polls until `waitSeconds` has passed. `send` publishes at once (no client-side batching
 *   delay): jobs often send one message and wait for it.
 * - No `depth`: Pub/Sub's API cannot count a subscription's messages; only Cloud Monitoring's
 *   `subscription/num_undelivered_messages` metric can (sampled each minute, another API and
 *   permission, and no emulator to prove it against), so the dashboard shows the depth as null.
 */
export class PubSubQueue implements Queue {
  readonly capabilities = pubsubQueueCapabilities;
  readonly pubsub: PubSub;
  readonly names: PubSubNames;
  private readonly subscriber: v1.SubscriberClient;
  private readonly settings: QueueSettings;
  private readonly pull: boolean;
  private readonly ready = new Map<string, Promise<void>>();
  private readonly topics = new Map<string, Topic>();
  private readonly releasedAt = new Map<string, number>();

  constructor(options: PubSubQueueOptions) {
    this.pubsub = new PubSub({ projectId: options.projectId, apiEndpoint: options.apiEndpoint });
    this.subscriber = subscriberClient(this.pubsub);
    this.names = new PubSubNames(options.projectId, options.prefix ?? 'kumo-');
    this.settings = options.settings ?? DEFAULT_QUEUE_SETTINGS;
    this.pull = options.pullSubscriptions ?? true;
  }

  /** Publishes one message (to `<queue>-delayed` if it has a delay). */
  async send(queue: string, body: unknown, options: SendOptions = {}): Promise<void> {
    const delay = assertSendable(this.capabilities, 'pubsub', body, options);
    await this.ensure(queue);
    const data = Buffer.from(JSON.stringify(body));
    if (delay === 0) await this.topic(this.names.id(queue)).publishMessage({ data });
    else await this.topic(this.names.id(queue) + DELAYED_SUFFIX).publishMessage({ data, attributes: { [DELIVER_AFTER]: String(Date.now() + delay * 1000) } });
  }

  /** Pulls up to `max` messages, releasing due delayed ones first; polls until `waitSeconds` passed. */
  async receive(queue: string, options: ReceiveOptions = {}): Promise<Message[]> {
    if (!this.pull && !isDeadLetterQueue(queue)) throw new Unsupported('this queue has no pull subscription: its consumer is a Pub/Sub trigger');
    await this.ensure(queue);
    const max = receiveBatchSize(options);
    const visibility = options.visibilityTimeoutSeconds ?? this.settings.visibilityTimeoutSeconds;
    const subscription = this.names.subscription(queue);
    const deadline = Date.now() + (options.waitSeconds ?? 0) * 1000;
    for (;;) {
      if (!isDeadLetterQueue(queue)) await this.releaseDue(queue);
      const [response] = await this.subscriber.pull({ subscription, maxMessages: max, returnImmediately: true });
      const received = response.receivedMessages ?? [];
      if (received.length > 0) {
        if (visibility !== this.ackDeadline()) {
          const ackIds = received.map((r) => r.ackId!);
          await this.subscriber.modifyAckDeadline({ subscription, ackIds, ackDeadlineSeconds: clampDeadline(visibility, 1) });
        }
        return received.map((r) => ({
          id: r.message!.messageId!,
          body: JSON.parse(Buffer.from(r.message!.data!).toString('utf8')),
          attempts: Math.max(r.deliveryAttempt ?? 0, 1),
          receipt: r.ackId!,
        }));
      }
      if (Date.now() >= deadline) return [];
      await sleep(POLL_MS);
    }
  }

  /** Acknowledges the delivery; an expired or unknown ack ID is not an error. */
  async ack(queue: string, message: Message): Promise<void> {
    await this.subscriber.acknowledge({ subscription: this.names.subscription(queue), ackIds: [message.receipt] }).catch(ignoreGone);
  }

  /** Sets the delivery's ack deadline to `delaySeconds`: it is redelivered then. */
  async retry(queue: string, message: Message, delaySeconds: number): Promise<void> {
    const ackDeadlineSeconds = clampDeadline(delaySeconds, 0);
    await this.subscriber.modifyAckDeadline({ subscription: this.names.subscription(queue), ackIds: [message.receipt], ackDeadlineSeconds }).catch(ignoreGone);
  }

  /**
   * For a message of a `<queue>-delayed` topic delivered by a trigger: publishes it to the
   * queue's topic if it is due and returns true, else returns the seconds it still has to wait
   * (the trigger should fail so that Pub/Sub redelivers it later).
   */
  async forwardIfDue(queue: string, data: Buffer, attributes: Record<string, string>): Promise<true | number> {
    const wait = Math.ceil((Number(attributes[DELIVER_AFTER] ?? 0) - Date.now()) / 1000);
    if (wait > 0) return wait;
    await this.topic(this.names.id(queue)).publishMessage({ data });
    return true;
  }

  /** Closes the gRPC channels. */
  async close(): Promise<void> {
    await Promise.all([this.subscriber.close(), this.pubsub.close()]);
  }

  private async releaseDue(queue: string): Promise<void> {
    if (Date.now() - (this.releasedAt.get(queue) ?? 0) < RELEASE_EVERY_MS) return;
    this.releasedAt.set(queue, Date.now());
    const subscription = this.names.subscription(queue) + DELAYED_SUFFIX;
    const [response] = await this.subscriber.pull({ subscription, maxMessages: 100, returnImmediately: true });
    // Side by side: one by one, 100 messages cost 200 round trips, and every receive of the queue waited for them.
    await Promise.all(
      (response.receivedMessages ?? []).map(async (received) => {
        const message = received.message!;
        const due = await this.forwardIfDue(queue, Buffer.from(message.data!), message.attributes ?? {});
        if (due === true) await this.subscriber.acknowledge({ subscription, ackIds: [received.ackId!] }).catch(ignoreGone);
        else await this.subscriber.modifyAckDeadline({ subscription, ackIds: [received.ackId!], ackDeadlineSeconds: clampDeadline(due, 1) }).catch(ignoreGone);
      }),
    );
  }

  private ensure(queue: string): Promise<void> {
    let ready = this.ready.get(queue);
    if (!ready) {
      ready = this.create(queue);
      ready.catch(() => this.ready.delete(queue));
      this.ready.set(queue, ready);
    }
    return ready;
  }

  /** Creates the queue's topics and subscriptions (dead-letter queue first, so nothing is dropped). */
  private async create(queue: string): Promise<void> {
    const id = this.names.id(queue);
    if (isDeadLetterQueue(queue)) {
      await this.createTopic(id);
      await this.createSubscription(id, id, {});
      return;
    }
    const deadLetter = this.names.id(deadLetterQueueName(queue));
    await this.ensure(deadLetterQueueName(queue));
    await Promise.all([this.createTopic(id), this.createTopic(id + DELAYED_SUFFIX)]);
    if (!this.pull) return;
    await this.createSubscription(id + DELAYED_SUFFIX, id + DELAYED_SUFFIX, {});
    const maxDeliveryAttempts = Math.min(Math.max(this.settings.maxAttempts, this.capabilities.minMaxAttempts), MAX_DELIVERY_ATTEMPTS);
    await this.createSubscription(id, id, {
      ackDeadlineSeconds: this.ackDeadline(),
      deadLetterPolicy: { deadLetterTopic: this.pubsub.topic(deadLetter).name, maxDeliveryAttempts },
    });
  }

  private async createTopic(id: string): Promise<void> {
    await this.pubsub.createTopic(id).catch(ignoreExists);
  }

  private async createSubscription(topicId: string, id: string, options: CreateSubscriptionOptions): Promise<void> {
    await this.pubsub.topic(topicId).createSubscription(id, options).catch(ignoreExists);
  }

  private topic(id: string): Topic {
    let topic = this.topics.get(id);
    if (!topic) this.topics.set(id, (topic = this.pubsub.topic(id, { batching: { maxMessages: 1 } })));
    return topic;
  }

  private ackDeadline(): number {
    return clampDeadline(this.settings.visibilityTimeoutSeconds, MIN_ACK_DEADLINE);
  }
}

function clampDeadline(seconds: number, min: number): number {
  return Math.min(Math.max(Math.ceil(seconds), min), MAX_ACK_DEADLINE);
}

function ignoreExists(error: unknown): void {
  if (grpcCode(error) !== GRPC.ALREADY_EXISTS) throw error;
}

function ignoreGone(error: unknown): void {
  if (grpcCode(error) !== GRPC.INVALID_ARGUMENT && grpcCode(error) !== GRPC.NOT_FOUND) throw error;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
