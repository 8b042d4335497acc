import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devPurchaseSettings } from '../src/dev-purchases';
import { devSecrets } from '../src/dev-secrets';
import { startLocalBackend, type LocalBackend } from '../src/local-backend';

const ROOT = resolve(import.meta.dirname, '../../..');
const ADMIN_KEY = 'journey-admin-key-for-tests-only';
let backend: LocalBackend;
let testCa: string;
let dataDir: string;

/** The backend `npm start` runs by default: the embedded PostgreSQL engine, here in a temporary data folder. */
beforeAll(async () => {
  testCa = join(await mkdtemp(join(tmpdir(), 'kumo-journey-ca-')), 'apple-test-ca.json');
  dataDir = await mkdtemp(join(tmpdir(), 'kumo-journey-data-'));
  const purchases = await devPurchaseSettings({ KUMO_APPLE_TEST_CA: testCa });
  const storage = { kind: 'postgres', database: { embedded: true, dataDir } } as const;
  backend = await startLocalBackend({ port: 0, secrets: devSecrets({ KUMO_ADMIN_KEY: ADMIN_KEY }).secrets, accessLog: () => {}, purchases, backend: { storage } });
}, 60_000);
afterAll(async () => {
  await backend?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe("the README's player journey", () => {
  it('runs as written: an App Store purchase, an item bought, a gift, and a matched push received by a WebSocket client', async () => {
    const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
    const block = /<!-- journey:start -->\s*```sh\n([\s\S]*?)```\s*<!-- journey:end -->/.exec(readme)?.[1];
    expect(block).toBeDefined();
    const tmp = await mkdtemp(join(tmpdir(), 'kumo-journey-'));
    const { stdout } = await promisify(execFile)('bash', ['-euo', 'pipefail', '-c', block!], {
      cwd: ROOT,
      env: { ...process.env, URL: backend.url, ADMIN_KEY, TMPDIR: tmp, KUMO_APPLE_TEST_CA: testCa },
      timeout: 60_000,
    });
    const lines = stdout.trim().split('\n').map((line) => JSON.parse(line));
    const bought = lines.find((line) => line.platform === 'apple' && line.receipt);
    expect(bought).toMatchObject({ productId: 'gems_120', receipt: { kind: 'deposit', paid: 120, free: 30 } });
    expect(lines).toContainEqual(expect.objectContaining({ status: 409, code: 'purchase_claimed' }));
    expect(lines).toContainEqual({ slot: 'ios', paid: 110, free: 0, total: 110 });
    expect(lines).toContainEqual({ itemId: 'sword', count: 2, capacity: 3 });
    const matched = lines.find((line) => line.type === 'matched');
    expect(matched?.data).toMatchObject({ mode: 'duel', members: expect.any(Array) });
    expect(matched.data.members).toHaveLength(2);
  }, 90_000);
});
