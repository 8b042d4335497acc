import { expect, it } from 'vitest';
import { createApp, PolicyService, PORTS, resolve, SERVICES, type Doc, type DocValue, type Operation, type Page, type PolicyDocument, type QueryOptions, type Store } from '@kumo/core';
import { unique } from '../unique';
import { OffsetClock, type ServiceScenarios } from './context';

/** A store that counts the reads going through it (to show what the policy cache saves). */
class CountingStore implements Store {
  reads = 0;
  constructor(private readonly inner: Store) {}
  get capabilities() {
    return this.inner.capabilities;
  }
  /** Counts, then reads. */
  get<T extends DocValue>(partition: string, key: string): Promise<Doc<T> | undefined> {
    this.reads++;
    return this.inner.get<T>(partition, key);
  }
  /** Counts, then queries. */
  query<T extends DocValue>(partition: string, options?: QueryOptions): Promise<Page<T>> {
    this.reads++;
    return this.inner.query<T>(partition, options);
  }
  /** Commits unchanged. */
  commit(operations: readonly Operation[]): Promise<void> {
    return this.inner.commit(operations);
  }
}

const DENY_WITHDRAW: PolicyDocument = { Version: '2012-10-17', Statement: [{ Sid: 'NoSpending', Effect: 'Deny', Action: 'wallet:PostWallet*', Resource: 'kumo:wallet:user/*' }] };

