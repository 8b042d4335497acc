import type { Queue } from '../ports/queue';
import type { JobRunner } from './job-runner';

/** Options of a `JobWorker`. */
export interface JobWorkerOptions {
  /** Jobs run at once, over every queue (default 64). */
  concurrency?: number;
  /**
   * Longest pause between two receives of an idle queue, in ms; a busy queue is read again at once.
   * Default 250, or 1000 on a queue that wakes the worker on sends (`onSent`): then it only bounds
   * how late a delayed or retried message is picked up.
   */
  maxIdleMs?: number;
  /** Told of a receive, ack or hand-back that failed (the worker goes on; the queue redelivers); default: logged to stderr. */
  onError?: (queue: string, error: unknown) => void;
}

/** Pause after the first empty receive of a queue; it doubles on each further empty one, up to `maxIdleMs`. */
const FIRST_IDLE_MS = 2;

/** Wakes a sleeping receive loop early; a ring while the loop is busy makes its next sleep end at once. */
class Alarm {
  private rung = false;
  private wake: (() => void) | undefined;

  /** Ends the current sleep, or the next one. */
  ring(): void {
    this.rung = true;
    this.wake?.();
  }

  /** Sleeps `ms`, less if rung meanwhile (or before). */
  async sleep(ms: number): Promise<void> {
    if (!this.rung) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, ms);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    this.wake = undefined;
    this.rung = false;
  }
}

/**
 * A pull worker for local and self-hosted runs: one receive loop per queue, reading continuously
 * while the queue has work and backing off (2 ms doubling to `maxIdleMs`) while it has none. On a
 * queue that offers `onSent` (PostgreSQL: LISTEN/NOTIFY; the embedded queue) a send wakes the
 * loop at once, and the backoff only bounds how late delayed and retried messages are picked up.
 * The jobs received run concurrently, at most `concurrency` at once over all queues. A loop
 * receives only as many messages as there are free slots, so nothing waits out its visibility
 * timeout in the worker's hands. Acks, retries with backoff and dead letters are `JobRunner.handle`'s.
 */
export class JobWorker {
  private readonly concurrency: number;
  private readonly maxIdleMs: number;
  private readonly onError: (queue: string, error: unknown) => void;
  private running = 0;
  private handled = { succeeded: 0, failed: 0 };
  private readonly waiting: Array<() => void> = [];
  private readonly inFlight = new Set<Promise<void>>();
  private loops: Array<Promise<void>> = [];
  private readonly alarms = new Set<Alarm>();
  private stopped = false;

  constructor(
    private readonly runner: JobRunner,
    private readonly queue: Queue,
    options: JobWorkerOptions = {},
  ) {
    this.concurrency = Math.max(1, options.concurrency ?? 64);
    this.maxIdleMs = Math.max(FIRST_IDLE_MS, options.maxIdleMs ?? (queue.onSent ? 1_000 : 250));
    this.onError = options.onError ?? ((queue, error) => console.error(`job worker (${queue}):`, error));
  }

  /** Jobs that succeeded and jobs handed back for a retry since the worker was built. */
  get counts(): { succeeded: number; failed: number } {
    return { ...this.handled };
  }

  /** Jobs received and not finished yet. */
  get jobsRunning(): number {
    return this.inFlight.size;
  }

  /** Starts one receive loop per queue that has a handler. */
  start(): void {
    this.stopped = false;
    this.loops = this.runner.queues().map((name) => this.loop(name));
  }

  /** Stops receiving, then waits for the jobs already received to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const wake of this.waiting.splice(0)) wake();
    for (const alarm of this.alarms) alarm.ring();
    await Promise.all(this.loops);
    await Promise.all(this.inFlight);
  }

  private async loop(name: string): Promise<void> {
    const alarm = new Alarm();
    this.alarms.add(alarm);
    const stopListening = this.queue.onSent?.(name, () => alarm.ring());
    try {
      await this.receiveUntilStopped(name, alarm);
    } finally {
      stopListening?.();
      this.alarms.delete(alarm);
    }
  }

  private async receiveUntilStopped(name: string, alarm: Alarm): Promise<void> {
    let idleMs = 0;
    while (!this.stopped) {
      await this.slotFree();
      const wanted = Math.min(10, this.concurrency - this.running);
      if (this.stopped) return;
      if (wanted <= 0) continue;
      this.running += wanted;
      const messages = await this.queue.receive(name, { max: wanted }).catch((error: unknown) => {
        this.onError(name, error);
        return [];
      });
      this.release(wanted - messages.length);
      for (const message of messages) this.track(name, this.runner.handle(name, message).then((succeeded) => void this.handled[succeeded ? 'succeeded' : 'failed']++));
      if (messages.length > 0) {
        idleMs = 0;
        continue;
      }
      idleMs = Math.min(this.maxIdleMs, idleMs === 0 ? FIRST_IDLE_MS : idleMs * 2);
      await alarm.sleep(idleMs);
    }
  }

  /** Waits until at least one slot is free (or the worker stops). */
  private async slotFree(): Promise<void> {
    while (this.running >= this.concurrency && !this.stopped) await new Promise<void>((wake) => this.waiting.push(wake));
  }

  /** Frees `count` slots and wakes as many waiting loops. */
  private release(count: number): void {
    this.running -= count;
    for (const wake of this.waiting.splice(0, count)) wake();
  }

  /** Holds a reserved slot until the job ends. */
  private track(queue: string, job: Promise<void>): void {
    const done = job
      .catch((error: unknown) => this.onError(queue, error))
      .finally(() => {
        this.inFlight.delete(done);
        this.release(1);
      });
    this.inFlight.add(done);
  }
}
