import { describe, expect, it } from 'vitest';
import { useBackend } from './backend-client';

const api = useBackend();

describe('stamina over HTTP', () => {
  it('defines a model, spends stamina and recovers it with an item and with currency', async () => {
    const { userId, token } = await api.player();
    const admin = await api.admin();
    await api.call('PUT', '/v1/admin/items/energy-drink', { token: admin, body: { name: 'Energy drink', capacity: 5 } });
    const model = await api.call('PUT', '/v1/admin/stamina/quest', {
      token: admin,
      body: { max: 50, recoverIntervalSeconds: 300, recoverAmount: 1, itemRecovery: { itemId: 'energy-drink', amount: 20 }, currencyRecovery: { price: 10, amount: 50 } },
    });
    expect(model.body).toMatchObject({ staminaId: 'quest', max: 50, currencyRecovery: { price: 10, amount: 50 } });
    expect((await api.call('GET', '/v1/stamina/quest', { token })).body).toMatchObject({ value: 50, max: 50, nextRecoverAt: null });
    const spent = await api.call('POST', '/v1/stamina/quest/consume', { token, body: { amount: 45, requestId: 'stage-1' } });
    expect(spent.body).toMatchObject({ value: 5, nextRecoverAt: expect.any(Number) });
    const tooMuch = await api.call('POST', '/v1/stamina/quest/consume', { token, body: { amount: 6 } });
    expect([tooMuch.status, tooMuch.body.code]).toEqual([409, 'insufficient_stamina']);
    await api.call('POST', `/v1/admin/users/${userId}/inventory/energy-drink/acquire`, { token: admin, body: { count: 1 } });
    expect((await api.call('POST', '/v1/stamina/quest/recover', { token, body: { by: 'item' } })).body.value).toBe(25);
    expect((await api.call('GET', '/v1/inventory', { token })).body.items).toEqual([]);
    await api.call('POST', `/v1/admin/users/${userId}/wallet/ios/deposit`, { token: admin, body: { receiptId: 'apple-9', paid: 10 } });
    const paid = await api.call('POST', '/v1/stamina/quest/recover', { token, body: { by: 'currency', slot: 'ios', requestId: 'refill-1' } });
    expect(paid.body).toMatchObject({ value: 50, nextRecoverAt: null });
    expect((await api.call('GET', '/v1/wallet/ios', { token })).body.total).toBe(0);
    const full = await api.call('POST', '/v1/stamina/quest/recover', { token, body: { by: 'currency', slot: 'ios', requestId: 'refill-2' } });
    expect([full.status, full.body.code]).toEqual([409, 'stamina_full']);
  });

  it('refuses bad input with clear 4xx codes', async () => {
    const { token } = await api.player();
    const admin = await api.admin();
    await api.call('PUT', '/v1/admin/stamina/arena', { token: admin, body: { max: 5, recoverIntervalSeconds: 60, recoverAmount: 1 } });
    const define = (body: unknown, auth = admin) => api.call('PUT', '/v1/admin/stamina/arena', { token: auth, body });
    const cases: Array<[Promise<{ status: number; body: { code: string } }>, number, string]> = [
      [define({ max: 0, recoverIntervalSeconds: 60, recoverAmount: 1 }), 400, 'invalid_request'],
      [define({ max: 5, recoverIntervalSeconds: 0.5, recoverAmount: 1 }), 400, 'invalid_request'],
      [define({ max: 5, recoverIntervalSeconds: 60, recoverAmount: 1, itemRecovery: { itemId: 'nothing-here', amount: 1 } }), 404, 'item_not_found'],
      [define({ max: 5, recoverIntervalSeconds: 60, recoverAmount: 1 }, token), 403, 'forbidden'],
      [api.call('GET', '/v1/stamina/unknown', { token }), 404, 'stamina_not_found'],
      [api.call('GET', '/v1/stamina/Bad!', { token }), 400, 'invalid_request'],
      [api.call('GET', '/v1/stamina/arena'), 401, 'unauthorized'],
      [api.call('POST', '/v1/stamina/arena/consume', { token, body: { amount: 0 } }), 400, 'invalid_request'],
      [api.call('POST', '/v1/stamina/arena/consume', { token, body: { amount: 6 } }), 409, 'insufficient_stamina'],
      [api.call('POST', '/v1/stamina/arena/recover', { token, body: { by: 'magic' } }), 400, 'invalid_request'],
      [api.call('POST', '/v1/stamina/arena/recover', { token, body: { by: 'currency', slot: 'ios' } }), 400, 'idempotency_key_required'],
    ];
    for (const [reply, status, code] of cases) expect([(await reply).status, (await reply).body.code]).toEqual([status, code]);
    expect((await api.call('GET', '/v1/stamina/arena', { token })).body.value).toBe(5);
    await api.call('POST', '/v1/stamina/arena/consume', { token, body: { amount: 1 } });
    const notOffered = await api.call('POST', '/v1/stamina/arena/recover', { token, body: { by: 'item' } });
    expect([notOffered.status, notOffered.body.code]).toEqual([409, 'recovery_not_offered']);
  });

  it('documents the stamina routes in OpenAPI', async () => {
    const { body } = await api.call('GET', '/openapi.json');
    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining(['/v1/admin/stamina/{staminaId}', '/v1/stamina/{staminaId}', '/v1/stamina/{staminaId}/consume', '/v1/stamina/{staminaId}/recover']),
    );
  });
});
