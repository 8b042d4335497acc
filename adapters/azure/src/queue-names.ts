import { deadLetterQueueName, KumoError } from '@kumo/core';

/** Azure Storage queue names: 3–63 lowercase letters, digits and single hyphens, no hyphen at either end. */
const AZURE_QUEUE_NAME = /^(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*$/;

/** A port queue name Azure Storage cannot hold. */
export class InvalidQueueName extends KumoError {
  constructor(queue: string) {
    super('invalid', 'invalid_queue_name', `queue name "${queue}" is not a valid Azure Storage queue name (with its "-dlq" dead-letter queue)`, { queue });
  }
}

/**
 * Checks that a port queue name, and its dead-letter queue name, are valid Azure Storage queue
 * names, and returns it unchanged. Names are validated rather than mapped: a reversible mapping
 * into 63 lowercase characters would not keep names readable in the portal. Kumo's own queue
 * names (e.g. `kumo-mobile-push`) are valid.
 */
export function azureQueueName(queue: string): string {
  const dead = queue.endsWith('-dlq') ? queue : deadLetterQueueName(queue);
  if (!AZURE_QUEUE_NAME.test(queue) || !AZURE_QUEUE_NAME.test(dead)) throw new InvalidQueueName(queue);
  return queue;
}