/** IAM-style policies: bans by explicit Deny, API keys limited to their policies, and the TTL cache. */
export const policyScenarios: ServiceScenarios = (context) => {
  const { container } = context;
  const setup = async () => {
    const app = createApp(container(), { accessLog: () => {} });
    const tokens = resolve(container(), SERVICES.Tokens);
    const admin = (await tokens.issue({ userId: 'admin', role: 'admin' })).token;
    const call = async (method: string, path: string, token: string, body?: unknown) => {
      const response = await app.request(path, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : undefined };
    };
    const player = async () => {
      const { userId } = await resolve(container(), SERVICES.Accounts).create();
      await resolve(container(), SERVICES.Wallet).deposit(userId, 'ios', { receiptId: 'seed', paid: 0, free: 100 });
      return { userId, token: (await tokens.issue({ userId, role: 'player' })).token };
    };
    return { call, admin, player };
  };

  it('bans one player from spending with an explicit Deny, leaves the others alone, and lifts the ban on detach', async () => {
    const { call, admin, player } = await setup();
    const [banned, other] = [await player(), await player()];
    const name = unique('no-spending');
    expect((await call('PUT', `/v1/admin/policies/${name}`, admin, DENY_WITHDRAW)).status).toBe(200);
    expect((await call('PUT', `/v1/admin/users/${banned.userId}/policies/${name}`, admin)).body).toEqual({ policies: [name] });

    const refused = await call('POST', '/v1/wallet/ios/withdraw', banned.token, { amount: 1 });
    expect(refused).toMatchObject({ status: 403, body: { code: 'access_denied', details: { action: 'wallet:PostWalletWithdraw', resource: `kumo:wallet:user/${banned.userId}/wallet/ios/withdraw`, reason: 'explicit_deny', policy: name } } });
    expect((await call('GET', '/v1/wallet/ios', banned.token)).body).toMatchObject({ free: 100 });
    expect((await call('POST', '/v1/wallet/ios/withdraw', other.token, { amount: 1 })).status).toBe(200);

    expect((await call('DELETE', `/v1/admin/users/${banned.userId}/policies/${name}`, admin)).body).toEqual({ policies: [] });
    expect((await call('POST', '/v1/wallet/ios/withdraw', banned.token, { amount: 1 })).status).toBe(200);
  });

  it('lets an API key do only what its policies allow, and nothing once revoked', async () => {
    const { call, admin, player } = await setup();
    const target = await player();
    const created = await call('POST', '/v1/admin/keys', admin, { name: 'purchase-verifier' });
    expect(created).toMatchObject({ status: 201, body: { name: 'purchase-verifier', policies: [] } });
    const { keyId, apiKey } = created.body as { keyId: string; apiKey: string };
    const signIn = await call('POST', '/v1/auth/key', '', { apiKey });
    const keyToken = signIn.body.token as string;
    const deposit = () => call('POST', `/v1/admin/users/${target.userId}/wallet/ios/deposit`, keyToken, { receiptId: unique('r'), paid: 10 });

    expect((await deposit()).body).toMatchObject({ code: 'access_denied', details: { reason: 'implicit_deny' } });
    const name = unique('deposit-only');
    const document = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['wallet:PostAdminUsersWalletDeposit'], Resource: 'kumo:wallet:user/*/wallet/*' }] };
    await call('PUT', `/v1/admin/policies/${name}`, admin, document);
    expect((await call('PUT', `/v1/admin/keys/${keyId}/policies/${name}`, admin)).body).toEqual({ policies: [name] });
    expect((await deposit()).status).toBe(200);
    expect((await call('GET', '/v1/admin/policies', keyToken)).body).toMatchObject({ code: 'access_denied', details: { action: 'policy:ListPolicies' } });
    expect((await call('GET', '/v1/wallet/ios', keyToken)).status).toBe(403);

    expect((await call('DELETE', `/v1/admin/keys/${keyId}`, admin)).status).toBe(204);
    expect((await deposit()).status).toBe(401);
    expect((await call('POST', '/v1/auth/key', '', { apiKey })).status).toBe(401);
  });

  it('reads each policy document once for 100 checks within the TTL; a change applies at once here and within a second elsewhere', async () => {
    const accounts = resolve(container(), SERVICES.Accounts);
    const store = resolve(container(), PORTS.Store);
    const counting = new CountingStore(store);
    const clock = new OffsetClock();
    const here = new PolicyService(counting, clock, accounts, { cacheTtlMs: 30_000 });
    const elsewhere = new PolicyService(store, clock, accounts, { cacheTtlMs: 30_000 });
    const { userId } = await accounts.create();
    const principal = { userId, role: 'player' as const };
    const post = `kumo:chat:user/${userId}/chat/rooms/lobby/messages`;

    await Promise.all(Array.from({ length: 50 }, () => here.authorize(principal, 'chat:Post', post)));
    for (let i = 0; i < 50; i++) await here.authorize(principal, 'chat:Post', post);
    expect(counting.reads).toBe(3);
    await elsewhere.authorize(principal, 'chat:Post', post);

    const name = unique('chat-ban');
    await here.put(name, { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'chat:*', Resource: '*' }] });
    await here.attach({ kind: 'user', userId }, name);
    await expect(here.authorize(principal, 'chat:Post', post)).rejects.toMatchObject({ code: 'access_denied' });
    clock.advance(1_001);
    await expect(elsewhere.authorize(principal, 'chat:Post', post)).rejects.toMatchObject({ code: 'access_denied' });
    await expect(here.authorize(principal, 'wallet:GetWallet', `kumo:wallet:user/${userId}/wallet`)).resolves.toMatchObject({ effect: 'allow' });
  });

  it('applies a ban, its lifting and an API key revocation made on one instance to another instance within a second', async () => {
    const [one, two] = [container(), context.instance()];
    const { userId } = await resolve(one, SERVICES.Accounts).create();
    const [policiesOne, policiesTwo] = [resolve(one, SERVICES.Policies), resolve(two, SERVICES.Policies)];
    const player = { userId, role: 'player' as const };
    const withdraw = [player, 'wallet:PostWalletWithdraw', `kumo:wallet:user/${userId}/wallet/ios/withdraw`] as const;
    await expect(policiesTwo.authorize(...withdraw)).resolves.toMatchObject({ effect: 'allow' });
    const ban = unique('ban');
    await policiesOne.put(ban, DENY_WITHDRAW);
    await policiesOne.attach({ kind: 'user', userId }, ban);
    context.clock.advance(1_001);
    await expect(policiesTwo.authorize(...withdraw)).rejects.toMatchObject({ code: 'access_denied' });
    await policiesOne.detach({ kind: 'user', userId }, ban);
    context.clock.advance(1_001);
    await expect(policiesTwo.authorize(...withdraw)).resolves.toMatchObject({ effect: 'allow' });

    const key = await resolve(one, SERVICES.ApiKeys).create(unique('verifier'));
    const grant = unique('deposits');
    await policiesOne.put(grant, { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'wallet:*', Resource: '*' }] });
    await policiesOne.attach({ kind: 'key', keyId: key.keyId }, grant);
    const server = [{ userId: `key:${key.keyId}`, role: 'admin' as const }, 'wallet:PostAdminUsersWalletDeposit', `kumo:wallet:user/${userId}/wallet/ios/deposit`] as const;
    context.clock.advance(1_001);
    await expect(policiesTwo.authorize(...server)).resolves.toMatchObject({ effect: 'allow' });
    await resolve(one, SERVICES.ApiKeys).revoke(key.keyId);
    context.clock.advance(1_001);
    await expect(policiesTwo.authorize(...server)).rejects.toMatchObject({ code: 'unauthorized' });
  });
};
