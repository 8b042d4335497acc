import { describe, expect, it } from 'vitest';
import { AccountService, createApp, createContainer, coreModule, PORTS, RATE_BUCKETS, RateLimiter, resolve, scryptHasher, SERVICES, type Clock, type Operation, type SecretHasher } from '@kumo/core';
import { createMemoryPorts, memoryModule, MemoryStore } from '@kumo/adapter-memory';
import { devSecrets } from '../src/dev-secrets';
import { ADMIN_KEY, useBackend } from './backend-client';

const MINUTE = 60_000;
/**
 * Time stands still one second into a minute for these limits: the sliding window weighs the last
 * window by its overlap, so a run that crossed a minute boundary on the wall clock would count less.
 */
const frozenAt = Math.floor(Date.now() / MINUTE) * MINUTE + 1_000;
const api = useBackend({
  clock: { now: () => frozenAt },
  signInLimits: {
    adminAuthFailuresPerClient: { limit: 5, windowMs: 10 * MINUTE },
    loginsPerClient: { limit: 30, windowMs: MINUTE },
    loginFailuresPerAccount: { limit: 3, windowMs: 10 * MINUTE },
    accountsPerClient: { limit: 20, windowMs: MINUTE },
  },
});

describe('sign-in rate limits', () => {
  it('answer 429 with Retry-After once a client sent too many wrong admin keys, then even the right key waits', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await api.call('POST', '/v1/admin/auth', { body: { adminKey: `wrong-key-${i}` } })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
    const right = await api.call('POST', '/v1/admin/auth', { body: { adminKey: ADMIN_KEY } });
    expect([right.status, right.body.code]).toEqual([429, 'rate_limited']);
    expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('limit failed logins per account and new accounts per client', async () => {
    const { body: account } = await api.call('POST', '/v1/accounts');
    const wrong = [];
    for (let i = 0; i < 4; i++) wrong.push((await api.call('POST', '/v1/auth/login', { body: { userId: account.userId, secret: 'wrong' } })).status);
    expect(wrong).toEqual([401, 401, 401, 429]);
    expect((await api.call('POST', '/v1/auth/login', { body: account })).status).toBe(429);
    const created = [];
    for (let i = 0; i < 20; i++) created.push((await api.call('POST', '/v1/accounts')).status);
    expect(created.filter((status) => status === 201)).toHaveLength(19);
    expect(created.at(-1)).toBe(429);
  }, 30_000);
});

describe('rate-limit counters', () => {
  it('live in the store, so every instance of the app shares them, and stay bounded: two slots per bucket', async () => {
    const clock: Clock & { at: number } = { at: Date.UTC(2030, 0, 1), now: () => clock.at };
    const ports = createMemoryPorts();
    const instance = () => createApp(createContainer(memoryModule(ports), coreModule({ clock, secrets: devSecrets({ KUMO_ADMIN_KEY: ADMIN_KEY }).secrets })), { accessLog: () => {} });
    const [first, second] = [instance(), instance()];
    const wrong = (app: ReturnType<typeof instance>) =>
      app.request('/v1/admin/auth', { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.9' }, body: '{"adminKey":"wrong"}' });
    for (let i = 0; i < 10; i++) expect((await wrong(i % 2 ? first : second)).status).toBe(401);
    expect((await wrong(first)).status).toBe(429);
    expect((await wrong(second)).status).toBe(429);

    const written = new Set<string>();
    const store = new (class extends MemoryStore {
      override commit(operations: readonly Operation[]) {
        for (const op of operations) if (op.type === 'put') written.add(`${op.partition}/${op.key}`);
        return super.commit(operations);
      }
    })();
    const limiter = new RateLimiter(store, clock);
    const rule = { name: 'bounded', limit: 1000, windowMs: MINUTE };
    for (let window = 0; window < 6; window++, clock.at += MINUTE) for (let i = 0; i < 5; i++) await limiter.take(rule, 'one-client');
    const partitions = new Set([...written].map((address) => address.split('/')[0]));
    expect(partitions.size).toBe(1);
    expect(Number([...partitions][0]!.split(':')[2])).toBeLessThan(RATE_BUCKETS);
    expect([...written].map((address) => address.split('/')[1]).sort()).toEqual(['w0', 'w1']);
  }, 30_000);
});

describe('login of an unknown account', () => {
  it('costs one secret hash check, as a known account does', async () => {
    const checks: string[] = [];
    const counting: SecretHasher = { hash: scryptHasher.hash, verify: (secret, stored) => (checks.push(stored), scryptHasher.verify(secret, stored)) };
    const container = createContainer(memoryModule(), coreModule({ secrets: devSecrets({}).secrets }));
    const accounts = new AccountService(resolve(container, PORTS.Store), resolve(container, PORTS.Ids), resolve(container, PORTS.Clock), resolve(container, SERVICES.Tokens), counting);
    const { userId, secret } = await accounts.create();
    await accounts.login(userId, secret);
    await expect(accounts.login('0000000000aaaaaaaaaaaaaaaa', secret)).rejects.toThrow('unknown user id or wrong secret');
    expect(checks).toHaveLength(2);
    expect(checks[1]).toMatch(/^scrypt\$/);
  });
});
