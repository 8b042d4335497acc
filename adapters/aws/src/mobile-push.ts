import type { MobilePush, PushEvent } from '@kumo/core';

/**
 * The AWS adapter's default `MobilePush`: a documented no-op that writes one JSON log line per
 * notification and drops it. Kumo keeps no device registry yet, so there is no SNS platform
 * endpoint to publish to; pass `mobilePush` to `awsModule` (for example an SNS publisher to
 * per-device endpoints) to deliver them.
 */
export class LoggingMobilePush implements MobilePush {
  constructor(private readonly log: (line: string) => void = (line) => console.warn(line)) {}

  /** Logs that the notification was not delivered. */
  async send(userId: string, event: PushEvent): Promise<void> {
    this.log(JSON.stringify({ level: 'warn', msg: 'mobile push is not configured; notification dropped', userId, type: event.type }));
  }
}
