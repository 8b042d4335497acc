import mqtt from 'mqtt';
import { KumoClientError } from '../api-error';
import type { OpenLink } from './link';
import { parseEvent } from './link';

/** How long connecting to the broker may take, in ms. */
const CONNECT_TIMEOUT_MS = 10_000;

/** How long a clean leave waits for the broker to take the offline presence, in ms. */
const LEAVE_TIMEOUT_MS = 3_000;

/**
 * A link of the `mqtt` protocol (a broker, AWS IoT Core; `ws://`/`wss://` URLs go over WebSocket):
 * connects with the answered client id and a Last Will that clears `presenceTopic`, subscribes to
 * `topic` (QoS 0), then publishes a retained presence message. Leaving cleanly clears the retained
 * presence before disconnecting, so the server sees the player offline at once. Reconnecting is
 * the push client's (with a fresh negotiate), not mqtt.js's.
 */
export const mqttLink: OpenLink = async (connection, _token, handlers) => {
  const { url, clientId, topic, presenceTopic } = connection;
  if (!clientId || !topic || !presenceTopic) throw new KumoClientError(`the MQTT push answer lacks clientId, topic or presenceTopic: ${JSON.stringify(connection)}`);
  const client = await mqtt.connectAsync(
    url,
    { clientId, clean: true, reconnectPeriod: 0, connectTimeout: CONNECT_TIMEOUT_MS, will: { topic: presenceTopic, payload: '', qos: 1, retain: true } },
    false,
  );
  let closing = false;
  let lastError: Error | undefined;
  client.on('error', (error) => (lastError = error));
  client.on('message', (received, payload) => {
    if (received !== topic) return;
    const event = parseEvent(payload.toString());
    if (event) handlers.event(event);
  });
  client.once('close', () => {
    if (!closing) handlers.lost({ reason: `lost the MQTT connection to ${url}`, error: lastError });
  });
  try {
    await client.subscribeAsync(topic, { qos: 0 });
    await client.publishAsync(presenceTopic, JSON.stringify({ online: true, at: Date.now() }), { qos: 1, retain: true });
  } catch (error) {
    closing = true;
    client.end(true);
    throw error;
  }
  return {
    async close() {
      closing = true;
      if (!client.connected) return client.endAsync(true);
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise((resolve) => (timer = setTimeout(resolve, LEAVE_TIMEOUT_MS)));
      await Promise.race([client.publishAsync(presenceTopic, '', { qos: 1, retain: true }), timeout]).catch(() => {});
      clearTimeout(timer);
      await client.endAsync(!client.connected);
    },
  };
};
