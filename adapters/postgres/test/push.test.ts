import { inject } from 'vitest';
import { MqttPush } from '@kumo/adapter-mqtt';
import { mqttPushHarness } from '@kumo/adapter-mqtt/testing/harness';
import { describePush, TcpLink } from '@kumo/conformance';

describePush('postgres (MQTT broker push; the server side through a TCP link that can be cut)', async () => {
  const broker = new URL(inject('mqttUrl'));
  const link = await TcpLink.open(broker.hostname, Number(broker.port));
  const push = await MqttPush.connect({ url: link.proxied(inject('mqttUrl')) });
  return mqttPushHarness(inject('mqttUrl'), push, () => push.close(), link);
});
