import mqtt, { type IClientOptions } from 'mqtt';
import type { PushEvent } from '@kumo/core';
import { newConnectionId } from './connection';
import { DEFAULT_TOPIC_PREFIX, topicLayout } from './topics';

/** Options of `connectAsUser`. */
export interface UserConnectionOptions {
  /** Broker URL (`mqtt://...`, or `wss://...` from a browser or game client). */
  url: string;
  userId: string;
  /** Called with every event published to the user. */
  onEvent(event: PushEvent): void;
  /** Topic prefix (default `kumo`). */
  topicPrefix?: string;
  /** Extra mqtt.js options (credentials, keep-alive). */
  client?: IClientOptions;
}

/** A game client's live connection. */
export interface UserConnection {
  /** This connection's id (also its MQTT client id). */
  readonly connectionId: string;
  /** Leaves cleanly: clears this connection's presence, then disconnects. */
  close(): Promise<void>;
}

/**
 * Connects a game client (or a test) to the broker as a user, following the topic layout of
 * `MqttPush`: subscribes to the user's events, then announces presence with a retained message
 * whose Last Will clears it if the connection dies.
 */
export async function connectAsUser(options: UserConnectionOptions): Promise<UserConnection> {
  const topics = topicLayout(options.topicPrefix ?? DEFAULT_TOPIC_PREFIX);
  const connectionId = options.client?.clientId ?? newConnectionId();
  const presenceTopic = topics.presence(options.userId, connectionId);
  const eventsTopic = topics.events(options.userId);
  const client = await mqtt.connectAsync(options.url, {
    clean: true,
    will: { topic: presenceTopic, payload: Buffer.alloc(0), qos: 1, retain: true },
    ...options.client,
    clientId: connectionId,
  });
  client.on('message', (topic, payload) => {
    if (topic !== eventsTopic) return;
    try {
      options.onEvent(JSON.parse(payload.toString('utf8')) as PushEvent);
    } catch {
      // A payload that is not JSON is not a Kumo event: ignore it.
    }
  });
  await client.subscribeAsync(eventsTopic, { qos: 0 });
  await client.publishAsync(presenceTopic, JSON.stringify({ online: true, at: Date.now() }), { qos: 1, retain: true });
  return {
    connectionId,
    async close() {
      await client.publishAsync(presenceTopic, Buffer.alloc(0), { qos: 1, retain: true });
      await client.endAsync();
    },
  };
}
