import { inject } from 'vitest';
import { describePush, TcpLink } from '@kumo/conformance';
import { MqttPush } from '../src/index';
import { mqttPushHarness } from '../testing/harness';

describePush('mqtt (aedes broker; the server side through a TCP link that can be cut)', async () => {
  const broker = new URL(inject('mqttUrl'));
  const link = await TcpLink.open(broker.hostname, Number(broker.port));
  const push = await MqttPush.connect({ url: link.proxied(inject('mqttUrl')) });
  return mqttPushHarness(inject('mqttUrl'), push, () => push.close(), link);
});
