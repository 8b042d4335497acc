import { KumoError } from '@kumo/core';

/** How one client call ended: an answer, a refusal the game shows the player, or no answer at all. */
export type Outcome<T> =
  | { status: 'ok'; value: T }
  | { status: 'refused'; error: KumoError }
  | { status: 'unresolved'; error: unknown };

/**
 * Whether an error is the backend's answer (a refusal such as `insufficient_funds`, which a client
 * shows and does not retry) rather than a failure whose outcome the client cannot know: a
 * conflict that outlasted the server's retries, throttling, an unknown commit, a dropped link.
 */
export function isRefusal(error: unknown): error is KumoError {
  return error instanceof KumoError && error.kind !== 'unavailable' && error.kind !== 'internal' && error.code !== 'conflict';
}

/** Options of a `SoakClient`. */
export interface SoakClientOptions {
  /** Attempts of one call while faults are injected (default 8). */
  attempts?: number;
}

/**
 * A game client's retry loop: a call that fails without an answer is sent again, unchanged (so
 * with the same idempotency key), after a short growing pause. A call still without an answer
 * after `attempts` waits until faults stop (`calm`), as a player retries later, and tries again.
 */
export class SoakClient {
  /** Calls sent again after a failure. */
  retries = 0;
  /** Calls that only got an answer after faults stopped. */
  retriedLater = 0;
  /** Calls waiting right now for faults to stop. */
  waiting = 0;
  private readonly attempts: number;
  private calmed!: () => void;
  private readonly calm = new Promise<void>((resolve) => (this.calmed = resolve));

  constructor(options: SoakClientOptions = {}) {
    this.attempts = options.attempts ?? 8;
  }

  /** Lets calls that are waiting for faults to stop try again. */
  faultsStopped(): void {
    this.calmed();
  }

  /** Runs `call` until it answers or refuses; `unresolved` only if it still fails after faults stopped. */
  async call<T>(call: () => Promise<T>): Promise<Outcome<T>> {
    const first = await this.tryRepeatedly(call);
    if (first.status !== 'unresolved') return first;
    this.waiting++;
    await this.calm;
    this.waiting--;
    this.retriedLater++;
    return this.tryRepeatedly(call);
  }

  private async tryRepeatedly<T>(call: () => Promise<T>): Promise<Outcome<T>> {
    let last: unknown;
    for (let attempt = 1; attempt <= this.attempts; attempt++) {
      if (attempt > 1) {
        this.retries++;
        await new Promise((resolve) => setTimeout(resolve, 5 * attempt));
      }
      try {
        return { status: 'ok', value: await call() };
      } catch (error) {
        if (isRefusal(error)) return { status: 'refused', error };
        last = error;
      }
    }
    return { status: 'unresolved', error: last };
  }
}
