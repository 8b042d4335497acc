import type { IClientOptions, MqttClient } from 'mqtt';
import { KumoError, MAX_PUSH_EVENT_BYTES, TooLarge, type Push, type PushCapabilities, type PublishOutcome, type PushConnection, type PushEvent } from '@kumo/core';
import { mqttConnection, type MqttClientAccess } from './connection';
import { PresenceTable } from './presence';
import { DEFAULT_TOPIC_PREFIX, topicLayout, type TopicLayout } from './topics';

/** Options of `MqttPush.connect`; `clientUrl` and `clientId` say how game clients connect (`connection`). */
export interface MqttPushOptions extends MqttClientAccess {
  /** Broker URL of this server side: `mqtt://host:1883`, `mqtts://...`, `wss://<iot-endpoint>/mqtt`. */
  url: string;
  /** Topic prefix (default `kumo`). */
  topicPrefix?: string;
  /** Extra mqtt.js options (credentials, TLS certificates, client id). */
  client?: IClientOptions;
  /**
   * How long a call waits for the broker while disconnected before failing with `BrokerUnavailable`
   * (default 2 s); also how long `connect` waits at most (default 10 s there).
   */
  waitMs?: number;
}

/** The broker cannot be reached: calls fail fast with this (503) and succeed again once it is back. */
export class BrokerUnavailable extends KumoError {
  constructor(url: string, reason: string) {
    super('unavailable', 'push_broker_unavailable', `MQTT broker ${url} is not connected: ${reason}`, { url });
  }
}

/** The URL without credentials, for messages and logs. */
function displayUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return 'the configured broker';
  }
}

/**
 * Push over any MQTT broker (Mosquitto, aedes, EMQX, AWS IoT Core).
 *
 * Events go to the user's topic (`kumo/users/{user}/events`) with QoS 1 to the broker; clients
 * subscribe with QoS 0, so each connection gets an event at most once. Presence is kept by the
 * broker: every client connection holds a retained message on its presence topic and a Last Will
 * that clears it (see `topics.ts`). This instance subscribes to all presence topics once and keeps
 * the live set in memory, so `isOnline` and `publish` answer without a round trip. When its own
 * connection drops, it misses the presence changes of the outage: on every (re)connect it forgets
 * the live set, and the broker replays the retained presence of who is online now when the
 * subscription is renewed.
 *
 * On AWS IoT Core the same layout works unchanged (IoT Core keeps retained messages and retained
 * Will messages). IoT Core also emits lifecycle events on `$aws/events/presence/connected/{clientId}`
 * and `$aws/events/presence/disconnected/{clientId}`; a deployment that prefers them can route them
 * with a topic rule to the same presence topics. See the package README.
 */
export class MqttPush implements Push {
  /** Presence is the broker's retained presence messages, set by a client as it connects and cleared as it closes: exact. */
  readonly capabilities: PushCapabilities = { presence: true, exactPresence: true };
  private readonly presence = new PresenceTable();
  /** The client, once the `mqtt` module is loaded (imported only when this push is chosen: it weighs on cold starts). */
  private readonly client: Promise<MqttClient>;
  private readonly topics: TopicLayout;
  private readonly access: MqttClientAccess;
  private readonly url: string;
  private readonly waitMs: number;
  private lastError = 'not connected yet';
  private closed = false;
  /** Resolves once connected and the presence subscription of that connection is granted; renewed on every drop. */
  private live$!: Promise<void>;
  private markLive: () => void = () => undefined;
  private isLive = false;
  /** Resolves once the first presence subscription is granted (the broker then replays who is online). */
  readonly ready: Promise<void>;

