import { MqttPush, type MqttPushOptions } from '@kumo/adapter-mqtt';
import type { Push, PublishOutcome, PushConnection, PushEvent } from '@kumo/core';

/**
 * Push for Google Cloud, which has no managed MQTT broker: `MqttPush` (from @kumo/adapter-mqtt,
 * shared with the AWS adapter) on a broker the deployment runs (Mosquitto or EMQX on GCE/GKE,
 * or a hosted one). It connects when created, in the background, so that the adapter module
 * can be built synchronously; calls wait for the connection.
 */
export class BrokerPush implements Push {
  private readonly connecting: Promise<MqttPush>;

  constructor(options: MqttPushOptions) {
    this.connecting = MqttPush.connect(options);
    this.connecting.catch(() => undefined);
  }

  /** Publishes to the user's connections through the broker. */
  async publish(userId: string, event: PushEvent): Promise<PublishOutcome> {
    return (await this.connecting).publish(userId, event);
  }

  /** Whether the broker holds a live presence for the user. */
  async isOnline(userId: string): Promise<boolean> {
    return (await this.connecting).isOnline(userId);
  }

  /** How game clients connect to the broker (`clientUrl` of the options); `Unsupported` without it. */
  async connection(userId: string): Promise<PushConnection> {
    return (await this.connecting).connection(userId);
  }

  /** Disconnects from the broker (nothing to do if it never connected). */
  async close(): Promise<void> {
    const push = await this.connecting.catch(() => undefined);
    await push?.close();
  }
}
