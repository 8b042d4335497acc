import apn from '@parse/node-apn';
import { KumoError, Throttled, type MobilePush, type PushEvent } from '@kumo/core';
import type { DeviceTokenSource, StaleTokenHandler } from './token-source';

/** Token-based (.p8 key) credentials and where to send, for `ApnsMobilePush`. */
export interface ApnsOptions {
  /** The .p8 signing key's PEM text (from a secret, never from code). */
  key: string;
  /** The key's id (10 characters, from the Apple developer account). */
  keyId: string;
  /** The team id the key belongs to. */
  teamId: string;
  /** The app's bundle id: the `apns-topic` of every notification. */
  topic: string;
  /** `api.push.apple.com` when true, the sandbox (development builds) otherwise. */
  production: boolean;
  /** Where the user's APNs device tokens come from. */
  deviceTokens: DeviceTokenSource;
  /** Called with a token APNs reports as no longer valid, so the registry can drop it. */
  onStaleToken?: StaleTokenHandler;
  /** `host:port` of the APNs server (default: Apple's, by `production`); tests point it at a local server. */
  address?: string;
  /** Extra trusted certificates (PEM), for a local server with its own certificate. */
  ca?: string[];
}

/** APNs reasons that mean the token will never work again for this app. */
const STALE_REASONS = new Set(['BadDeviceToken', 'Unregistered', 'DeviceTokenNotForTopic', 'ExpiredToken']);
/** APNs answers that mean "later": the queued job is retried. */
const BUSY_STATUSES = new Set([429, 500, 503]);

/**
 * Mobile push straight to the Apple Push Notification service over HTTP/2 with token-based
 * authentication (a JWT signed by the .p8 key, renewed by `@parse/node-apn`). The event travels as
 * a background notification (`content-available`, push type `background`) whose payload holds
 * `type` and `data`, so the game decides how to show it.
 *
 * Outcomes: tokens APNs rejects as bad, unregistered (410) or for another topic are dropped
 * through `onStaleToken` and do not fail the send; 429/500/503 become `Throttled`, other
 * failures a `KumoError`, so the queued job fails and the queue redelivers it. The HTTP/2
 * connection is opened on first use and kept; `close` ends it.
 */
export class ApnsMobilePush implements MobilePush {
  private provider: apn.Provider | undefined;

  constructor(private readonly options: ApnsOptions) {}

  /** Sends the event to each of the user's APNs devices. */
  async send(userId: string, event: PushEvent): Promise<void> {
    const tokens = await this.options.deviceTokens(userId);
    if (tokens.length === 0) return;
    const { failed } = await this.connection().send(this.notification(event), tokens);
    let retry: KumoError | undefined;
    for (const failure of failed) {
      const reason = failure.response?.reason ?? failure.error?.message ?? 'no answer';
      if (STALE_REASONS.has(reason)) await this.options.onStaleToken?.(userId, failure.device);
      else if (failure.status !== undefined && BUSY_STATUSES.has(failure.status)) retry ??= new Throttled(`APNs answered ${failure.status}`, { reason });
      else retry ??= new KumoError('unavailable', 'apns_failed', `APNs answered ${failure.status ?? 'nothing'}: ${reason}`, { reason });
    }
    if (retry) throw retry;
  }

  /** Closes the HTTP/2 connection (a new one opens on the next send). */
  async close(): Promise<void> {
    await this.provider?.shutdown();
    this.provider = undefined;
  }

  private connection(): apn.Provider {
    const { key, keyId, teamId, production, address, ca } = this.options;
    const [host, port] = address?.split(':') ?? [];
    this.provider ??= new apn.Provider({ token: { key, keyId, teamId }, production, ...(host ? { address: host, port: Number(port ?? 443) } : {}), ...(ca ? { ca } : {}) });
    return this.provider;
  }

  private notification(event: PushEvent): apn.Notification {
    const notification = new apn.Notification();
    notification.topic = this.options.topic;
    notification.pushType = 'background';
    notification.priority = 5;
    notification.contentAvailable = true;
    notification.payload = { type: event.type, data: event.data };
    return notification;
  }
}
