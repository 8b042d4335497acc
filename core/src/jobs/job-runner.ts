import type { PortDecorators } from '../http/telemetry';
import { KumoError } from '../ports/errors';
import type { Message, Queue } from '../ports/queue';

/** Handles one job body. Must be idempotent: the queue delivers at least once. */
export type JobHandler = (body: unknown) => Promise<void>;

/** The queue has no handler. */
export class UnknownQueue extends KumoError {
  constructor(queue: string) {
    super('not_found', 'unknown_queue', `no job handler for queue ${queue}`, { queue });
  }
}

/** Backoff before the n-th redelivery of a failed job: 2^n seconds, capped at 5 minutes. */
export const retryDelaySeconds = (attempts: number) => Math.min(300, 2 ** attempts);

/** Options of a `JobRunner`. */
export interface JobRunnerOptions {
  /** Seconds before a job that failed on its n-th delivery is delivered again (default `retryDelaySeconds`). */
  backoff?: (attempts: number) => number;
}

/**
 * Routes queue jobs to their handlers. Cloud entry points call `run` for each delivered message
 * (a thrown error makes the platform redeliver); local runs drain queues with a `JobWorker`, and
 * tests step through jobs with `poll`.
 */
export class JobRunner {
  private readonly handlers = new Map<string, JobHandler>();

  private readonly backoff: (attempts: number) => number;

  private around: PortDecorators['jobs'];

  constructor(
    private readonly queue: Queue,
    options: JobRunnerOptions = {},
  ) {
    this.backoff = options.backoff ?? retryDelaySeconds;
  }

  /** Registers the handler of a queue. */
  register(queueName: string, handler: JobHandler): void {
    this.handlers.set(queueName, handler);
  }

  /** The queues that have handlers. */
  queues(): string[] {
    return [...this.handlers.keys()];
  }

  /** Runs every job inside `around` from now on (telemetry: a span per job; see `PortDecorators.jobs`). */
  observe(around: NonNullable<PortDecorators['jobs']>): void {
    this.around = around;
  }

  /** Runs one job; throws if the handler failed, so the platform retries it. */
  async run(queueName: string, body: unknown): Promise<void> {
    const handler = this.handlers.get(queueName);
    if (!handler) throw new UnknownQueue(queueName);
    await (this.around ? this.around(queueName, body, handler) : handler(body));
  }

  /**
   * Receives one batch from each queue and runs it: acks successes, schedules failures for a
   * retry with backoff (after `maxAttempts` the queue moves them to the dead-letter queue).
   * The queues are polled at once and a batch's jobs run at once (handlers are idempotent and
   * already run side by side on cloud triggers), so a round costs about one receive and one job,
   * not one per queue and per job. A queue whose receive fails does not hold the others up: its
   * error is thrown once every queue's batch has run. Returns the number of jobs that succeeded.
   */
  async poll(waitSeconds = 0): Promise<number> {
    const rounds = await Promise.allSettled(this.queues().map((queueName) => this.pollQueue(queueName, waitSeconds)));
    const failed = rounds.find((round) => round.status === 'rejected');
    if (failed) throw failed.reason;
    return rounds.reduce((done, round) => done + (round.status === 'fulfilled' ? round.value : 0), 0);
  }

  private async pollQueue(queueName: string, waitSeconds: number): Promise<number> {
    const messages = await this.queue.receive(queueName, { max: 10, waitSeconds });
    const succeeded = await Promise.all(messages.map((message) => this.handle(queueName, message)));
    return succeeded.filter(Boolean).length;
  }

  /** Runs one received message: acks it on success, else hands it back with backoff. Returns whether it succeeded. */
  async handle(queueName: string, message: Message): Promise<boolean> {
    try {
      await this.run(queueName, message.body);
      await this.queue.ack(queueName, message);
      return true;
    } catch {
      await this.queue.retry(queueName, message, this.backoff(message.attempts));
      return false;
    }
  }
}
