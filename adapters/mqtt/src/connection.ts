import { randomBytes } from 'node:crypto';
import { Unsupported, type PushConnection } from '@kumo/core';
import type { TopicLayout } from './topics';

/** How game clients reach the broker: shared by `MqttPush` and other pushes on this topic layout (AWS `IotCorePush`). */
export interface MqttClientAccess {
  /** Broker URL for game clients (`wss://broker.example.com/mqtt`); without it `connection` throws `Unsupported`. */
  clientUrl?: string;
  /** Makes a fresh MQTT client id for a new connection of the user (default `newConnectionId`). */
  clientId?: (userId: string) => string;
}

/** A fresh connection id, used as MQTT client id: `kumo-` and 16 hex digits. */
export function newConnectionId(): string {
  return `kumo-${randomBytes(8).toString('hex')}`;
}

/**
 * What a game client of the user needs to connect (the port's `connection`): the public broker
 * URL, the user's events topic, a fresh client id and that connection's presence topic. Broker
 * authentication is the deployment's (on IoT Core: Cognito identities or a custom authorizer).
 */
export function mqttConnection(userId: string, topics: TopicLayout, access: MqttClientAccess): PushConnection {
  if (!access.clientUrl) throw new Unsupported('no broker URL for game clients is configured (clientUrl)');
  const clientId = (access.clientId ?? newConnectionId)(userId);
  return { protocol: 'mqtt', url: access.clientUrl, topic: topics.events(userId), presenceTopic: topics.presence(userId, clientId), clientId };
}
