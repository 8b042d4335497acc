import { expect, it } from 'vitest';
import { describeMobilePush, unique } from '@kumo/conformance';
import { DevicesService, systemClock } from '@kumo/core';
import { createAzurePorts, NotificationHubsMobilePush, NotificationHubsNotConfigured, type AzurePorts } from '../src/index';
import { testAzureConfig } from '../testing/vitest';
import { NotificationHubsStandIn } from '../testing';

/** The Azure adapter set on cosmosdb-server and Azurite, with mobile push through the Notification Hubs stand-in. */
async function hubPorts(): Promise<{ ports: AzurePorts; hub: NotificationHubsStandIn }> {
  const hub = await NotificationHubsStandIn.start();
  const ports = createAzurePorts({ ...(await testAzureConfig()), notificationHubs: { connectionString: hub.connectionString, hub: hub.hub, allowInsecureConnection: true } });
  return { ports, hub };
}

const HUB_PLATFORMS = { fcm: 'fcmv1', apns: 'apns' };

describeMobilePush('azure (Notification Hubs installations through the REST stand-in; registry on cosmosdb-server)', async () => {
  const { ports, hub } = await hubPorts();
  return {
    store: ports.store,
    mobilePush: ports.mobilePush,
    platforms: ['fcm', 'apns'],
    delivered: (platform, token) => hub.deliveries.filter((d) => d.token === token && d.platform === HUB_PLATFORMS[platform]).map((d) => d.event),
    invalidate: (_platform, token) => hub.reject(token),
    released: (_platform, token) => hub.deletedInstallations.some((deleted) => deleted.token === token),
    close: () => hub.close(),
  };
});

it('keeps one installation per device, sends APNs as background, and deletes the installation of an expired token', async () => {
  const { ports, hub } = await hubPorts();
  try {
    expect(ports.mobilePush).toBeInstanceOf(NotificationHubsMobilePush);
    const devices = new DevicesService(ports.store, systemClock);
    const player = unique('hubs');
    const [phone, tablet] = ['c3'.repeat(32), 'd4'.repeat(32)];
    await devices.register(player, { platform: 'apns', token: phone });
    await devices.register(player, { platform: 'apns', token: tablet });
    await ports.mobilePush.send(player, { type: 'one', data: {} });
    await ports.mobilePush.send(player, { type: 'two', data: {} });
    expect(hub.installationIds()).toHaveLength(2);
    expect(hub.deliveries.map((d) => d.event.type).sort()).toEqual(['one', 'one', 'two', 'two']);
    expect(hub.deliveries[0]!.headers).toEqual({ 'apns-push-type': 'background', 'apns-priority': '5' });
    hub.reject(phone);
    await ports.mobilePush.send(player, { type: 'three', data: {} });
    expect(await devices.tokens(player, 'apns')).toEqual([tablet]);
    expect(hub.installationIds()).toHaveLength(1);
  } finally {
    await hub.close();
  }
});

it('keeps the logging no-op when no hub is configured', async () => {
  expect(createAzurePorts(await testAzureConfig()).mobilePush).toBeInstanceOf(NotificationHubsNotConfigured);
});
