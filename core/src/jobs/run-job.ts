import type { Container } from 'inversify';
import { resolve } from '../container';
import { SERVICES } from '../services/tokens';

/**
 * Runs one delivered queue job (cloud entry points: SQS, Pub/Sub, Storage Queue triggers).
 * Throws if the job failed, so the platform redelivers it and dead-letters it after its limit.
 */
export async function runJob(container: Container, queueName: string, body: unknown): Promise<void> {
  await resolve(container, SERVICES.Jobs).run(queueName, body);
}
