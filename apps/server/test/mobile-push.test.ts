import { afterAll, describe, expect, it } from 'vitest';
import { INBOX_PUSH_EVENT } from '@kumo/core';
import { ApnsStandIn, FcmStandIn, standInSettings } from '@kumo/adapter-mobile-push/testing';
import { useBackend } from './backend-client';

let fcm: FcmStandIn;
let apns: ApnsStandIn;

/** The server as `npm start` builds it from KUMO_FCM_* / KUMO_APNS_* variables, pointed at the stand-ins. */
const api = useBackend(async () => {
  [fcm, apns] = await Promise.all([FcmStandIn.start(), ApnsStandIn.start()]);
  return { backend: { storage: { kind: 'memory' }, mobilePush: standInSettings(fcm, apns) }, workerIntervalMs: 50 };
});
afterAll(async () => Promise.all([fcm?.close(), apns?.close()]));

const eventually = async (check: () => boolean) => {
  for (let tries = 0; tries < 100 && !check(); tries++) await new Promise((resolve) => setTimeout(resolve, 50));
  return check();
};

describe('mobile push from the local server straight to FCM and APNs', () => {
  it('notifies an offline player on each registered device, and forgets a token the service rejects', async () => {
    const { userId, token } = await api.player();
    const admin = await api.admin();
    const android = `android-${userId.replace(/[^A-Za-z0-9]/g, '')}-token:APA91b`;
    const iphone = 'e5'.repeat(32);
    await api.call('PUT', '/v1/devices', { token, body: { platform: 'fcm', token: android } });
    await api.call('PUT', '/v1/devices', { token, body: { platform: 'apns', token: iphone } });
    const gift = await api.call('POST', `/v1/admin/users/${userId}/inbox`, { token: admin, body: { title: 'Gift' } });
    expect(gift.status).toBe(201);
    const got = (standIn: FcmStandIn | ApnsStandIn, device: string, type: string) => standIn.deliveries.some((d) => d.token === device && d.event.type === type && d.event.data.messageId === gift.body.id);
    expect(await eventually(() => got(fcm, android, INBOX_PUSH_EVENT) && got(apns, iphone, INBOX_PUSH_EVENT))).toBe(true);

    apns.reject(iphone);
    await api.call('POST', `/v1/admin/users/${userId}/inbox`, { token: admin, body: { title: 'Second' } });
    const platforms = async () => (await api.call('GET', '/v1/devices', { token })).body.devices.map((d: { platform: string }) => d.platform);
    for (let tries = 0; tries < 100 && (await platforms()).length > 1; tries++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await platforms()).toEqual(['fcm']);
  }, 20_000);
});
