import { MqttPush } from '@kumo/adapter-mqtt';

/**
 * Push for Google Cloud, which has no managed MQTT broker: `MqttPush` (from @kumo/adapter-mqtt,
 * shared with the AWS adapter) on a broker the deployment runs (Mosquitto or EMQX on GCE/GKE,
 * or a hosted one). It connects when created, in the background, so that the adapter module can
 * be built synchronously, and reconnects for as long as it lives: calls wait briefly for the
 * broker, then fail with `BrokerUnavailable` naming it, and work again once it is back.
 */
export class BrokerPush extends MqttPush {}
