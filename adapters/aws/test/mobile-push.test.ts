import { inject, expect, it } from 'vitest';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { describeMobilePush, unique } from '@kumo/conformance';
import { DevicesService, systemClock } from '@kumo/core';
import { createAwsPorts, createTable, LoggingMobilePush, SnsMobilePush, type AwsPorts } from '../src/index';
import { LOCAL_AWS } from '../testing';
import { SnsStandIn } from '../testing';

/** The AWS adapter set on DynamoDB Local, with mobile push through the SNS stand-in. */
async function snsPorts(): Promise<{ ports: AwsPorts; sns: SnsStandIn }> {
  const sns = await SnsStandIn.start();
  const tableName = unique('kumo-sns');
  const client = new DynamoDBClient({ ...LOCAL_AWS, endpoint: inject('dynamoEndpoint') });
  await createTable(client, tableName);
  client.destroy();
  const ports = createAwsPorts({
    ...LOCAL_AWS,
    tableName,
    dynamoEndpoint: inject('dynamoEndpoint'),
    sqsEndpoint: inject('sqsEndpoint'),
    mqtt: { url: inject('mqttUrl') },
    sns: { endpoint: sns.endpoint, platformApplications: { fcm: SnsStandIn.applicationArn('GCM'), apns: SnsStandIn.applicationArn('APNS_SANDBOX') } },
  });
  return { ports, sns };
}

const SNS_PLATFORMS = { fcm: 'GCM', apns: 'APNS_SANDBOX' };

describeMobilePush('aws (Amazon SNS mobile push through the SNS Query API stand-in; registry on DynamoDB Local)', async () => {
  const { ports, sns } = await snsPorts();
  return {
    store: ports.store,
    mobilePush: ports.mobilePush,
    push: ports.push,
    platforms: ['fcm', 'apns'],
    delivered: (platform, token) => sns.deliveries.filter((d) => d.token === token && d.platform === SNS_PLATFORMS[platform]).map((d) => d.event),
    invalidate: (_platform, token) => sns.reject(token),
    released: (_platform, token) => sns.deletedEndpoints.some((deleted) => deleted.token === token),
    close: async () => void (await Promise.all([ports.close(), sns.close()])),
  };
});

it('keeps each device’s platform endpoint, sends APNs as background, and deletes the endpoint of a forgotten token', async () => {
  const { ports, sns } = await snsPorts();
  try {
    const devices = new DevicesService(ports.store, systemClock);
    const player = unique('sns');
    const [phone, tablet] = ['a1'.repeat(32), 'b2'.repeat(32)];
    await devices.register(player, { platform: 'apns', token: phone });
    await devices.register(player, { platform: 'apns', token: tablet });
    await ports.mobilePush.send(player, { type: 'one', data: {} });
    await ports.mobilePush.send(player, { type: 'two', data: {} });
    expect(sns.createCalls).toBe(2);
    expect(sns.deliveries.map((d) => [d.token, d.event.type])).toEqual([[phone, 'one'], [tablet, 'one'], [phone, 'two'], [tablet, 'two']]);
    expect(sns.deliveries[0]!.attributes).toEqual({ 'AWS.SNS.MOBILE.APNS.PUSH_TYPE': 'background', 'AWS.SNS.MOBILE.APNS.PRIORITY': '5' });
    sns.reject(phone);
    await ports.mobilePush.send(player, { type: 'three', data: {} });
    expect(await devices.tokens(player, 'apns')).toEqual([tablet]);
    expect(sns.endpointArns()).toHaveLength(1);
  } finally {
    await Promise.all([ports.close(), sns.close()]);
  }
});

it('keeps notifying a player of a shared device after the other player unregisters it (SNS keeps one endpoint per token)', async () => {
  const { ports, sns } = await snsPorts();
  try {
    const devices = new DevicesService(ports.store, systemClock, (userId, platform, token) => ports.mobilePush.releaseDevice!(userId, platform, token));
    const [leaving, staying] = [unique('leaving'), unique('staying')];
    const shared = 'e5'.repeat(32);
    await devices.register(leaving, { platform: 'apns', token: shared });
    await devices.register(staying, { platform: 'apns', token: shared });
    await ports.mobilePush.send(leaving, { type: 'one', data: {} });
    await ports.mobilePush.send(staying, { type: 'two', data: {} });
    expect(sns.endpointArns()).toHaveLength(1);
    await devices.unregisterToken(leaving, 'apns', shared);
    expect(sns.deletedEndpoints.map((deleted) => deleted.token)).toEqual([shared]);
    await ports.mobilePush.send(staying, { type: 'three', data: {} });
    await ports.mobilePush.send(leaving, { type: 'four', data: {} });
    expect(sns.deliveries.map((d) => d.event.type)).toEqual(['one', 'two', 'three']);
    expect(await devices.tokens(staying, 'apns')).toEqual([shared]);
  } finally {
    await Promise.all([ports.close(), sns.close()]);
  }
});

it('picks SNS when platform applications are configured, and the logging no-op otherwise', async () => {
  const { ports, sns } = await snsPorts();
  const unconfigured = createAwsPorts({ ...LOCAL_AWS, tableName: 'unused', dynamoEndpoint: inject('dynamoEndpoint'), sqsEndpoint: inject('sqsEndpoint'), mqtt: { url: inject('mqttUrl') } });
  try {
    expect(ports.mobilePush).toBeInstanceOf(SnsMobilePush);
    expect(unconfigured.mobilePush).toBeInstanceOf(LoggingMobilePush);
  } finally {
    await Promise.all([ports.close(), unconfigured.close(), sns.close()]);
  }
});
