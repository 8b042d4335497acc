import type { MobilePush, PushEvent } from '@kumo/core';

/**
 * The AWS adapter's `MobilePush` when no SNS platform application is configured: a documented
 * no-op that writes one JSON log line per notification and drops it, so mobile-push jobs do not
 * pile up in the dead-letter queue. Configure `sns` on the adapter (`SnsMobilePush`) to deliver.
 */
export class LoggingMobilePush implements MobilePush {
  constructor(private readonly log: (line: string) => void = (line) => console.warn(line)) {}

  /** Logs that the notification was not delivered. */
  async send(userId: string, event: PushEvent): Promise<void> {
    this.log(JSON.stringify({ level: 'warn', msg: 'mobile push is not configured; notification dropped', userId, type: event.type }));
  }
}
