import type { DevicePlatform, MobilePush, PushEvent } from '@kumo/core';

/**
 * Mobile push over one sender per device platform (e.g. `fcm` → `FcmMobilePush`, `apns` →
 * `ApnsMobilePush`): `send` hands the event to every configured sender, each of which reads its
 * own platform's tokens. All senders are tried; the first failure is rethrown afterwards so the
 * queued job is retried (senders skip nothing on a retry: mobile push is at-least-once).
 */
export class DeviceMobilePush implements MobilePush {
  constructor(private readonly senders: Partial<Record<DevicePlatform, MobilePush>>) {}

  /** The platforms this push delivers to. */
  get platforms(): DevicePlatform[] {
    return Object.keys(this.senders) as DevicePlatform[];
  }

  /** Sends the event through every platform's sender. */
  async send(userId: string, event: PushEvent): Promise<void> {
    const outcomes = await Promise.allSettled(Object.values(this.senders).map((sender) => sender.send(userId, event)));
    const failure = outcomes.find((outcome) => outcome.status === 'rejected');
    if (failure) throw failure.reason;
  }

  /** Closes the senders' connections (those that keep one, like APNs). */
  async close(): Promise<void> {
    await Promise.all(Object.values(this.senders).map((sender) => (sender as Partial<Closable>).close?.()));
  }
}

interface Closable {
  close(): Promise<void>;
}
