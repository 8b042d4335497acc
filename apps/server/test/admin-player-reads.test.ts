import { describe, expect, it } from 'vitest';
import { useBackend } from './backend-client';

const api = useBackend();

describe('admin reads of a player (wallet, inventory, inbox) and of the catalog', () => {
  it('show an admin what the player sees, and nothing to a player token', async () => {
    const admin = await api.admin();
    const player = await api.player();
    const base = `/v1/admin/users/${player.userId}`;
    await api.call('POST', `${base}/wallet/ios/deposit`, { token: admin, body: { receiptId: 'console-r1', paid: 120, free: 30 } });
    await api.call('PUT', '/v1/admin/items/console-gem', { token: admin, body: { name: 'Gem', capacity: 5 } });
    await api.call('POST', `${base}/inventory/console-gem/acquire`, { token: admin, body: { count: 2 } });
    await api.call('POST', `${base}/inbox`, { token: admin, body: { title: 'Welcome' } });

    const balances = await api.call('GET', `${base}/wallet`, { token: admin });
    expect(balances).toMatchObject({ status: 200, body: { balances: [{ slot: 'ios', paid: 120, free: 30, total: 150 }] } });
    const receipts = await api.call('GET', `${base}/wallet/ios/receipts?limit=10`, { token: admin });
    expect(receipts.body.receipts).toMatchObject([{ reference: 'console-r1', kind: 'deposit', paid: 120, free: 30 }]);
    const holdings = await api.call('GET', `${base}/inventory`, { token: admin });
    expect(holdings.body.items).toEqual([{ itemId: 'console-gem', count: 2, capacity: 5 }]);
    const inbox = await api.call('GET', `${base}/inbox`, { token: admin });
    expect(inbox.body.messages.map((m: { title: string }) => m.title)).toEqual(['Welcome']);
    expect((await api.call('GET', `${base}/inbox?status=read`, { token: admin })).body.messages).toEqual([]);
    const catalog = await api.call('GET', '/v1/admin/items?limit=100', { token: admin });
    expect(catalog.body.items).toContainEqual({ itemId: 'console-gem', name: 'Gem', capacity: 5, price: null });

    for (const path of [`${base}/wallet`, `${base}/wallet/ios/receipts`, `${base}/inventory`, `${base}/inbox`, '/v1/admin/items']) {
      expect((await api.call('GET', path, { token: player.token })).status, path).toBe(403);
      expect((await api.call('GET', path)).status, path).toBe(401);
    }
  });

  it('answers 404 user_not_found for an unknown player and 400 for a bad id or query', async () => {
    const admin = await api.admin();
    const unknown = await api.call('GET', '/v1/admin/users/00000000000000000000000000/wallet', { token: admin });
    expect(unknown).toMatchObject({ status: 404, type: 'application/problem+json', body: { code: 'user_not_found' } });
    expect((await api.call('GET', '/v1/admin/users/NOT-AN-ID/inventory', { token: admin })).body.code).toBe('invalid_request');
    const player = await api.player();
    expect((await api.call('GET', `/v1/admin/users/${player.userId}/inbox?status=deleted`, { token: admin })).status).toBe(400);
  });

  it('are in the OpenAPI document with their operation ids', async () => {
    const { body } = await api.call('GET', '/openapi.json');
    const ids = (path: string) => body.paths[path]?.get?.operationId;
    expect(ids('/v1/admin/users/{userId}/wallet')).toBe('adminListBalances');
    expect(ids('/v1/admin/users/{userId}/wallet/{slot}/receipts')).toBe('adminListReceipts');
    expect(ids('/v1/admin/users/{userId}/inventory')).toBe('adminListHoldings');
    expect(ids('/v1/admin/users/{userId}/inbox')).toBe('adminListMessages');
    expect(ids('/v1/admin/items')).toBe('adminListItemModels');
  });
});
