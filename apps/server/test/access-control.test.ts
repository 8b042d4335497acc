import { sign } from 'hono/jwt';
import { describe, expect, it } from 'vitest';
import { LIVE_ACCOUNT_TTL_MS, userPartition, type Clock } from '@kumo/core';
import { listen } from './push-listener';
import { TOKEN_SECRET, useBackend } from './backend-client';

const clock: Clock & { at: number } = { at: Date.now(), now: () => clock.at };
const api = useBackend({ clock });

/** Operations anyone may call (they hand out credentials). */
/** Public operations; the store notifications prove themselves by a signed payload (Apple) or a shared push token (Google). */
const PUBLIC = [
  'post /v1/accounts',
  'post /v1/auth/login',
  'post /v1/admin/auth',
  'post /v1/auth/key',
  'post /v1/auth/operator',
  'post /v1/purchases/apple/notifications',
  'post /v1/purchases/google/notifications',
];

/** Every operation of the OpenAPI document, with sample path parameters filled in. */
async function operations(userId: string) {
  const { body } = await api.call('GET', '/openapi.json');
  const samples: Record<string, string> = { userId, slot: 'ios', itemId: 'sword', queue: 'mobile-push', name: 'p1', keyId: '0000000000aaaaaaaaaaaaaaaa', platform: 'apple', productId: 'gems_120', transactionId: '2000000000000001', deviceId: 'q8c0Yt2m3kJ4bL9xW1zP_A', operatorId: 'olga' };
  return Object.entries(body.paths as Record<string, Record<string, { security?: Array<Record<string, string[]>> }>>).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({
      id: `${method} ${path}`,
      method: method.toUpperCase(),
      path: path.replace(/\{([^}]+)\}/g, (_m, name: string) => samples[name] ?? '01jf3d0q9x8y7z6w5v4u3t2s1r'),
      admin: path.startsWith('/v1/admin/'),
      secured: (operation.security ?? []).length > 0,
      roles: (operation.security ?? []).flatMap((requirement) => requirement.bearer ?? []),
    })),
  );
}

/** An admin-role token of a new API key with the given policies attached (none: allowed nothing). */
async function apiKeyToken(admin: string, policies: Array<{ name: string; document: unknown }> = []) {
  const created = await api.call('POST', '/v1/admin/keys', { token: admin, body: { name: `key-${policies.length}` } });
  for (const { name, document } of policies) {
    await api.call('PUT', `/v1/admin/policies/${name}`, { token: admin, body: document });
    await api.call('PUT', `/v1/admin/keys/${created.body.keyId}/policies/${name}`, { token: admin });
  }
  return (await api.call('POST', '/v1/auth/key', { body: { apiKey: created.body.apiKey } })).body.token as string;
}

describe('every route is behind auth and policy', () => {
  it('answers 401 without a token, 403 to the wrong role and to a principal whose policies deny it, on every secured operation', async () => {
    const admin = await api.admin();
    const player = await api.player();
    const denied = await api.player();
    await api.call('PUT', '/v1/admin/policies/deny-all', { token: admin, body: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] } });
    await api.call('PUT', `/v1/admin/users/${denied.userId}/policies/deny-all`, { token: admin });
    const key = await apiKeyToken(admin);
    const ops = await operations(player.userId);
    expect(ops.filter((op) => !op.secured).map((op) => op.id).sort()).toEqual([...PUBLIC].sort());
    for (const op of ops.filter((o) => o.secured)) {
      const body = op.method === 'GET' || op.method === 'DELETE' ? undefined : {};
      expect(op.roles, op.id).toEqual([op.admin ? 'admin' : 'player']);
      expect((await api.call(op.method, op.path, { body })).status, op.id).toBe(401);
      expect((await api.call(op.method, op.path, { body, token: op.admin ? player.token : admin })).status, op.id).toBe(403);
      const refused = await api.call(op.method, op.path, { body, token: op.admin ? key : denied.token });
      expect([refused.status, refused.body.code], op.id).toEqual([403, 'access_denied']);
    }
  }, 60_000);

  it('decides the policy on paths no route matches: 403 without the permission, 404 with it', async () => {
    const admin = await api.admin();
    const none = await apiKeyToken(admin);
    const jobs = await apiKeyToken(admin, [{ name: 'jobs-all', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'jobs:*', Resource: '*' }] } }]);
    for (const path of ['/v1/admin/jobs/mobile-push/dead-letterz', '/v1/admin/jobs/mobile-push/dead-letters/x/y']) {
      const denied = await api.call('GET', path, { token: none });
      expect([denied.status, denied.body.code], path).toEqual([403, 'access_denied']);
      expect((await api.call('GET', path, { token: jobs })).body.code, path).toBe('route_not_found');
    }
  });
});

describe('admin reads of an unknown user', () => {
  it('answer 404 user_not_found on every per-user route', async () => {
    const admin = await api.admin();
    const unknown = '/v1/admin/users/0000000000aaaaaaaaaaaaaaaa';
    for (const path of ['/wallet', '/wallet/ios/receipts', '/inventory', '/inbox', '/policies']) {
      const answer = await api.call('GET', `${unknown}${path}`, { token: admin });
      expect([answer.status, answer.body.code], path).toEqual([404, 'user_not_found']);
    }
  });
});

describe('tokens of accounts that do not exist', () => {
  it('are refused on every player route and on the push socket, including once an account is removed', async () => {
    const exp = Math.floor(clock.now() / 1000) + 3600;
    const ghost = await sign({ sub: '0000000000aaaaaaaaaaaaaaaa', role: 'player', iat: exp - 3600, exp }, TOKEN_SECRET, 'HS256');
    const refused = await api.call('GET', '/v1/wallet', { token: ghost });
    expect([refused.status, refused.body.code]).toEqual([401, 'unauthorized']);
    await expect(listen(api.url(), ghost)).rejects.toThrow();

    const player = await api.player();
    expect((await api.call('GET', '/v1/wallet', { token: player.token })).status).toBe(200);
    const store = api.backend().ports.store;
    const profile = await store.get(userPartition(player.userId), 'account:profile');
    await store.commit([{ type: 'delete', partition: userPartition(player.userId), key: 'account:profile', version: profile!.version }]);
    clock.at += LIVE_ACCOUNT_TTL_MS;
    expect((await api.call('GET', '/v1/wallet', { token: player.token })).status).toBe(401);
  });
});
