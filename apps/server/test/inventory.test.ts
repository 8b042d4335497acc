import { describe, expect, it } from 'vitest';
import { useBackend } from './backend-client';

const api = useBackend();

describe('inventory over HTTP', () => {
  it('defines an item, deposits currency, buys it, consumes it and lists holdings', async () => {
    const { userId, token } = await api.player();
    const admin = await api.admin();
    const model = await api.call('PUT', '/v1/admin/items/sword', { token: admin, body: { name: 'Sword', capacity: 3, price: 40 } });
    expect(model.body).toEqual({ itemId: 'sword', name: 'Sword', capacity: 3, price: 40 });
    expect((await api.call('GET', '/v1/items/sword', { token })).body).toEqual(model.body);
    expect((await api.call('GET', '/v1/items', { token })).body.items).toContainEqual(model.body);
    await api.call('POST', `/v1/admin/users/${userId}/wallet/ios/deposit`, { token: admin, body: { receiptId: 'apple-1', paid: 100 } });
    const bought = await api.call('POST', '/v1/inventory/sword/purchase', { token, body: { slot: 'ios', count: 2, requestId: 'buy-1' } });
    expect([bought.status, bought.body.count, bought.body.receipt.balance]).toEqual([200, 2, { paid: 20, free: 0 }]);
    expect((await api.call('POST', '/v1/inventory/sword/purchase', { token, body: { slot: 'ios', count: 2, requestId: 'buy-1' } })).body).toEqual(bought.body);
    const used = await api.call('POST', '/v1/inventory/sword/consume', { token, body: { count: 1 } });
    expect(used.body).toEqual({ itemId: 'sword', count: 1, consumed: 1 });
    expect((await api.call('GET', '/v1/inventory', { token })).body).toEqual({ items: [{ itemId: 'sword', count: 1, capacity: 3 }] });
    expect((await api.call('GET', '/v1/inventory/sword', { token })).body).toEqual({ itemId: 'sword', count: 1, capacity: 3 });
  });

  it('grants as admin: refuses past capacity with 409, or overflows to the inbox when asked', async () => {
    const { userId, token } = await api.player();
    const admin = await api.admin();
    await api.call('PUT', '/v1/admin/items/gem', { token: admin, body: { name: 'Gem', capacity: 5 } });
    const grant = (body: unknown) => api.call('POST', `/v1/admin/users/${userId}/inventory/gem/acquire`, { token: admin, body });
    expect((await grant({ count: 4, requestId: 'g1' })).body).toMatchObject({ count: 4, acquired: 4 });
    expect((await grant({ count: 4, requestId: 'g1' })).body).toMatchObject({ count: 4, acquired: 4 });
    const full = await grant({ count: 2 });
    expect([full.status, full.body.code]).toEqual([409, 'inventory_full']);
    const overflow = await grant({ count: 3, overflow: 'inbox' });
    expect(overflow.body).toMatchObject({ count: 5, acquired: 1, overflowed: 2, overflowMessageId: expect.any(String) });
    const bought = await api.call('POST', '/v1/inventory/gem/purchase', { token, body: { slot: 'ios', requestId: 'b' } });
    expect([bought.status, bought.body.code]).toEqual([409, 'not_for_sale']);
  });

  it('refuses bad input with clear 4xx codes and writes nothing', async () => {
    const { userId, token } = await api.player();
    const admin = await api.admin();
    await api.call('PUT', '/v1/admin/items/shield', { token: admin, body: { name: 'Shield', capacity: 2, price: 10 } });
    const cases: Array<[string, string, unknown, string | undefined, number, string]> = [
      ['PUT', '/v1/admin/items/shield', { name: 'Shield', capacity: 0 }, admin, 400, 'invalid_request'],
      ['PUT', '/v1/admin/items/shield', { name: 'Shield', capacity: 2, price: 1.5 }, admin, 400, 'invalid_request'],
      ['PUT', '/v1/admin/items/Bad%20Id', { name: 'x', capacity: 1 }, admin, 400, 'invalid_request'],
      ['PUT', '/v1/admin/items/shield', { name: 'Shield', capacity: 2 }, token, 403, 'forbidden'],
      ['GET', '/v1/items/unknown', undefined, token, 404, 'item_not_found'],
      ['GET', '/v1/inventory', undefined, undefined, 401, 'unauthorized'],
      ['POST', '/v1/inventory/shield/consume', { count: 1 }, token, 409, 'insufficient_items'],
      ['POST', '/v1/inventory/shield/consume', { count: -1 }, token, 400, 'invalid_request'],
      ['POST', '/v1/inventory/unknown/consume', { count: 1 }, token, 404, 'item_not_found'],
      ['POST', '/v1/inventory/shield/purchase', { slot: 'ios' }, token, 400, 'idempotency_key_required'],
      ['POST', '/v1/inventory/shield/purchase', { slot: 'ios', requestId: 'p1' }, token, 409, 'insufficient_funds'],
      ['POST', '/v1/inventory/shield/purchase', { slot: 'ios', count: 1e9, requestId: 'p2' }, token, 400, 'price_too_high'],
      ['POST', `/v1/admin/users/${userId}/inventory/shield/acquire`, { count: 1.5 }, admin, 400, 'invalid_request'],
      ['POST', `/v1/admin/users/${userId}/inventory/shield/acquire`, { count: 1, overflow: 'drop' }, admin, 400, 'invalid_request'],
      ['POST', '/v1/admin/users/0000000000aaaaaaaaaaaaaaaa/inventory/shield/acquire', { count: 1 }, admin, 404, 'user_not_found'],
    ];
    for (const [method, path, body, auth, status, code] of cases) {
      const reply = await api.call(method, path, { token: auth, body });
      expect([method, path, reply.status, reply.body.code]).toEqual([method, path, status, code]);
      expect(reply.type).toContain('application/problem+json');
    }
    expect((await api.call('GET', '/v1/inventory', { token })).body.items).toEqual([]);
    expect((await api.call('GET', '/v1/items/shield', { token })).body).toMatchObject({ capacity: 2, price: 10 });
  });

  it('documents the inventory routes in OpenAPI', async () => {
    const { body } = await api.call('GET', '/openapi.json');
    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining(['/v1/items', '/v1/items/{itemId}', '/v1/admin/items/{itemId}', '/v1/inventory', '/v1/inventory/{itemId}/consume', '/v1/inventory/{itemId}/purchase', '/v1/admin/users/{userId}/inventory/{itemId}/acquire']),
    );
  });
});
