import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { callJson as call } from './http-json';
import { startServerProcess } from './server-process';

const ADMIN_KEY = 'persistence-admin-key-for-tests';

describe('npm start keeps its data in the embedded engine across restarts', () => {
  let dataDir: string;
  afterAll(async () => dataDir && rm(dataDir, { recursive: true, force: true }));

  it('the account logs in again and its balance and receipts are there after a stop and a start', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kumo-data-'));
    const env = { KUMO_DATA_DIR: dataDir, KUMO_ADMIN_KEY: ADMIN_KEY };

    const first = await startServerProcess(env);
    expect(first.output()).toContain(`Data lives in embedded PostgreSQL (PGlite) in ${dataDir}`);
    const account = (await call(first.url, 'POST', '/v1/accounts')).body;
    const admin = (await call(first.url, 'POST', '/v1/admin/auth', { body: { adminKey: ADMIN_KEY } })).body.token;
    const deposit = await call(first.url, 'POST', `/v1/admin/users/${account.userId}/wallet/ios/deposit`, { token: admin, body: { receiptId: 'store-0001', paid: 120, free: 30 } });
    expect(deposit.status).toBe(200);
    expect(await first.stop()).toBe(0);

    const second = await startServerProcess(env);
    try {
      const login = await call(second.url, 'POST', '/v1/auth/login', { body: account });
      expect(login.status).toBe(200);
      const wallet = await call(second.url, 'GET', '/v1/wallet/ios', { token: login.body.token });
      expect(wallet.body).toMatchObject({ paid: 120, free: 30, total: 150 });
      const receipts = await call(second.url, 'GET', '/v1/wallet/ios/receipts', { token: login.body.token });
      expect(receipts.body.receipts).toEqual([expect.objectContaining({ kind: 'deposit', reference: 'store-0001', paid: 120, free: 30 })]);
    } finally {
      await second.stop();
    }
  }, 240_000);
});
