import { expect, it } from 'vitest';
import { MAX_DEVICES, resolve, SERVICES, storeDeviceTokens, PORTS } from '@kumo/core';
import { unique } from '../unique';
import type { ServiceContext, ServiceScenarios } from './context';

/** A fresh player with the devices service. */
async function setup({ container }: ServiceContext) {
  const get = container();
  const { userId } = await resolve(get, SERVICES.Accounts).create();
  return { userId, devices: resolve(get, SERVICES.Devices), store: resolve(get, PORTS.Store) };
}

/** A fresh FCM token (unique to this run). */
const fcmToken = () => unique('fcm-token');

/** The device registry: idempotent registration, the cap, unregistering, and players kept apart. */
export const devicesScenarios: ServiceScenarios = (context) => {
  it('registers a token once however often it is registered, and hands it to mobile push by platform', async () => {
    const { userId, devices, store } = await setup(context);
    const token = fcmToken();
    const first = await devices.register(userId, { platform: 'fcm', token });
    expect(first).toMatchObject({ platform: 'fcm', created: true, evictedDeviceId: null });
    context.clock.advance(1_000);
    const again = await devices.register(userId, { platform: 'fcm', token });
    expect(again).toMatchObject({ deviceId: first.deviceId, created: false, registeredAt: first.registeredAt });
    expect(again.refreshedAt).toBeGreaterThan(first.refreshedAt);
    const apns = 'AB'.repeat(32);
    await devices.register(userId, { platform: 'apns', token: apns });
    expect((await devices.register(userId, { platform: 'apns', token: apns.toLowerCase() })).created).toBe(false);
    expect((await devices.list(userId)).map((d) => d.platform)).toEqual(['fcm', 'apns']);
    expect(await devices.tokens(userId, 'fcm')).toEqual([token]);
    expect(await devices.tokens(userId, 'apns')).toEqual([apns.toLowerCase()]);
    expect(await storeDeviceTokens(store, 'fcm').tokens(userId)).toEqual([token]);
    await expect(devices.register(userId, { platform: 'apns', token })).rejects.toMatchObject({ code: 'invalid_device_token' });
  });

  it(`keeps at most ${MAX_DEVICES} devices, evicting the least recently registered, also under concurrent registrations`, async () => {
    const { userId, devices } = await setup(context);
    const tokens = Array.from({ length: MAX_DEVICES }, fcmToken);
    const ids: string[] = [];
    for (const token of tokens) {
      ids.push((await devices.register(userId, { platform: 'fcm', token })).deviceId);
      context.clock.advance(10);
    }
    await devices.register(userId, { platform: 'fcm', token: tokens[0]! });
    context.clock.advance(10);
    const extra = await devices.register(userId, { platform: 'fcm', token: fcmToken() });
    expect([extra.created, extra.evictedDeviceId]).toEqual([true, ids[1]]);
    const listed = await devices.list(userId);
    expect(listed.map((d) => d.deviceId)).toEqual([...ids.slice(2), ids[0], extra.deviceId]);
    expect(await devices.tokens(userId, 'fcm')).not.toContain(tokens[1]);

    const crowd = await setup(context);
    const burst = await Promise.all(Array.from({ length: MAX_DEVICES + 4 }, () => crowd.devices.register(crowd.userId, { platform: 'fcm', token: fcmToken() })));
    expect(burst.filter((r) => r.evictedDeviceId !== null)).toHaveLength(4);
    expect(await crowd.devices.list(crowd.userId)).toHaveLength(MAX_DEVICES);
  }, 60_000);

  it('unregisters by id and by token, and forgets a stale token once', async () => {
    const { userId, devices, store } = await setup(context);
    const [a, b, c] = [fcmToken(), fcmToken(), fcmToken()];
    const first = await devices.register(userId, { platform: 'fcm', token: a });
    await devices.register(userId, { platform: 'fcm', token: b });
    await devices.register(userId, { platform: 'fcm', token: c });
    await devices.unregister(userId, first.deviceId);
    await expect(devices.unregister(userId, first.deviceId)).rejects.toMatchObject({ code: 'device_not_found' });
    await devices.unregisterToken(userId, 'fcm', b);
    await expect(devices.unregisterToken(userId, 'fcm', b)).rejects.toMatchObject({ code: 'device_not_found' });
    const registry = storeDeviceTokens(store, 'fcm');
    expect(await registry.forget(userId, c)).toBe(true);
    expect(await registry.forget(userId, c)).toBe(false);
    expect(await devices.list(userId)).toEqual([]);
    expect((await devices.register(userId, { platform: 'fcm', token: a })).created).toBe(true);
  });

  it("keeps players apart: another player cannot see, unregister or forget a player's device", async () => {
    const mine = await setup(context);
    const theirs = await setup(context);
    const token = fcmToken();
    const device = await mine.devices.register(mine.userId, { platform: 'fcm', token });
    expect(await theirs.devices.list(theirs.userId)).toEqual([]);
    expect(await theirs.devices.tokens(theirs.userId, 'fcm')).toEqual([]);
    await expect(theirs.devices.unregister(theirs.userId, device.deviceId)).rejects.toMatchObject({ code: 'device_not_found' });
    await expect(theirs.devices.unregisterToken(theirs.userId, 'fcm', token)).rejects.toMatchObject({ code: 'device_not_found' });
    expect(await theirs.devices.forget(theirs.userId, 'fcm', token)).toBe(false);
    expect(await mine.devices.tokens(mine.userId, 'fcm')).toEqual([token]);
    const shared = await theirs.devices.register(theirs.userId, { platform: 'fcm', token });
    expect(shared.deviceId).toBe(device.deviceId);
    await theirs.devices.unregister(theirs.userId, shared.deviceId);
    expect(await mine.devices.tokens(mine.userId, 'fcm')).toEqual([token]);
  });
};
