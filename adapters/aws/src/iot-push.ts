import { PublishCommand, type IoTDataPlaneClient } from '@aws-sdk/client-iot-data-plane';
import { DEFAULT_TOPIC_PREFIX, mqttConnection, topicLayout, type TopicLayout } from '@kumo/adapter-mqtt';
import { MAX_PUSH_EVENT_BYTES, TooLarge, type Push, type PushCapabilities, type PublishOutcome, type PushConnection, type PushEvent, type Store } from '@kumo/core';
import { playerClientId } from './iot-client-id';
import { hasLiveConnection } from './presence-records';

/** Options of `IotCorePush`. */
export interface IotCorePushOptions {
  /** The data-plane client, with the account's endpoint (`aws iot describe-endpoint --endpoint-type iot:Data-ATS`). */
  client: IoTDataPlaneClient;
  /** The store holding the presence records written by `recordPresence`. */
  store: Store;
  /** Topic prefix (default `kumo`), as game clients use it with `connectAsUser`. */
  topicPrefix?: string;
  /** The broker URL game clients connect to (`wss://<prefix>-ats.iot.<region>.amazonaws.com/mqtt`), for `connection`. */
  clientUrl?: string;
}

/**
 * Push through the AWS IoT Core data-plane HTTP API, for functions that should not hold an MQTT
 * connection: `publish` reads the player's presence records (written from the broker's lifecycle
 * events by `recordPresence`) and, if a connection is live, POSTs the event to the user's topic of
 * the MQTT layout (`topicLayout` of `@kumo/adapter-mqtt`) with QoS 1. Clients subscribe with QoS 0,
 * so each connection gets an event at most once. Presence lags a dead connection by IoT Core's
 * keep-alive timeout (1.5 × the client's keep-alive).
 */
export class IotCorePush implements Push {
  /** Presence comes from lifecycle events through a function: it lags a connect or close. */
  readonly capabilities: PushCapabilities = { presence: true, exactPresence: false };
  private readonly client: IoTDataPlaneClient;
  private readonly store: Store;
  private readonly topics: TopicLayout;
  private readonly clientUrl: string | undefined;

  constructor(options: IotCorePushOptions) {
    this.client = options.client;
    this.clientUrl = options.clientUrl;
    this.store = options.store;
    this.topics = topicLayout(options.topicPrefix ?? DEFAULT_TOPIC_PREFIX);
  }

  /** Publishes the event to the user's topic if the user has a live connection. */
  async publish(userId: string, event: PushEvent): Promise<PublishOutcome> {
    const payload = Buffer.from(JSON.stringify(event), 'utf8');
    if (payload.byteLength > MAX_PUSH_EVENT_BYTES) throw new TooLarge(`push events are limited to ${MAX_PUSH_EVENT_BYTES} bytes`);
    if (!(await this.isOnline(userId))) return 'offline';
    await this.client.send(new PublishCommand({ topic: this.topics.events(userId), qos: 1, payload, contentType: 'application/json' }));
    return 'delivered';
  }

  /** Whether the user has a live connection, as the presence records say. */
  isOnline(userId: string): Promise<boolean> {
    return hasLiveConnection(this.store, userId);
  }

  /** The IoT Core URL, the user's topics and a player client id (`playerClientId`); `Unsupported` without `clientUrl`. */
  async connection(userId: string): Promise<PushConnection> {
    return mqttConnection(userId, this.topics, { clientUrl: this.clientUrl, clientId: (user) => playerClientId(user) });
  }

  /** Releases the data-plane client. */
  async close(): Promise<void> {
    this.client.destroy();
  }
}
