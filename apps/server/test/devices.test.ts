import { describe, expect, it } from 'vitest';
import { useBackend } from './backend-client';

const api = useBackend();
const fcm = (name: string) => ({ platform: 'fcm', token: `${name}-token-0123456789:APA91b` });

describe('device registry over HTTP', () => {
  it('registers, lists and unregisters devices by id and by token', async () => {
    const { token } = await api.player();
    const registered = await api.call('PUT', '/v1/devices', { token, body: fcm('phone') });
    expect([registered.status, registered.body]).toEqual([200, expect.objectContaining({ platform: 'fcm', created: true, evictedDeviceId: null })]);
    const again = await api.call('PUT', '/v1/devices', { token, body: fcm('phone') });
    expect(again.body).toMatchObject({ deviceId: registered.body.deviceId, created: false });
    await api.call('PUT', '/v1/devices', { token, body: { platform: 'apns', token: 'a1'.repeat(32) } });
    const listed = await api.call('GET', '/v1/devices', { token });
    expect(listed.body).toEqual({ devices: [expect.objectContaining({ platform: 'fcm' }), expect.objectContaining({ platform: 'apns' })], max: 10 });
    expect(JSON.stringify(listed.body)).not.toContain('phone-token');
    expect((await api.call('DELETE', `/v1/devices/${registered.body.deviceId}`, { token })).status).toBe(204);
    expect((await api.call('POST', '/v1/devices/unregister', { token, body: { platform: 'apns', token: 'A1'.repeat(32) } })).status).toBe(204);
    expect((await api.call('GET', '/v1/devices', { token })).body.devices).toEqual([]);
  });

  it('evicts the least recently registered device past 10', async () => {
    const { token } = await api.player();
    const first = await api.call('PUT', '/v1/devices', { token, body: fcm('old') });
    for (let n = 1; n < 10; n++) await api.call('PUT', '/v1/devices', { token, body: fcm(`tablet${n}`) });
    const eleventh = await api.call('PUT', '/v1/devices', { token, body: fcm('new') });
    expect(eleventh.body).toMatchObject({ created: true, evictedDeviceId: first.body.deviceId });
    const { body } = await api.call('GET', '/v1/devices', { token });
    expect(body.devices).toHaveLength(10);
    expect(body.devices.map((d: { deviceId: string }) => d.deviceId)).not.toContain(first.body.deviceId);
  });

  it("refuses bad input with clear 4xx codes and keeps players' devices apart", async () => {
    const me = await api.player();
    const other = await api.player();
    const mine = await api.call('PUT', '/v1/devices', { token: me.token, body: fcm('mine') });
    const put = (body: unknown, token = me.token) => api.call('PUT', '/v1/devices', { token, body });
    const cases: Array<[Promise<{ status: number; body: { code: string } }>, number, string]> = [
      [put({ platform: 'fcm', token: 'short' }), 400, 'invalid_request'],
      [put({ platform: 'fcm', token: `${'x'.repeat(40)} spaces` }), 400, 'invalid_request'],
      [put({ platform: 'fcm', token: 'x'.repeat(4097) }), 400, 'invalid_request'],
      [put({ platform: 'apns', token: 'z'.repeat(64) }), 400, 'invalid_request'],
      [put({ platform: 'webpush', token: 'x'.repeat(64) }), 400, 'invalid_request'],
      [put({ token: 'x'.repeat(64) }), 400, 'invalid_request'],
      [api.call('PUT', '/v1/devices', { body: fcm('anon') }), 401, 'unauthorized'],
      [api.call('GET', '/v1/devices'), 401, 'unauthorized'],
      [api.call('DELETE', '/v1/devices/not-an-id', { token: me.token }), 400, 'invalid_request'],
      [api.call('DELETE', '/v1/devices/AAAAAAAAAAAAAAAAAAAAAA', { token: me.token }), 404, 'device_not_found'],
      [api.call('DELETE', `/v1/devices/${mine.body.deviceId}`, { token: other.token }), 404, 'device_not_found'],
      [api.call('POST', '/v1/devices/unregister', { token: other.token, body: fcm('mine') }), 404, 'device_not_found'],
    ];
    for (const [reply, status, code] of cases) expect([(await reply).status, (await reply).body.code]).toEqual([status, code]);
    expect((await api.call('GET', '/v1/devices', { token: other.token })).body.devices).toEqual([]);
    expect((await api.call('GET', '/v1/devices', { token: me.token })).body.devices).toEqual([expect.objectContaining({ deviceId: mine.body.deviceId })]);
  });

  it('documents the device routes in OpenAPI with operation ids, and derives their policy actions', async () => {
    const { body } = await api.call('GET', '/openapi.json');
    expect(body.paths['/v1/devices'].put.operationId).toBe('registerDevice');
    expect(body.paths['/v1/devices'].get.operationId).toBe('listDevices');
    expect(body.paths['/v1/devices/{deviceId}'].delete.operationId).toBe('unregisterDevice');
    expect(body.paths['/v1/devices/unregister'].post.operationId).toBe('unregisterDeviceToken');
    const { actions } = (await api.call('GET', '/v1/admin/actions', { token: await api.admin() })).body as { actions: Array<{ action: string }> };
    expect(actions.map((a) => a.action)).toEqual(expect.arrayContaining(['devices:RegisterDevice', 'devices:ListDevices', 'devices:UnregisterDevice', 'devices:UnregisterDeviceToken']));
  });
});
