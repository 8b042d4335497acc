import { describe, expect, it } from 'vitest';
import { useBackend } from './backend-client';

const api = useBackend();

describe('inbox over HTTP', () => {
  it('sends a gift, and two devices reading it at once receive it once', async () => {
    const { userId, token, login } = await api.player();
    const [phone, tablet] = [token, await login()];
    const admin = await api.admin();
    await api.call('PUT', '/v1/admin/items/key', { token: admin, body: { name: 'Key', capacity: 10 } });
    const sent = await api.call('POST', `/v1/admin/users/${userId}/inbox`, {
      token: admin,
      body: { title: 'Gift', body: 'Thanks for playing', grants: [{ type: 'currency', slot: 'ios', free: 50 }, { type: 'item', itemId: 'key', count: 2 }], requestId: 'gift-1' },
    });
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({ title: 'Gift', readAt: null, grants: [{ type: 'currency', slot: 'ios', paid: 0, free: 50 }, { type: 'item', itemId: 'key', count: 2 }] });
    const unread = await api.call('GET', '/v1/inbox', { token });
    expect(unread.body.messages).toEqual([sent.body]);
    const reads = await Promise.all([phone, tablet].map((device) => api.call('POST', `/v1/inbox/${sent.body.id}/read`, { token: device })));
    expect(reads.map((r) => r.status)).toEqual([200, 200]);
    expect(reads.filter((r) => r.body.granted)).toHaveLength(1);
    expect((await api.call('GET', '/v1/wallet/ios', { token })).body.total).toBe(50);
    expect((await api.call('GET', '/v1/inventory/key', { token })).body.count).toBe(2);
    expect((await api.call('GET', '/v1/inbox?status=read', { token })).body.messages.map((m: { id: string }) => m.id)).toEqual([sent.body.id]);
    expect((await api.call('GET', `/v1/inbox/${sent.body.id}`, { token })).body.readAt).toEqual(expect.any(Number));
  });

  it('delivers a gift sent twice with one Idempotency-Key once, and refuses the key with another body', async () => {
    const { userId, token } = await api.player();
    const admin = await api.admin();
    const gift = { title: 'Compensation', grants: [{ type: 'currency', slot: 'ios', free: 25 }] };
    const send = (body: unknown, key = '"gift-retry-1"') => api.call('POST', `/v1/admin/users/${userId}/inbox`, { token: admin, body, headers: { 'idempotency-key': key } });
    const [first, again] = [await send(gift), await send(gift)];
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(again.body).toEqual(first.body);
    expect((await api.call('GET', '/v1/inbox', { token })).body.messages.map((m: { id: string }) => m.id)).toEqual([first.body.id]);
    expect((await api.call('POST', '/v1/inbox/receive-all', { token })).body.received).toHaveLength(1);
    expect((await api.call('GET', '/v1/wallet/ios', { token })).body.total).toBe(25);

    const other = await send({ ...gift, grants: [{ type: 'currency', slot: 'ios', free: 2500 }] });
    expect([other.status, other.body.code]).toEqual([409, 'reference_reused']);
    const mismatch = await send({ ...gift, requestId: 'another-key' });
    expect([mismatch.status, mismatch.body.code]).toEqual([400, 'idempotency_key_mismatch']);
    const malformed = await send(gift, 'has spaces in it');
    expect([malformed.status, malformed.body.code]).toEqual([400, 'invalid_idempotency_key']);
    expect((await api.call('GET', '/v1/inbox', { token })).body.messages).toEqual([]);
  });

  it('receives all unread messages in one call', async () => {
    const { userId, token } = await api.player();
    const admin = await api.admin();
    for (const free of [1, 2, 3]) {
      await api.call('POST', `/v1/admin/users/${userId}/inbox`, { token: admin, body: { title: `Day ${free}`, grants: [{ type: 'currency', slot: 'android', free }] } });
    }
    const all = await api.call('POST', '/v1/inbox/receive-all', { token });
    expect([all.status, all.body.received.length, all.body.failed, all.body.more]).toEqual([200, 3, [], false]);
    expect((await api.call('GET', '/v1/wallet/android', { token })).body.free).toBe(6);
    expect((await api.call('POST', '/v1/inbox/receive-all', { token })).body.received).toEqual([]);
  });

  it('refuses bad input with clear 4xx codes', async () => {
    const { userId, token } = await api.player();
    const admin = await api.admin();
    const send = (body: unknown, auth = admin, user = userId) => api.call('POST', `/v1/admin/users/${user}/inbox`, { token: auth, body });
    const cases: Array<[Promise<{ status: number; body: { code: string } }>, number, string]> = [
      [send({}), 400, 'invalid_request'],
      [send({ title: 'x', grants: [{ type: 'currency', slot: 'ios' }] }), 400, 'invalid_request'],
      [send({ title: 'x', grants: [{ type: 'gold', amount: 5 }] }), 400, 'invalid_request'],
      [send({ title: 'x', grants: [{ type: 'item', itemId: 'key', count: 0 }] }), 400, 'invalid_request'],
      [send({ title: 'x', grants: Array.from({ length: 11 }, () => ({ type: 'currency', slot: 'ios', free: 1 })) }), 400, 'invalid_request'],
      [send({ title: 'x', expiresInSeconds: 10 }), 400, 'invalid_request'],
      [send({ title: 'x', grants: [{ type: 'item', itemId: 'never-defined', count: 1 }] }), 404, 'item_not_found'],
      [send({ title: 'x' }, admin, '0000000000aaaaaaaaaaaaaaaa'), 404, 'user_not_found'],
      [send({ title: 'x' }, token), 403, 'forbidden'],
      [api.call('POST', '/v1/inbox/0000000000aaaaaaaaaaaaaaaa/read', { token }), 404, 'message_not_found'],
      [api.call('POST', '/v1/inbox/not-an-id/read', { token }), 400, 'invalid_request'],
      [api.call('GET', '/v1/inbox?status=deleted', { token }), 400, 'invalid_request'],
      [api.call('GET', '/v1/inbox'), 401, 'unauthorized'],
    ];
    for (const [reply, status, code] of cases) expect([(await reply).status, (await reply).body.code]).toEqual([status, code]);
    expect((await api.call('GET', '/v1/inbox', { token })).body.messages).toEqual([]);
  });

  it('documents the inbox routes in OpenAPI', async () => {
    const { body } = await api.call('GET', '/openapi.json');
    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining(['/v1/inbox', '/v1/inbox/{messageId}', '/v1/inbox/{messageId}/read', '/v1/inbox/receive-all', '/v1/admin/users/{userId}/inbox']),
    );
  });
});