  /**
   * Starts connecting at once and keeps reconnecting (every second) for as long as it lives; on
   * every connection it forgets the live set and subscribes to presence again. Calls made while
   * disconnected wait up to `waitMs` for the broker, then fail with `BrokerUnavailable`.
   */
  constructor(options: MqttPushOptions) {
    this.topics = topicLayout(options.topicPrefix ?? DEFAULT_TOPIC_PREFIX);
    this.access = { clientUrl: options.clientUrl, clientId: options.clientId };
    this.url = displayUrl(options.url);
    this.waitMs = options.waitMs ?? 2_000;
    this.renewLive();
    this.ready = this.live$;
    this.client = import('mqtt').then(({ default: mqtt }) => this.wire(mqtt.connect(options.url, { reconnectPeriod: 1_000, resubscribe: false, ...options.client })));
    // A failed import is reported by the calls that wait for the broker.
    this.client.catch((error: Error) => void (this.lastError = error.message));
  }

  /** Keeps the live set and the presence subscription in step with the client's connection. */
  private wire(client: MqttClient): MqttClient {
    client.on('connect', () => {
      this.presence.clear();
      client.subscribeAsync(this.topics.presenceFilter, { qos: 1 }).then(
        () => {
          this.isLive = true;
          this.markLive();
        },
        (error: Error) => void (this.lastError = error.message),
      );
    });
    client.on('error', (error) => void (this.lastError = error.message));
    client.on('close', () => {
      if (!this.isLive) return;
      this.lastError = 'the connection dropped; reconnecting';
      this.renewLive();
    });
    client.on('message', (topic, payload) => {
      const address = this.topics.parsePresence(topic);
      if (address) this.presence.set(address.userId, address.connectionId, payload.length > 0);
    });
    return client;
  }

  /**
   * Connects to the broker; resolves once the presence subscription is granted. If the broker does
   * not answer within `waitMs` (default 10 s), closes the client (so the process can exit) and
   * throws `BrokerUnavailable` naming the URL and the broker's refusal.
   */
  static async connect(options: MqttPushOptions): Promise<MqttPush> {
    const push = new MqttPush(options);
    try {
      await push.live(options.waitMs ?? 10_000);
    } catch (error) {
      await push.close();
      throw error;
    }
    return push;
  }

  private renewLive(): void {
    this.isLive = false;
    this.live$ = new Promise((resolve) => (this.markLive = resolve));
  }

  /** Waits for a connection whose presence subscription is granted, up to `timeoutMs`. */
  private async live(timeoutMs = this.waitMs): Promise<void> {
    if (this.closed) throw new BrokerUnavailable(this.url, 'the push client is closed');
    if (!this.isLive) await this.within(this.live$, timeoutMs);
  }

  /** `work`, or `BrokerUnavailable` (with the broker's last error) if it takes over `timeoutMs`. */
  private async within<T>(work: Promise<T>, timeoutMs = this.waitMs): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new BrokerUnavailable(this.url, this.lastError)), timeoutMs);
    });
    try {
      return await Promise.race([work, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Publishes the event to the user's topic if the user is online. */
  async publish(userId: string, event: PushEvent): Promise<PublishOutcome> {
    const payload = JSON.stringify(event);
    if (Buffer.byteLength(payload, 'utf8') > MAX_PUSH_EVENT_BYTES) {
      throw new TooLarge(`push events are limited to ${MAX_PUSH_EVENT_BYTES} bytes`);
    }
    await this.live();
    if (!this.presence.has(userId)) return 'offline';
    // A publish that the broker does not acknowledge in time (the link dropped) fails rather than waits.
    await this.within((await this.client).publishAsync(this.topics.events(userId), payload, { qos: 1 }));
    return 'delivered';
  }

  /** Whether the user has a live connection, as the broker's retained presence says. */
  async isOnline(userId: string): Promise<boolean> {
    await this.live();
    return this.presence.has(userId);
  }

  /** The public broker URL, the user's events topic, a fresh client id and its presence topic; `Unsupported` without `clientUrl`. */
  async connection(userId: string): Promise<PushConnection> {
    return mqttConnection(userId, this.topics, this.access);
  }

  /** Disconnects from the broker and stops reconnecting. */
  async close(): Promise<void> {
    this.closed = true;
    await (await this.client).endAsync(true);
  }
}
