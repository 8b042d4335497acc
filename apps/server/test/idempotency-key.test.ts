import { describe, expect, it } from 'vitest';
import { useBackend } from './backend-client';

const api = useBackend();

/** A player with 100 paid currency in `ios`, 5 potions, and a stamina spent down to 10 of 50. */
async function stocked() {
  const player = await api.player();
  const admin = await api.admin();
  await api.call('PUT', '/v1/admin/items/potion', { token: admin, body: { name: 'Potion', capacity: 99, price: 10 } });
  await api.call('PUT', '/v1/admin/stamina/run', {
    token: admin,
    body: { max: 50, recoverIntervalSeconds: 3600, recoverAmount: 1, itemRecovery: { itemId: 'potion', amount: 5 }, currencyRecovery: { price: 1, amount: 5 } },
  });
  await api.call('POST', `/v1/admin/users/${player.userId}/wallet/ios/deposit`, { token: admin, body: { receiptId: `seed-${player.userId}`, paid: 100 } });
  await api.call('POST', `/v1/admin/users/${player.userId}/inventory/potion/acquire`, { token: admin, body: { count: 5 } });
  await api.call('POST', '/v1/stamina/run/consume', { token: player.token, body: { amount: 40 } });
  return player;
}

/** Every route that spends currency or items, with a body and a different body. */
const SPENDING: Array<{ operation: string; path: string; body: object; other: object }> = [
  { operation: 'PostWalletWithdraw', path: '/v1/wallet/ios/withdraw', body: { amount: 7 }, other: { amount: 8 } },
  { operation: 'consumeItem', path: '/v1/inventory/potion/consume', body: { count: 1 }, other: { count: 2 } },
  { operation: 'purchaseItem', path: '/v1/inventory/potion/purchase', body: { slot: 'ios', count: 1 }, other: { slot: 'ios', count: 2 } },
  { operation: 'consumeStamina', path: '/v1/stamina/run/consume', body: { amount: 1 }, other: { amount: 2 } },
  { operation: 'recoverStamina', path: '/v1/stamina/run/recover', body: { by: 'currency', slot: 'ios' }, other: { by: 'currency', slot: 'ios', count: 2 } },
  { operation: 'recoverStamina', path: '/v1/stamina/run/recover', body: { by: 'item' }, other: { by: 'item', count: 2 } },
];

/** What the player owns, to prove a replay spent nothing. */
async function holdings(token: string) {
  const [wallet, inventory, stamina] = await Promise.all([
    api.call('GET', '/v1/wallet/ios', { token }),
    api.call('GET', '/v1/inventory', { token }),
    api.call('GET', '/v1/stamina/run', { token }),
  ]);
  return { wallet: wallet.body.total, items: inventory.body.items, stamina: stamina.body.value };
}

describe('Idempotency-Key on every spending route', () => {
  for (const route of SPENDING) {
    it(`${route.path} (${JSON.stringify(route.body)}): same key and body → the first response, nothing spent again; another body → 409`, async () => {
      const { token } = await stocked();
      const headers = { 'idempotency-key': `"${route.operation}-1"` };
      const first = await api.call('POST', route.path, { token, body: route.body, headers });
      expect(first.status).toBe(200);
      const after = await holdings(token);
      const again = await api.call('POST', route.path, { token, body: route.body, headers });
      expect([again.status, again.body]).toEqual([200, first.body]);
      const bare = await api.call('POST', route.path, { token, body: route.body, headers: { 'idempotency-key': `${route.operation}-1` } });
      expect(bare.body).toEqual(first.body);
      const legacy = await api.call('POST', route.path, { token, body: { ...route.body, requestId: `${route.operation}-1` } });
      expect(legacy.body).toEqual(first.body);
      expect(await holdings(token)).toEqual(after);
      const reused = await api.call('POST', route.path, { token, body: route.other, headers });
      expect([reused.status, reused.body.code]).toEqual([409, 'reference_reused']);
      expect(await holdings(token)).toEqual(after);
    });
  }

  it('refuses a malformed key, a key that contradicts the body requestId, and a purchase without a key', async () => {
    const { token } = await stocked();
    const before = await holdings(token);
    const cases: Array<[string, object, Record<string, string>, string]> = [
      ['/v1/wallet/ios/withdraw', { amount: 1 }, { 'idempotency-key': '"has space"' }, 'invalid_idempotency_key'],
      ['/v1/wallet/ios/withdraw', { amount: 1 }, { 'idempotency-key': '"' }, 'invalid_idempotency_key'],
      ['/v1/wallet/ios/withdraw', { amount: 1 }, { 'idempotency-key': 'x'.repeat(129) }, 'invalid_idempotency_key'],
      ['/v1/inventory/potion/consume', { count: 1, requestId: 'a' }, { 'idempotency-key': '"b"' }, 'idempotency_key_mismatch'],
      ['/v1/inventory/potion/purchase', { slot: 'ios' }, {}, 'idempotency_key_required'],
      ['/v1/stamina/run/recover', { by: 'currency', slot: 'ios' }, {}, 'idempotency_key_required'],
    ];
    for (const [path, body, headers, code] of cases) {
      const reply = await api.call('POST', path, { token, body, headers });
      expect([path, reply.status, reply.body.code]).toEqual([path, 400, code]);
    }
    expect(await holdings(token)).toEqual(before);
  });

  it('declares the header on every spending operation and marks the body requestId deprecated', async () => {
    const { body: doc } = await api.call('GET', '/openapi.json');
    for (const route of SPENDING) {
      const path = route.path.replace('/ios/', '/{slot}/').replace('/potion/', '/{itemId}/').replace('/run/', '/{staminaId}/');
      const operation = doc.paths[path].post;
      expect(operation.parameters).toContainEqual(expect.objectContaining({ name: 'idempotency-key', in: 'header' }));
      const schema = operation.requestBody.content['application/json'].schema;
      const variants = schema.oneOf ?? schema.anyOf ?? [schema];
      for (const variant of variants) expect(variant.properties.requestId).toMatchObject({ deprecated: true });
    }
  });
});
