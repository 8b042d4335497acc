import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionName, coreModule, createApp, createContainer, DEFAULT_PLAYER_DOCUMENT, evaluate, PORTS, resourceOf, resolve, SERVICES, type Clock, type PolicyDocument, type Store } from '@kumo/core';
import { createMemoryPorts, memoryModule } from '@kumo/adapter-memory';
import { devSecrets } from '../src/dev-secrets';
import { startLocalBackend, type LocalBackend } from '../src/local-backend';

const ADMIN_KEY = 'local-admin-key-for-policy-tests';
let backend: LocalBackend;
let adminToken: string;

beforeAll(async () => {
  backend = await startLocalBackend({ port: 0, secrets: devSecrets({ KUMO_ADMIN_KEY: ADMIN_KEY }).secrets, accessLog: () => {} });
  adminToken = (await call('POST', '/v1/admin/auth', { body: { adminKey: ADMIN_KEY } })).body.token;
});
afterAll(async () => backend.stop());

async function call(method: string, path: string, options: { token?: string; body?: unknown } = {}) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const response = await fetch(`${backend.url}${path}`, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

const admin = (method: string, path: string, body?: unknown) => call(method, path, { token: adminToken, body });

async function player() {
  const { body: account } = await call('POST', '/v1/accounts');
  const { body: login } = await call('POST', '/v1/auth/login', { body: account });
  return { userId: account.userId as string, token: login.token as string };
}

const doc = (...Statement: PolicyDocument['Statement']): PolicyDocument => ({ Version: '2012-10-17', Statement });

describe('policy evaluation', () => {
  const request = (action: string, resource: string, userId = 'u1') => ({ action, resource, userId });
  const allowWallet = { name: 'allow', document: doc({ Effect: 'Allow', Action: 'wallet:*', Resource: '*' }) };

  it('denies by default, allows with a matching Allow, and lets an explicit Deny in any policy win', () => {
    expect(evaluate([], request('wallet:GetWallet', 'kumo:wallet:user/u1/wallet')).effect).toBe('implicit_deny');
    expect(evaluate([allowWallet], request('wallet:GetWallet', 'kumo:wallet:user/u1/wallet')).effect).toBe('allow');
    const deny = { name: 'ban', document: doc({ Sid: 'Ban', Effect: 'Deny', Action: ['chat:Post*', 'wallet:PostWalletWithdraw'], Resource: '*' }) };
    expect(evaluate([allowWallet, deny], request('wallet:PostWalletWithdraw', 'kumo:wallet:user/u1/wallet/ios/withdraw'))).toEqual({ effect: 'explicit_deny', policy: 'ban', sid: 'Ban' });
    expect(evaluate([deny, allowWallet], request('wallet:GetWallet', 'kumo:wallet:user/u1/wallet')).effect).toBe('allow');
  });

  it('matches * and ? wildcards, actions case-insensitively, resources case-sensitively', () => {
    const reads = { name: 'reads', document: doc({ Effect: 'Allow', Action: '*:Get*', Resource: 'kumo:*:user/u?/*' }) };
    expect(evaluate([reads], request('inventory:getinventory', 'kumo:inventory:user/u1/inventory')).effect).toBe('allow');
    expect(evaluate([reads], request('inventory:PostInventoryConsume', 'kumo:inventory:user/u1/inventory')).effect).toBe('implicit_deny');
    expect(evaluate([reads], request('wallet:GetWallet', 'kumo:wallet:user/u12/wallet')).effect).toBe('implicit_deny');
    expect(evaluate([reads], request('wallet:GetWallet', 'kumo:wallet:USER/u1/wallet')).effect).toBe('implicit_deny');
  });

  it('substitutes ${kumo:userId} literally: the built-in player policy covers only the caller\'s own account', () => {
    const builtIn = [{ name: 'default', document: DEFAULT_PLAYER_DOCUMENT }];
    expect(evaluate(builtIn, request('chat:Post', 'kumo:chat:user/u1/chat/rooms/a/messages')).effect).toBe('allow');
    expect(evaluate(builtIn, request('chat:Post', 'kumo:chat:user/u2/chat/rooms/a/messages')).effect).toBe('implicit_deny');
    expect(evaluate(builtIn, request('chat:Post', 'kumo:chat:user/u1x/chat', 'u*')).effect).toBe('implicit_deny');
  });
});

describe('route actions and resources', () => {
  it('names an action by operationId, else by method and static path segments', () => {
    expect(actionName('POST', '/v1/chat/rooms/:room/messages', 'post')).toBe('Post');
    expect(actionName('POST', '/v1/wallet/:slot/withdraw')).toBe('PostWalletWithdraw');
    expect(actionName('GET', '/v1/inbox/receive-all')).toBe('GetInboxReceiveAll');
  });

  it("places a request under the account it acts on: the caller's for players, the named user's for admins", () => {
    expect(resourceOf('wallet', '/v1/wallet/ios', { userId: 'p1', role: 'player' })).toBe('kumo:wallet:user/p1/wallet/ios');
    expect(resourceOf('wallet', '/v1/admin/users/u9/wallet/ios/deposit', { userId: 'admin', role: 'admin' })).toBe('kumo:wallet:user/u9/wallet/ios/deposit');
    expect(resourceOf('jobs', '/v1/admin/jobs/q/dead-letters', { userId: 'key:k1', role: 'admin' })).toBe('kumo:jobs:jobs/q/dead-letters');
  });
});

describe('policy admin API', () => {
  it.each([
    ['a missing Version', { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }, 'Version'],
    ['another Version', { Version: '2008-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }, 'Version'],
    ['an empty Statement', { Version: '2012-10-17', Statement: [] }, 'Statement'],
    ['a bad Effect', doc({ Effect: 'allow' as 'Allow', Action: '*', Resource: '*' }), 'Statement.0.Effect'],
    ['an action without a feature', doc({ Effect: 'Allow', Action: ['wallet:*', 'withdraw'], Resource: '*' }), 'Statement.0.Action.1'],
    ['a resource outside kumo:', doc({ Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::bucket' }), 'Statement.0.Resource'],
    ['an unknown variable', doc({ Effect: 'Allow', Action: '*', Resource: 'kumo:*:user/${aws:username}/*' }), 'Statement.0.Resource'],
    ['a misspelled key', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Actions: '*', Resource: '*' }] }, 'Statement.0'],
    ['a duplicate Sid', doc({ Sid: 'A', Effect: 'Allow', Action: '*', Resource: '*' }, { Sid: 'A', Effect: 'Deny', Action: '*', Resource: '*' }), 'Statement.1.Sid'],
  ])('refuses a document with %s (400, with the path of the problem)', async (_name, body, path) => {
    const response = await admin('PUT', '/v1/admin/policies/bad', body);
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('invalid_request');
    expect(response.body.details.issues.map((issue: { path: string }) => issue.path)).toContain(path);
    expect((await admin('GET', '/v1/admin/policies/bad')).status).toBe(404);
  });

  it('stores, lists, reads and deletes policies', async () => {
    const document = doc({ Sid: 'NoChat', Effect: 'Deny', Action: 'chat:*', Resource: '*' });
    const stored = await admin('PUT', '/v1/admin/policies/no-chat', document);
    expect(stored).toMatchObject({ status: 200, body: { name: 'no-chat', document } });
    expect((await admin('GET', '/v1/admin/policies')).body.policies.map((p: { name: string }) => p.name)).toContain('no-chat');
    expect((await admin('GET', '/v1/admin/policies/kumo-default-player')).body).toMatchObject({ builtIn: true, document: DEFAULT_PLAYER_DOCUMENT });
    expect((await admin('DELETE', '/v1/admin/policies/no-chat')).status).toBe(204);
    expect((await admin('DELETE', '/v1/admin/policies/no-chat')).body.code).toBe('policy_not_found');
    expect((await admin('PUT', '/v1/admin/policies/bad name!', document)).status).toBe(400);
  });

  it('refuses players and missing tokens on admin routes, and attachments to unknown users, keys or policies', async () => {
    const { userId, token } = await player();
    expect((await call('GET', '/v1/admin/policies', { token })).body.code).toBe('forbidden');
    expect((await call('GET', '/v1/admin/policies')).status).toBe(401);
    expect((await admin('PUT', `/v1/admin/users/${userId}/policies/nothing-here`)).body.code).toBe('policy_not_found');
    await admin('PUT', '/v1/admin/policies/p1', doc({ Effect: 'Deny', Action: 'chat:*', Resource: '*' }));
    expect((await admin('PUT', '/v1/admin/users/0000000000aaaaaaaaaaaaaaaa/policies/p1')).body.code).toBe('user_not_found');
    expect((await admin('PUT', '/v1/admin/keys/0000000000aaaaaaaaaaaaaaaa/policies/p1')).body.code).toBe('api_key_not_found');
    expect((await admin('GET', `/v1/admin/users/${userId}/policies`)).body).toEqual({ policies: [] });
    expect((await call('POST', '/v1/auth/key', { body: { apiKey: 'not-a-key' } })).status).toBe(401);
  });

  it('refuses an 11th attached policy with 409', async () => {
    const { userId } = await player();
    for (let i = 0; i < 11; i++) await admin('PUT', `/v1/admin/policies/many-${i}`, doc({ Effect: 'Deny', Action: `x${i}:*`, Resource: '*' }));
    for (let i = 0; i < 10; i++) expect((await admin('PUT', `/v1/admin/users/${userId}/policies/many-${i}`)).status).toBe(200);
    expect((await admin('PUT', `/v1/admin/users/${userId}/policies/many-10`)).body.code).toBe('too_many_policies');
    expect((await admin('PUT', `/v1/admin/users/${userId}/policies/many-0`)).body.policies).toHaveLength(10);
  });

  it('applies a replaced default player policy to every player at once, and the built-in one again once it is deleted', async () => {
    const { token } = await player();
    const readOnly = doc({ Effect: 'Allow', Action: ['*:Get*'], Resource: 'kumo:*:user/${kumo:userId}/*' });
    await admin('PUT', '/v1/admin/policies/kumo-default-player', readOnly);
    expect((await call('GET', '/v1/wallet/ios', { token })).status).toBe(200);
    expect((await call('POST', '/v1/wallet/ios/withdraw', { token, body: { amount: 1 } })).body).toMatchObject({ code: 'access_denied', details: { reason: 'implicit_deny' } });
    await admin('DELETE', '/v1/admin/policies/kumo-default-player');
    expect((await call('POST', '/v1/wallet/ios/withdraw', { token, body: { amount: 1 } })).body.code).toBe('insufficient_funds');
  });

  it('lists every route with its action and documents the policy routes in OpenAPI', async () => {
    const { actions } = (await admin('GET', '/v1/admin/actions')).body as { actions: Array<{ action: string; method: string; path: string }> };
    expect(actions).toEqual(
      expect.arrayContaining([
        { action: 'wallet:PostWalletWithdraw', method: 'POST', path: '/v1/wallet/:slot/withdraw' },
        { action: 'policy:PutPolicy', method: 'PUT', path: '/v1/admin/policies/:name' },
        { action: 'jobs:ReplayDeadLetters', method: 'POST', path: '/v1/admin/jobs/:queue/dead-letters/replay' },
      ]),
    );
    expect(new Set(actions.map((a) => `${a.method} ${a.path}`)).size).toBe(actions.length);
    const { body } = await call('GET', '/openapi.json');
    expect(Object.keys(body.paths)).toEqual(expect.arrayContaining(['/v1/admin/policies/{name}', '/v1/admin/users/{userId}/policies/{name}', '/v1/admin/keys', '/v1/auth/key']));
    expect(body.paths['/v1/admin/policies/{name}'].put.operationId).toBe('putPolicy');
  });
});

describe('policy cache on the request path', () => {
  it('reads the policy documents once for 20 requests within the TTL, again after it, and at once after an admin write', async () => {
    const clock: Clock & { at: number } = { at: Date.now(), now: () => clock.at };
    const policyReads: string[] = [];
    const ports = createMemoryPorts();
    const container = createContainer(memoryModule(ports), coreModule({ clock, secrets: devSecrets({ KUMO_ADMIN_KEY: ADMIN_KEY }).secrets }));
    const counted: Store = {
      capabilities: ports.store.capabilities,
      get: (partition, key) => {
        if (partition === 'policies' || key === 'policy:attached') policyReads.push(`${partition}/${key}`);
        return ports.store.get(partition, key);
      },
      query: (partition, options) => ports.store.query(partition, options),
      commit: (operations) => ports.store.commit(operations),
    };
    container.rebindSync(PORTS.Store).toConstantValue(counted);
    const local = createApp(container, { accessLog: () => {} });
    const { userId } = await resolve(container, SERVICES.Accounts).create();
    const token = (await resolve(container, SERVICES.Tokens).issue({ userId, role: 'player' })).token;
    const root = (await resolve(container, SERVICES.Tokens).issue({ userId: 'admin', role: 'admin' })).token;
    const get = () => local.request('/v1/wallet/ios', { headers: { authorization: `Bearer ${token}` } });

    const statuses = await Promise.all(Array.from({ length: 20 }, get));
    expect(statuses.every((r) => r.status === 200)).toBe(true);
    expect(policyReads).toEqual([`user:${userId}/policy:attached`, 'policies/policy:kumo-default-player']);
    clock.at += 29_000;
    await get();
    expect(policyReads).toHaveLength(2);
    clock.at += 1_000;
    await get();
    expect(policyReads).toHaveLength(4);

    const admin = (method: string, path: string, body?: unknown) =>
      local.request(path, { method, headers: { authorization: `Bearer ${root}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    await admin('PUT', '/v1/admin/policies/no-wallet', doc({ Effect: 'Deny', Action: 'wallet:*', Resource: '*' }));
    await admin('PUT', `/v1/admin/users/${userId}/policies/no-wallet`);
    expect((await get()).status).toBe(403);
    // A remembered decision does not outlive the documents it was made from.
    await admin('PUT', '/v1/admin/policies/no-wallet', doc({ Effect: 'Deny', Action: 'inbox:*', Resource: '*' }));
    expect((await get()).status).toBe(200);
    await admin('PUT', '/v1/admin/policies/no-wallet', doc({ Effect: 'Deny', Action: 'wallet:GetWallet', Resource: '*' }));
    expect((await get()).status).toBe(403);
    await admin('DELETE', `/v1/admin/users/${userId}/policies/no-wallet`);
    expect((await get()).status).toBe(200);
  });
});
