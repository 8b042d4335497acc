import type { InvocationContext } from '@azure/functions';
import { deadLetterQueueName, PORTS, resolve, runJob } from '@kumo/core';
import type { Container } from 'inversify';

/**
 * Runs one Storage Queue message as a Kumo job. A failure is rethrown, so the host makes the
 * message visible again (host.json `visibilityTimeout`) and redelivers it; on the delivery that
 * reaches `maxAttempts` a failed message is moved to `<queue>-dlq` instead — the same
 * dead-letter queue the Queue port and the admin console use — and the trigger succeeds.
 * host.json's `maxDequeueCount` is one more than `maxAttempts`, so the host's own `-poison` queue
 * only receives a message whose move to the dead-letter queue failed.
 */
export function queueTriggerHandler(container: Container, queueName: string, maxAttempts: number) {
  return async (message: unknown, context: InvocationContext): Promise<void> => {
    try {
      await runJob(container, queueName, message);
    } catch (error) {
      const attempts = Number(context.triggerMetadata?.dequeueCount ?? 1);
      if (attempts < maxAttempts) throw error;
      context.warn(`job on ${queueName} failed ${attempts} times; moved to ${deadLetterQueueName(queueName)}`, error);
      await resolve(container, PORTS.Queue).send(deadLetterQueueName(queueName), message);
    }
  };
}
