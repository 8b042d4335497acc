import { expect, it } from 'vitest';
import { createApp } from '@kumo/core';
import type { ServiceScenarios } from './context';

/** Accounts over the HTTP app: create, log in, refuse a wrong secret. */
export const accountScenarios: ServiceScenarios = ({ container }) => {
  it('creates an account, logs in over HTTP and refuses a wrong secret', async () => {
    const app = createApp(container(), { accessLog: () => {} });
    const created = await app.request('/v1/accounts', { method: 'POST' });
    expect(created.status).toBe(201);
    const { userId, secret } = (await created.json()) as { userId: string; secret: string };
    const post = (body: unknown) => app.request('/v1/auth/login', { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
    const ok = await post({ userId, secret });
    expect(ok.status).toBe(200);
    const { token } = (await ok.json()) as { token: string };
    const wallet = await app.request('/v1/wallet/ios', { headers: { authorization: `Bearer ${token}` } });
    expect(await wallet.json()).toEqual({ slot: 'ios', paid: 0, free: 0, total: 0 });
    const bad = await post({ userId, secret: `${secret}x` });
    expect(bad.status).toBe(401);
    expect(await bad.json()).toMatchObject({ code: 'invalid_credentials' });
  });
};
