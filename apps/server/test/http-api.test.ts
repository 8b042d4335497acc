import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessLogEntry } from '@kumo/core';
import { devSecrets } from '../src/dev-secrets';
import { startLocalBackend, type LocalBackend } from '../src/local-backend';

const ADMIN_KEY = 'local-admin-key-for-tests-only';
let backend: LocalBackend;
const log: AccessLogEntry[] = [];

beforeAll(async () => {
  const { secrets } = devSecrets({ KUMO_ADMIN_KEY: ADMIN_KEY });
  backend = await startLocalBackend({ port: 0, secrets, accessLog: (entry) => log.push(entry) });
});
afterAll(async () => backend.stop());

async function call(method: string, path: string, options: { token?: string; body?: unknown; raw?: string } = {}) {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined || options.raw !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${backend.url}${path}`, { method, headers, body: options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body)) });
  const text = await response.text();
  return { status: response.status, type: response.headers.get('content-type') ?? '', body: text ? JSON.parse(text) : undefined };
}

async function player() {
  const { body: account } = await call('POST', '/v1/accounts');
  const { body: login } = await call('POST', '/v1/auth/login', { body: account });
  return { userId: account.userId as string, token: login.token as string };
}

async function admin() {
  return (await call('POST', '/v1/admin/auth', { body: { adminKey: ADMIN_KEY } })).body.token as string;
}

describe('HTTP API on the embedded adapter', () => {
  it('walks through account → login → admin deposit → balance → withdraw → receipts', async () => {
    const { userId, token } = await player();
    const adminToken = await admin();
    const deposit = await call('POST', `/v1/admin/users/${userId}/wallet/ios/deposit`, { token: adminToken, body: { receiptId: 'apple-1000', paid: 120, free: 30 } });
    expect(deposit.status).toBe(200);
    expect(deposit.body).toMatchObject({ kind: 'deposit', paid: 120, free: 30, balance: { paid: 120, free: 30 } });
    const again = await call('POST', `/v1/admin/users/${userId}/wallet/ios/deposit`, { token: adminToken, body: { receiptId: 'apple-1000', paid: 120, free: 30 } });
    expect(again.body).toEqual(deposit.body);
    expect((await call('GET', '/v1/wallet/ios', { token })).body).toEqual({ slot: 'ios', paid: 120, free: 30, total: 150 });
    const spend = await call('POST', '/v1/wallet/ios/withdraw', { token, body: { amount: 50, order: 'paid_first' } });
    expect(spend.body).toMatchObject({ paid: -50, free: 0, balance: { paid: 70, free: 30 } });
    const receipts = await call('GET', '/v1/wallet/ios/receipts?limit=10', { token });
    expect(receipts.body.receipts.map((r: { kind: string }) => r.kind)).toEqual(['withdraw', 'deposit']);
    expect((await call('GET', '/v1/wallet', { token })).body.balances).toEqual([{ slot: 'ios', paid: 70, free: 30, total: 100 }]);
  });

  it.each([
    ['missing fields', '/v1/auth/login', {}, 400, 'invalid_request'],
    ['malformed user id', '/v1/auth/login', { userId: '../etc', secret: 'x' }, 400, 'invalid_request'],
    ['unknown user', '/v1/auth/login', { userId: '0000000000aaaaaaaaaaaaaaaa', secret: 'x' }, 401, 'invalid_credentials'],
    ['wrong admin key', '/v1/admin/auth', { adminKey: 'guess' }, 401, 'unauthorized'],
  ])('refuses %s with a 4xx problem', async (_name, path, body, status, code) => {
    const response = await call('POST', path, { body });
    expect(response.status).toBe(status);
    expect(response.type).toContain('application/problem+json');
    expect(response.body).toMatchObject({ status, code });
    expect(JSON.stringify(response.body)).not.toMatch(/at .*\.ts/);
  });

  it('refuses bad wallet input with 4xx and writes nothing', async () => {
    const { userId, token } = await player();
    const adminToken = await admin();
    const deposit = (body: unknown, user = userId) => call('POST', `/v1/admin/users/${user}/wallet/ios/deposit`, { token: adminToken, body });
    expect((await deposit({ receiptId: 'a', paid: -5 })).body.code).toBe('invalid_request');
    expect((await deposit({ receiptId: 'a', paid: 1.5 })).body.code).toBe('invalid_request');
    expect((await deposit({ receiptId: 'a', paid: '10' })).body.code).toBe('invalid_request');
    expect((await deposit({ receiptId: 'a', paid: 0, free: 0 })).body.code).toBe('invalid_request');
    expect((await deposit({ paid: 5 })).body.code).toBe('invalid_request');
    expect((await deposit({ receiptId: 'a', paid: 1e12 })).status).toBe(400);
    const unknown = await deposit({ receiptId: 'a', paid: 5 }, '0000000000aaaaaaaaaaaaaaaa');
    expect([unknown.status, unknown.body.code]).toEqual([404, 'user_not_found']);
    const overdraw = await call('POST', '/v1/wallet/ios/withdraw', { token, body: { amount: 1 } });
    expect([overdraw.status, overdraw.body.code]).toEqual([409, 'insufficient_funds']);
    expect((await call('POST', '/v1/wallet/ios/withdraw', { token, body: { amount: 0 } })).status).toBe(400);
    expect((await call('GET', '/v1/wallet/IOS!', { token })).status).toBe(400);
    expect((await call('GET', '/v1/wallet/ios/receipts?limit=0', { token })).status).toBe(400);
    expect((await call('GET', '/v1/wallet/ios/receipts', { token })).body.receipts).toEqual([]);
  });

  it('refuses malformed JSON and oversized bodies', async () => {
    const malformed = await call('POST', '/v1/auth/login', { raw: '{"userId":' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toMatch(/^invalid_/);
    const huge = await call('POST', '/v1/auth/login', { raw: JSON.stringify({ userId: 'x', secret: 'y'.repeat(100_000) }) });
    expect([huge.status, huge.body.code]).toEqual([413, 'too_large']);
  });

  it('requires the right token: none, forged, player on admin route', async () => {
    const { userId, token } = await player();
    expect((await call('GET', '/v1/wallet/ios')).status).toBe(401);
    expect((await call('GET', '/v1/wallet/ios', { token: `${token}x` })).status).toBe(401);
    const asPlayer = await call('POST', `/v1/admin/users/${userId}/wallet/ios/deposit`, { token, body: { receiptId: 'x', paid: 5 } });
    expect([asPlayer.status, asPlayer.body.code]).toEqual([403, 'forbidden']);
    expect((await call('GET', '/v1/nowhere')).body.code).toBe('route_not_found');
  });

  it('serves the OpenAPI document with every route', async () => {
    const { body } = await call('GET', '/openapi.json');
    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining(['/v1/accounts', '/v1/auth/login', '/v1/wallet/{slot}', '/v1/wallet/{slot}/withdraw', '/v1/admin/users/{userId}/wallet/{slot}/deposit']),
    );
  });

  it('writes an access-log record per request with the response and no secrets', async () => {
    await call('POST', '/v1/auth/login', { body: { userId: '0000000000aaaaaaaaaaaaaaaa', secret: 'hunter2-secret' } });
    const entry = log.findLast((e) => e.request.path === '/v1/auth/login');
    expect(entry).toMatchObject({ request: { method: 'POST', body: { secret: '[redacted]' } }, response: { status: 401, errorCode: 'invalid_credentials' } });
    expect(entry?.requestId).toBeTruthy();
    expect(JSON.stringify(log)).not.toContain('hunter2-secret');
  });
});
