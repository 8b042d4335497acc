import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { MAX_PUSH_EVENT_BYTES, TooLarge, type Push, type PublishOutcome, type PushConnection, type PushEvent } from '@kumo/core';
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
  private readonly presence = new PresenceTable();
  private readonly client: MqttClient;
  private readonly topics: TopicLayout;
  private readonly access: MqttClientAccess;
  /** Resolves once the presence subscription is granted (the broker then replays who is online). */
  readonly ready: Promise<void>;

  /** Starts connecting at once; publishes and subscriptions queue until the broker answers. */
  constructor(options: MqttPushOptions) {
    this.topics = topicLayout(options.topicPrefix ?? DEFAULT_TOPIC_PREFIX);
    this.access = { clientUrl: options.clientUrl, clientId: options.clientId };
    this.client = mqtt.connect(options.url, { reconnectPeriod: 1_000, ...options.client });
    this.client.on('connect', () => this.presence.clear());
    this.client.on('message', (topic, payload) => {
      const address = this.topics.parsePresence(topic);
      if (address) this.presence.set(address.userId, address.connectionId, payload.length > 0);
    });
    this.ready = this.client.subscribeAsync(this.topics.presenceFilter, { qos: 1 }).then(() => undefined);
    this.ready.catch(() => {});
  }

  /** Connects to the broker; resolves once the presence subscription is granted. */
  static async connect(options: MqttPushOptions): Promise<MqttPush> {
    const push = new MqttPush(options);
    await push.ready;
    return push;
  }

  /** Publishes the event to the user's topic if the user is online. */
  async publish(userId: string, event: PushEvent): Promise<PublishOutcome> {
    const payload = JSON.stringify(event);
    if (Buffer.byteLength(payload, 'utf8') > MAX_PUSH_EVENT_BYTES) {
      throw new TooLarge(`push events are limited to ${MAX_PUSH_EVENT_BYTES} bytes`);
    }
    if (!this.presence.has(userId)) return 'offline';
    await this.client.publishAsync(this.topics.events(userId), payload, { qos: 1 });
    return 'delivered';
  }

  /** Whether the user has a live connection, as the broker's retained presence says. */
  async isOnline(userId: string): Promise<boolean> {
    return this.presence.has(userId);
  }

  /** The public broker URL, the user's events topic, a fresh client id and its presence topic; `Unsupported` without `clientUrl`. */
  async connection(userId: string): Promise<PushConnection> {
    return mqttConnection(userId, this.topics, this.access);
  }

  /** Disconnects from the broker. */
  async close(): Promise<void> {
    await this.client.endAsync();
  }
}
