import { WebPubSubServiceClient, type WebPubSubServiceClientOptions } from '@azure/web-pubsub';
import { type MobilePush, type Push, type PushCapabilities, type PushConnection, type PushEvent, type PublishOutcome } from '@kumo/core';

/** How long a client access token from `clientUrl` / `connection` is valid. */
const CLIENT_TOKEN_MINUTES = 60;

/**
 * Push on Azure Web PubSub through the official `@azure/web-pubsub` client: one hub, game
 * clients connect as their user id (`clientUrl`), `publish` is `sendToUser` and presence is
 * `userExists` (a user with at least one live connection). A user who disconnects between the
 * presence check and the send misses the event, as the port allows (presence may lag).
 */
export class WebPubSubPush implements Push {
  /** Presence is the service's `userExists`, which is not documented to follow a connect or close at once. */
  readonly capabilities: PushCapabilities = { presence: true, exactPresence: false };

  constructor(private readonly hub: WebPubSubServiceClient) {}

  /** A push backend on the hub of a Web PubSub resource (connection string from configuration). */
  static fromConnectionString(connectionString: string, hub: string, options?: WebPubSubServiceClientOptions): WebPubSubPush {
    return new WebPubSubPush(new WebPubSubServiceClient(connectionString, hub, options));
  }

  /** Sends the event as JSON to every connection of the user, or answers `'offline'`. */
  async publish(userId: string, event: PushEvent): Promise<PublishOutcome> {
    if (!(await this.hub.userExists(userId))) return 'offline';
    await this.hub.sendToUser(userId, { type: event.type, data: event.data });
    return 'delivered';
  }

  /** Whether the user has a live connection to the hub. */
  isOnline(userId: string): Promise<boolean> {
    return this.hub.userExists(userId);
  }

  /** The WebSocket URL (with a one-hour access token) a game client of this user connects to. */
  async clientUrl(userId: string): Promise<string> {
    return (await this.connection(userId)).url;
  }

  /** `clientUrl` for the negotiate route, with when its token expires (a little before, measured from before the token was made). */
  async connection(userId: string): Promise<PushConnection> {
    const expiresAt = Date.now() + CLIENT_TOKEN_MINUTES * 60_000;
    const { url } = await this.hub.getClientAccessToken({ userId, expirationTimeInMinutes: CLIENT_TOKEN_MINUTES });
    return { protocol: 'webpubsub', url, expiresAt };
  }
}

/**
 * The Azure adapter's `MobilePush` when no Notification Hub is configured: logs one warning line
 * per notification and succeeds, like the other adapters' defaults, so mobile-push jobs do not
 * pile up in the dead-letter queue. Configure `notificationHubs` on the adapter
 * (`NotificationHubsMobilePush`) to deliver.
 */
export class NotificationHubsNotConfigured implements MobilePush {
  /** Logs that the notification was not sent. */
  async send(userId: string, event: PushEvent): Promise<void> {
    console.warn(JSON.stringify({ level: 'warn', message: 'mobile push is not configured (no Notification Hub); notification dropped', userId, type: event.type }));
  }
}
