import { describe, expect, inject, it } from 'vitest';
import { topicLayout } from '@kumo/adapter-mqtt';
import { mqttPushHarness } from '@kumo/adapter-mqtt/testing/harness';
import { describePush, TcpLink } from '@kumo/conformance';
import { BrokerPush } from '../src/index';

describePush('gcp (MQTT broker push, through a TCP link that can be cut)', async () => {
  const url = inject('mqttUrl');
  const broker = new URL(url);
  const link = await TcpLink.open(broker.hostname, Number(broker.port));
  const push = new BrokerPush({ url: link.proxied(url) });
  return mqttPushHarness(url, push, () => push.close(), link);
});

describe('BrokerPush.connection (the negotiate step)', () => {
  it("answers the configured client URL and the user's MQTT topics", async () => {
    const push = new BrokerPush({ url: inject('mqttUrl'), clientUrl: 'wss://broker.example.com/mqtt' });
    try {
      const connection = await push.connection('player-1');
      expect(connection).toMatchObject({ protocol: 'mqtt', url: 'wss://broker.example.com/mqtt', topic: topicLayout().events('player-1') });
      expect(connection.presenceTopic).toBe(topicLayout().presence('player-1', connection.clientId!));
    } finally {
      await push.close();
    }
  });
});
