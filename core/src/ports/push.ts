/**
 * Push port: real-time events to connected game clients.
 *
 * Contract every adapter keeps (proved by `describePush` in @kumo/conformance):
 * - `publish` delivers the event to every connection of the user that is online when it is
 *   called, at most once per connection, and resolves to `'delivered'`. If the user has no
 *   connection it resolves to `'offline'` without error; the caller decides on a fallback
 *   (core's `Notifier` hands it to `MobilePush` through the job queue).
 * - `isOnline` reports whether the user has at least one live connection. Presence may lag a
 *   disconnect by the backend's keep-alive interval.
 * - `connection` (optional, the negotiate step behind `GET /v1/push/connection`) tells a game
 *   client of the user how to connect so that `publish` reaches it: a URL, and for MQTT the topic
 *   to subscribe, the presence topic to keep and the client id to use. It never holds a secret
 *   other than a credential scoped to that user (e.g. a Web PubSub client token, with `expiresAt`).
 *   An adapter that cannot say (not configured, or no client-facing endpoint) omits the method or
 *   throws `Unsupported`; the route then answers 501.
 * Events are small JSON objects (at most 128 KiB serialized).
 */
export interface Push {
  /** What this backend can do; `describePush` tests what is declared. */
  readonly capabilities: PushCapabilities;
  /** Sends an event to the user's connected clients. */
  publish(userId: string, event: PushEvent): Promise<PublishOutcome>;
  /** Whether the user has a live connection. */
  isOnline(userId: string): Promise<boolean>;
  /** How a game client of the user connects for live push (see the contract above). */
  connection?(userId: string): Promise<PushConnection>;
}

/** What a push backend can do. */
export interface PushCapabilities {
  /** Whether presence (`isOnline`) reflects live connections. */
  presence: boolean;
  /**
   * Whether presence is exact: a client's connect shows in `isOnline` once the connection is up,
   * and its clean close once it is closed, within the delivery of one message (in process, or a
   * broker holding presence as retained messages), so a `publish` just after a player closed the
   * game answers `'offline'` and the mobile fallback goes out. Otherwise presence follows the
   * backend's own events and may lag a connect or a close (IoT Core lifecycle events, Web PubSub).
   * A connection lost without a clean close lags everywhere, by the backend's keep-alive timeout.
   */
  exactPresence: boolean;
}

/**
 * What a game client needs to connect for live push, by protocol:
 * - `websocket` (the local server): a WebSocket at `url` delivering events as JSON text frames;
 *   the client adds its own Kumo access token as the query parameter named `tokenParameter`.
 * - `mqtt` (a broker, AWS IoT Core): connect to `url` with client id `clientId`, subscribe to
 *   `topic` (QoS 0), publish a retained presence message on `presenceTopic` with a Last Will that
 *   clears it (what `connectAsUser` of `@kumo/adapter-mqtt` does). Broker authentication (IoT
 *   Core: Cognito or a custom authorizer) is the deployment's.
 * - `webpubsub` (Azure Web PubSub): a WebSocket at `url`, which carries a client access token for
 *   this user valid until `expiresAt`; each event arrives as a JSON text frame.
 */
export interface PushConnection {
  protocol: 'websocket' | 'mqtt' | 'webpubsub';
  url: string;
  /** MQTT: the user's events topic. */
  topic?: string;
  /** MQTT: this connection's retained presence topic. */
  presenceTopic?: string;
  /** MQTT: the client id to connect with (one per connection; ask again for another). */
  clientId?: string;
  /** When the credential in `url` expires, in milliseconds since the epoch. */
  expiresAt?: number;
  /** WebSocket: the query parameter that carries the caller's own access token. */
  tokenParameter?: string;
}

/** An event for a game client: `type` names it (`matched`, `chat.message`, ...). */
export interface PushEvent {
  type: string;
  data: Record<string, unknown>;
}

/** Whether an event reached an online client. */
export type PublishOutcome = 'delivered' | 'offline';

/**
 * Mobile push port (APNs, FCM, Notification Hubs): the fallback for users who are offline.
 * `send` may be slow; core only calls it from queue jobs.
 */
export interface MobilePush {
  /** Sends a notification to the user's registered devices. */
  send(userId: string, event: PushEvent): Promise<void>;
  /**
   * Releases what the push service keeps for a device the player no longer has registered (an
   * Amazon SNS platform endpoint, a Notification Hubs installation), so it gets no more
   * notifications and nothing is left behind. A device with nothing kept is a no-op, so a repeated
   * call is harmless. `platform` is a `DevicePlatform`. Optional: an adapter that keeps nothing per
   * device omits it. Core calls it from the mobile push queue (`queueDeviceRelease`).
   */
  releaseDevice?(userId: string, platform: 'fcm' | 'apns', token: string): Promise<void>;
}

/** Largest push event, serialized. */
export const MAX_PUSH_EVENT_BYTES = 128 * 1024;
