import { KumoError } from '@kumo/core';

/** Suffix of the topic that holds a queue's delayed messages until they are due. */
export const DELAYED_SUFFIX = '-delayed';
/** Suffix Kumo gives dead-letter queues (`deadLetterQueueName`). */
export const DEAD_LETTER_SUFFIX = '-dlq';
/** Attribute of a delayed message: when it is due, in epoch milliseconds. */
export const DELIVER_AFTER = 'kumo-deliver-after';

const ALLOWED = /^[A-Za-z0-9\-_.~+%]+$/;
const MAX_NAME = 255;

/**
 * Pub/Sub resource names of queues: topic and subscription IDs are `<prefix><queue>` (the two
 * namespaces are separate, so a queue's topic and its pull subscription share one ID).
 */
export class PubSubNames {
  constructor(
    private readonly projectId: string,
    private readonly prefix: string,
  ) {}

  /** The topic/subscription ID of a queue; throws a typed error for a name Pub/Sub would refuse. */
  id(queue: string): string {
    const id = `${this.prefix}${queue}`;
    if (!ALLOWED.test(queue) || !/^[A-Za-z]/.test(id) || id.length < 3 || id.length + DELAYED_SUFFIX.length > MAX_NAME || id.startsWith('goog')) {
      throw new KumoError('invalid', 'invalid_queue_name', `queue name "${queue}" does not make a valid Pub/Sub topic ID`, { queue });
    }
    return id;
  }

  /** The full subscription path of a queue. */
  subscription(queue: string): string {
    return `projects/${this.projectId}/subscriptions/${this.id(queue)}`;
  }

  /** The queue a topic ID belongs to, or `undefined` if the topic is not one of this prefix's. */
  queueOfTopic(topicId: string): string | undefined {
    return topicId.startsWith(this.prefix) ? topicId.slice(this.prefix.length) : undefined;
  }
}

/** Whether a queue is a dead-letter queue (it has no dead-letter queue of its own). */
export function isDeadLetterQueue(queue: string): boolean {
  return queue.endsWith(DEAD_LETTER_SUFFIX);
}
