import { afterAll, describe, expect, it } from 'vitest';
import { useBackend } from './backend-client';

// Read when the backend's container is built (in useBackend's beforeAll).
process.env.KUMO_ADMIN_KEY_SCOPE = 'bootstrap';
afterAll(() => void delete process.env.KUMO_ADMIN_KEY_SCOPE);

const api = useBackend();

describe('the admin key in bootstrap scope (KUMO_ADMIN_KEY_SCOPE=bootstrap)', { timeout: 30_000 }, () => {
  it('sets up operators and roles but does nothing on players; the operators it creates do the work', async () => {
    const admin = await api.admin();
    const { userId } = await api.player();
    const deposit = (token: string) => api.call('POST', `/v1/admin/users/${userId}/wallet/ios/deposit`, { token, body: { receiptId: 'boot-1', paid: 5 } });

    const refused = await deposit(admin);
    expect([refused.status, refused.body.code, refused.body.details.reason]).toEqual([403, 'access_denied', 'implicit_deny']);
    expect((await api.call('GET', `/v1/admin/users/${userId}/wallet`, { token: admin })).status).toBe(403);

    const created = await api.call('POST', '/v1/admin/operators', { token: admin, body: { operatorId: 'fin', password: 'finance-password-1', roles: ['kumo-role-finance'] } });
    expect(created.status).toBe(201);
    const token = (await api.call('POST', '/v1/auth/operator', { body: { operatorId: 'fin', password: 'finance-password-1' } })).body.token as string;
    expect((await deposit(token)).status).toBe(200);

    const trail = await api.call('GET', '/v1/admin/audit', { token: admin });
    expect(trail.body.entries.map((entry: { actor: string; action: string }) => `${entry.actor} ${entry.action}`)).toEqual(['fin wallet:PostAdminUsersWalletDeposit', 'bootstrap operators:CreateOperator']);
  });
});
