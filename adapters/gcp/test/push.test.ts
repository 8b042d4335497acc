import { inject } from 'vitest';
import { mqttPushHarness } from '@kumo/adapter-mqtt/testing/harness';
import { describePush } from '@kumo/conformance';
import { BrokerPush } from '../src/index';

describePush('gcp (MQTT broker push)', async () => {
  const url = inject('mqttUrl');
  const push = new BrokerPush({ url });
  return mqttPushHarness(url, push, () => push.close());
});
