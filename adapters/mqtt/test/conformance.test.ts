import { inject } from 'vitest';
import { describePush } from '@kumo/conformance';
import { MqttPush } from '../src/index';
import { mqttPushHarness } from '../src/testing/harness';

describePush('mqtt (aedes broker)', async () => {
  const push = await MqttPush.connect({ url: inject('mqttUrl') });
  return mqttPushHarness(inject('mqttUrl'), push, () => push.close());
});
