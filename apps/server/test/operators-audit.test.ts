import { describe, expect, it } from 'vitest';
import { deadLetterQueueName, MOBILE_PUSH_QUEUE } from '@kumo/core';
import { useBackend, type Reply } from './backend-client';

const api = useBackend();
const PASSWORD = 'correct horse battery';

/** Creates an operator with the bootstrap admin token and signs it in; returns its token. */
async function operator(admin: string, operatorId: string, roles: string[]): Promise<string> {
  const created = await api.call('POST', '/v1/admin/operators', { token: admin, body: { operatorId, password: PASSWORD, roles } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const signedIn = await api.call('POST', '/v1/auth/operator', { body: { operatorId, password: PASSWORD } });
  expect(signedIn.status).toBe(200);
  return signedIn.body.token as string;
}

interface Entry {
  id: string;
  actor: string;
  action: string;
  requestId: string;
  idempotencyKey?: string;
  changes: Array<{ partition: string; key: string; before?: Record<string, unknown>; after?: Record<string, unknown> }>;
}

/** Every audit entry, newest first, read page by page. */
async function auditTrail(token: string): Promise<Entry[]> {
  const entries: Entry[] = [];
  let cursor: string | undefined;
  do {
    const page = await api.call('GET', `/v1/admin/audit?limit=7${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token });
    expect(page.status).toBe(200);
    entries.push(...(page.body.entries as Entry[]));
    cursor = page.body.cursor as string | undefined;
  } while (cursor);
  return entries;
}

const requestIdOf = (reply: Reply) => reply.headers.get('x-request-id');

// Each test hashes several passwords with scrypt: give it room on a busy machine.
describe('operators with roles', { timeout: 30_000 }, () => {
  it('lets support read a player and send a gift but refuses it a deposit; finance may deposit', async () => {
    const admin = await api.admin();
    const { userId } = await api.player();
    const support = await operator(admin, 'sam-support', ['kumo-role-support']);
    const finance = await operator(admin, 'fay-finance', ['kumo-role-finance']);

    const deposit = { receiptId: 'grant-1', paid: 100 };
    const refused = await api.call('POST', `/v1/admin/users/${userId}/wallet/ios/deposit`, { token: support, body: deposit });
    expect([refused.status, refused.body.code, refused.body.details.reason]).toEqual([403, 'access_denied', 'implicit_deny']);
    const gift = await api.call('POST', `/v1/admin/users/${userId}/inbox`, { token: support, body: { title: 'Sorry', grants: [{ type: 'currency', slot: 'ios', free: 5 }] } });
    expect(gift.status).toBe(201);
    expect((await api.call('GET', `/v1/admin/users/${userId}/inbox`, { token: support })).body.messages).toHaveLength(1);
    expect((await api.call('GET', `/v1/admin/users/${userId}/wallet`, { token: support })).status).toBe(200);
    expect((await api.call('POST', '/v1/admin/operators', { token: support, body: { operatorId: 'mallory', password: PASSWORD } })).status).toBe(403);

    const credited = await api.call('POST', `/v1/admin/users/${userId}/wallet/ios/deposit`, { token: finance, body: deposit });
    expect([credited.status, credited.body.balance]).toEqual([200, { paid: 100, free: 0 }]);
    const noGift = await api.call('POST', `/v1/admin/users/${userId}/inbox`, { token: finance, body: { title: 'x' } });
    expect([noGift.status, noGift.body.code]).toEqual([403, 'access_denied']);
  });

  it('refuses a wrong password, a disabled operator both its sign-in and the tokens it holds, and an old password after a reset', async () => {
    const admin = await api.admin();
    const token = await operator(admin, 'dan', ['kumo-role-admin']);
    const wrong = await api.call('POST', '/v1/auth/operator', { body: { operatorId: 'dan', password: 'not the password' } });
    expect([wrong.status, wrong.body.code]).toEqual([401, 'unauthorized']);
    expect((await api.call('POST', '/v1/auth/operator', { body: { operatorId: 'nobody', password: PASSWORD } })).status).toBe(401);
    expect((await api.call('GET', '/v1/admin/operators', { token })).status).toBe(200);

    const disabled = await api.call('POST', '/v1/admin/operators/dan/disable', { token: admin });
    expect(disabled.body).toMatchObject({ operatorId: 'dan', disabled: true, roles: ['kumo-role-admin'] });
    expect((await api.call('GET', '/v1/admin/operators', { token })).status).toBe(401);
    expect((await api.call('POST', '/v1/auth/operator', { body: { operatorId: 'dan', password: PASSWORD } })).status).toBe(401);
    await api.call('POST', '/v1/admin/operators/dan/enable', { token: admin });
    expect((await api.call('GET', '/v1/admin/operators', { token })).status).toBe(200);

    const reset = await api.call('PUT', '/v1/admin/operators/dan/password', { token: admin, body: { password: 'a brand new password' } });
    expect([reset.status, reset.body.operatorId]).toEqual([200, 'dan']);
    expect((await api.call('POST', '/v1/auth/operator', { body: { operatorId: 'dan', password: PASSWORD } })).status).toBe(401);
    expect((await api.call('POST', '/v1/auth/operator', { body: { operatorId: 'dan', password: 'a brand new password' } })).status).toBe(200);
    const short = await api.call('PUT', '/v1/admin/operators/dan/password', { token: admin, body: { password: 'short' } });
    expect([short.status, short.body.code]).toEqual([400, 'invalid_request']);
  });

  it('changes roles: a support operator given finance may deposit, and loses it again', async () => {
    const admin = await api.admin();
    const { userId } = await api.player();
    const token = await operator(admin, 'rita', ['kumo-role-support']);
    const deposit = (receiptId: string) => api.call('POST', `/v1/admin/users/${userId}/wallet/ios/deposit`, { token, body: { receiptId, free: 1 } });
    expect((await deposit('r1')).status).toBe(403);
    expect((await api.call('PUT', '/v1/admin/operators/rita/roles/kumo-role-finance', { token: admin })).body.roles).toEqual(['kumo-role-support', 'kumo-role-finance']);
    expect((await deposit('r2')).status).toBe(200);
    await api.call('DELETE', '/v1/admin/operators/rita/roles/kumo-role-finance', { token: admin });
    expect((await deposit('r3')).status).toBe(403);
    const unknown = await api.call('PUT', '/v1/admin/operators/rita/roles/no-such-role', { token: admin });
    expect([unknown.status, unknown.body.code]).toEqual([404, 'policy_not_found']);
    const taken = await api.call('POST', '/v1/admin/operators', { token: admin, body: { operatorId: 'rita', password: PASSWORD } });
    expect([taken.status, taken.body.code]).toEqual([409, 'operator_exists']);
    const listed = (await api.call('GET', '/v1/admin/operators', { token: admin })).body.operators as Array<Record<string, unknown>>;
    expect(listed.find((o) => o.operatorId === 'rita')).toEqual({ operatorId: 'rita', roles: ['kumo-role-support'], disabled: false, createdAt: expect.any(Number), updatedAt: expect.any(Number) });
    expect(JSON.stringify(listed)).not.toMatch(/scrypt|password/i);
  });
});

describe('the audit trail', { timeout: 30_000 }, () => {
  it('records every admin write exactly once, a retried Idempotency-Key included, with who, what and before → after', async () => {
    const admin = await api.admin();
    const { userId } = await api.player();
    const before = new Set((await auditTrail(admin)).map((entry) => entry.id));
    const ops = await operator(admin, 'olga', ['kumo-role-admin']);
    await api.backend().ports.queue.send(deadLetterQueueName(MOBILE_PUSH_QUEUE), { userId, event: { type: 'audit-test' } });

    const writes: Array<[string, Reply]> = [];
    const write = async (action: string, method: string, path: string, options: Parameters<typeof api.call>[2]) => {
      const reply = await api.call(method, path, options);
      expect(reply.status, `${action}: ${JSON.stringify(reply.body)}`).toBeLessThan(300);
      writes.push([action, reply]);
      return reply;
    };
    const deposit = { token: ops, body: { receiptId: 'audit-1', paid: 50, free: 7 }, headers: { 'idempotency-key': '"deposit-audit-1"' } };
    await write('wallet:PostAdminUsersWalletDeposit', 'POST', `/v1/admin/users/${userId}/wallet/ios/deposit`, deposit);
    const retried = await api.call('POST', `/v1/admin/users/${userId}/wallet/ios/deposit`, deposit);
    expect(retried.status).toBe(200);
    await write('inbox:SendMessage', 'POST', `/v1/admin/users/${userId}/inbox`, { token: ops, body: { title: 'Gift' } });
    await write('inventory:PutItemModel', 'PUT', '/v1/admin/items/audit-gem', { token: ops, body: { name: 'Gem', capacity: 9 } });
    await write('policy:PutPolicy', 'PUT', '/v1/admin/policies/audit-ban', { token: admin, body: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'chat:*', Resource: '*' }] } });
    const letters = await api.call('GET', `/v1/admin/jobs/${MOBILE_PUSH_QUEUE}/dead-letters`, { token: ops });
    await write('jobs:ReplayDeadLetters', 'POST', `/v1/admin/jobs/${MOBILE_PUSH_QUEUE}/dead-letters/replay`, { token: ops, body: { ids: [letters.body.deadLetters[0].id] } });
    await write('operators:DisableOperator', 'POST', '/v1/admin/operators/olga/disable', { token: admin });
    expect((await api.call('POST', `/v1/admin/users/${userId}/wallet/ios/deposit`, { token: ops, body: { receiptId: 'audit-2', paid: 1 } })).status).toBe(401);

    const entries = (await auditTrail(admin)).filter((entry) => !before.has(entry.id));
    expect(entries.map((entry) => entry.action)).toEqual(['operators:CreateOperator', ...writes.map(([action]) => action)].reverse());
    for (const [action, reply] of writes) {
      expect(entries.filter((entry) => entry.requestId === requestIdOf(reply)), action).toHaveLength(1);
    }
    expect(entries.map((entry) => entry.actor)).toEqual(['bootstrap', 'olga', 'olga', 'olga', 'bootstrap', 'olga', 'bootstrap'].reverse());

    const credit = entries.find((entry) => entry.action === 'wallet:PostAdminUsersWalletDeposit')!;
    expect(credit.idempotencyKey).toBe('deposit-audit-1');
    expect(credit.changes.some((change) => change.before === undefined && JSON.stringify(change.after).includes('"paid":50'))).toBe(true);
    const created = entries.find((entry) => entry.action === 'operators:CreateOperator')!;
    expect(created.changes).toEqual([{ partition: 'operators', key: 'operator:olga', after: expect.objectContaining({ passwordHash: '[redacted]', policies: ['kumo-role-admin'] }) }]);
    const disabled = entries.find((entry) => entry.action === 'operators:DisableOperator')!;
    expect(disabled.changes.find((change) => change.key === 'operator:olga')).toMatchObject({ before: { disabled: false }, after: { disabled: true } });
  });

  it('cannot be edited through the API: no route writes it, and reading it needs the permission', async () => {
    const admin = await api.admin();
    await api.call('PUT', '/v1/admin/items/audit-sword', { token: admin, body: { name: 'Sword', capacity: 1 } });
    const entries = await auditTrail(admin);
    const [newest] = entries;
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      for (const path of ['/v1/admin/audit', `/v1/admin/audit/${newest!.id}`, `/v1/admin/audit/entry:${newest!.id}`]) {
        const reply = await api.call(method, path, { token: admin, body: method === 'DELETE' ? undefined : { action: 'forged' } });
        expect([reply.status, reply.body.code], `${method} ${path}`).toEqual([404, 'route_not_found']);
      }
    }
    const document = (await api.call('GET', '/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
    const auditPaths = Object.entries(document.paths).filter(([path]) => path.startsWith('/v1/admin/audit'));
    expect(auditPaths.map(([path, methods]) => [path, Object.keys(methods)])).toEqual([['/v1/admin/audit', ['get']]]);
    expect(await auditTrail(admin)).toEqual(entries);

    const support = await operator(admin, 'sue', ['kumo-role-support']);
    expect((await api.call('GET', '/v1/admin/audit', { token: support })).status).toBe(200);
    const finance = await operator(admin, 'fred', []);
    const refused = await api.call('GET', '/v1/admin/audit', { token: finance });
    expect([refused.status, refused.body.code]).toEqual([403, 'access_denied']);
  });
});
