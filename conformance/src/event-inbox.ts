import type { PushEvent } from '@kumo/core';

/** Buffers events a test client receives and hands them out in order, for `PushClient.next`. */
export class EventInbox {
  private readonly buffered: PushEvent[] = [];
  private readonly waiters: Array<{ resolve: (event: PushEvent) => void; timer: NodeJS.Timeout }> = [];

  /** Called by the client's transport for each event received. */
  deliver(event: PushEvent): void {
    const waiter = this.waiters.shift();
    if (!waiter) return void this.buffered.push(event);
    clearTimeout(waiter.timer);
    waiter.resolve(event);
  }

  /** The next event, or a rejection after `timeoutMs`. */
  next(timeoutMs = 3_000): Promise<PushEvent> {
    const event = this.buffered.shift();
    if (event) return Promise.resolve(event);
    return new Promise((resolve, reject) => {
      const waiter = {
        resolve,
        timer: setTimeout(() => {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          reject(new Error(`no event within ${timeoutMs}ms`));
        }, timeoutMs),
      };
      this.waiters.push(waiter);
    });
  }
}
