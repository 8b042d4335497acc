import { describe, expect, it } from 'vitest';
import { evaluate, MAX_JSON_DEPTH, type AccessLogEntry } from '@kumo/core';
import { ADMIN_KEY, useBackend } from './backend-client';

const log: AccessLogEntry[] = [];
let failSink = false;
const api = useBackend({
  accessLog: (entry) => {
    if (failSink) throw new Error('log shipper down');
    log.push(entry);
  },
});
const { call, player, admin } = api;

/** A JSON text of `depth` nested arrays around `inner`. */
const nested = (depth: number, inner = '1') => `${'['.repeat(depth)}${inner}${']'.repeat(depth)}`;

/** The access-log record of the last request to `path`. */
const logged = (path: string) => log.findLast((entry) => entry.request.path === path);

describe('deeply nested JSON bodies', () => {
  it('are refused with 400 too_deep before any handler, on every route, and nothing is written', async () => {
    const { userId, token } = await player();
    const adminToken = await admin();
    await call('POST', `/v1/admin/users/${userId}/wallet/ios/deposit`, { token: adminToken, body: { receiptId: 'deep-1', paid: 100 } });
    const deep = `{"amount":5,"requestId":"deep-withdraw","extra":${nested(5000)}}`;
    for (const [path, auth] of [['/v1/wallet/ios/withdraw', token], ['/v1/auth/login', undefined], ['/v1/nowhere', undefined]] as const) {
      const answer = await call('POST', path, { token: auth, raw: deep });
      expect([answer.status, answer.body.code], path).toEqual([400, 'too_deep']);
      expect(logged(path)?.response).toMatchObject({ status: 400, errorCode: 'too_deep' });
    }
    expect((await call('GET', '/v1/wallet/ios', { token })).body).toMatchObject({ paid: 100, total: 100 });
    expect((await call('GET', '/v1/wallet/ios/receipts', { token })).body.receipts).toHaveLength(1);
  });

  it('are accepted up to the limit, and the access log writes a bounded copy', async () => {
    const { token } = await player();
    const answer = await call('POST', '/v1/wallet/ios/withdraw', { token, raw: `{"amount":5,"extra":${nested(MAX_JSON_DEPTH - 1)}}` });
    expect(answer.status).toBe(409);
    expect(JSON.stringify(logged('/v1/wallet/ios/withdraw')?.request.body)).toContain('[deep]');
  });

  it('never make the access log fail a response: a throwing sink still leaves the answer intact', async () => {
    failSink = true;
    try {
      expect((await call('GET', '/health')).status).toBe(200);
    } finally {
      failSink = false;
    }
  });
});

describe('policy wildcards', () => {
  it('match `*` and `?` without regular expressions (the liveness check on a long path is in process-lifecycle.test.ts)', () => {
    const document = { Version: '2012-10-17' as const, Statement: [{ Effect: 'Deny' as const, Action: '*', Resource: 'kumo:inventory:user/*/inventory/*-*-*-*-legacy' }] };
    const resource = `kumo:inventory:user/u1/inventory/${'-'.repeat(20)}`;
    expect(evaluate([{ name: 'legacy', document }], { action: 'inventory:GetHolding', resource, userId: 'u1' }).effect).toBe('implicit_deny');
    expect(evaluate([{ name: 'legacy', document }], { action: 'inventory:GetHolding', resource: `${resource}-legacy`, userId: 'u1' }).effect).toBe('explicit_deny');
    const glob = (Resource: string, Action = 'wallet:Get?alance') => [{ name: 'g', document: { Version: '2012-10-17' as const, Statement: [{ Effect: 'Allow' as const, Action, Resource }] } }];
    const decide = (pattern: string, resource: string, action = 'Wallet:GetBalance') => evaluate(glob(pattern), { action, resource, userId: 'u1' }).effect;
    expect(decide('kumo:*:user/${kumo:userId}/*', 'kumo:wallet:user/u1/wallet/ios')).toBe('allow');
    expect(decide('kumo:*:user/${kumo:userId}/*', 'kumo:wallet:user/u2/wallet/ios')).toBe('implicit_deny');
    expect(decide('kumo:a*b*c', 'kumo:aXcYb')).toBe('implicit_deny');
    expect(decide('kumo:*ab*abc', 'kumo:ababcabc')).toBe('allow');
    expect(decide('kumo:x*?', 'kumo:x')).toBe('implicit_deny');
    expect(decide('kumo:x?', 'kumo:xy', 'chat:GetBalance')).toBe('implicit_deny');
  });

  it('are never matched against a path parameter the route would refuse, nor an unbounded path', async () => {
    const adminToken = await admin();
    const { userId, token } = await player();
    const document = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: '*', Resource: 'kumo:inventory:user/*/inventory/*-*-*-*-legacy' }] };
    expect((await call('PUT', '/v1/admin/policies/legacy', { token: adminToken, body: document })).status).toBe(200);
    expect((await call('PUT', `/v1/admin/users/${userId}/policies/legacy`, { token: adminToken })).status).toBe(200);
    const longId = await call('GET', `/v1/inventory/${'-'.repeat(480)}`, { token });
    expect([longId.status, longId.body.code]).toEqual([400, 'invalid_request']);
    expect(logged(`/v1/inventory/${'-'.repeat(480)}`)?.request.action).toBeUndefined();
    const longPath = await call('GET', `/v1/inventory/x/${'y/'.repeat(600)}`, { token });
    expect([longPath.status, longPath.body.code]).toEqual([400, 'path_too_long']);
  });
});

describe('credentials in the access log', () => {
  it('are redacted from the query, the headers and the body', async () => {
    const { token } = await player();
    await call('GET', `/v1/push?token=${token}&client=x`);
    await call('GET', '/v1/wallet', { token });
    await call('POST', '/v1/chat/rooms/lobby/messages', { token, body: { text: `my token is ${token}` } });
    await call('POST', '/v1/admin/auth', { body: { adminKey: ADMIN_KEY } });
    expect(logged('/v1/push')?.request.query).toBe('?token=[redacted]&client=x');
    expect(logged('/v1/wallet')?.request.headers?.authorization).toBe('[redacted]');
    const text = JSON.stringify(log);
    expect(text).not.toContain(token);
    expect(text).not.toContain(token.split('.')[2]);
    expect(text).not.toContain(ADMIN_KEY);
  });
});
