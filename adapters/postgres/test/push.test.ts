import { inject } from 'vitest';
import { MqttPush } from '@kumo/adapter-mqtt';
import { mqttPushHarness } from '@kumo/adapter-mqtt/testing/harness';
import { describePush } from '@kumo/conformance';

describePush('postgres (MQTT broker push)', async () => {
  const url = inject('mqttUrl');
  const push = await MqttPush.connect({ url });
  return mqttPushHarness(url, push, () => push.close());
});
