import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContainerModule, type Container } from 'inversify';
import {
  coreModule,
  createApp,
  createContainer,
  MOBILE_PUSH_QUEUE,
  PORTS,
  resolve,
  SERVICES,
  walletPartition,
  type MobilePush,
  type PushEvent,
  type Receipt,
} from '@kumo/core';
import { unique } from './unique';

/** The adapter set under test, as its ContainerModule; `close` (if returned) runs after the suite. */
export type AdapterModuleFactory = () => Promise<ContainerModule | { module: ContainerModule; close(): Promise<void> }>;

/** Fixed secrets for the suite (never used outside tests). */
const testSecrets = { get: (name: string) => `test-${name}-0123456789abcdef` };

/** Records mobile pushes so the suite can see the offline fallback land. */
class RecordingMobilePush implements MobilePush {
  readonly sent: Array<{ userId: string; event: PushEvent }> = [];
  async send(userId: string, event: PushEvent): Promise<void> {
    this.sent.push({ userId, event });
  }
}

/**
 * Service-level scenarios on a whole adapter set (store + queue + push), through core's services
 * and its HTTP app: accounts, the wallet invariant under concurrency, the offline push fallback.
 */
export function describeServices(name: string, factory: AdapterModuleFactory): void {
  describe(`Service conformance: ${name}`, () => {
    let container: Container;
    let close: (() => Promise<void>) | undefined;
    const mobile = new RecordingMobilePush();

    beforeAll(async () => {
      const made = await factory();
      const module = 'module' in made ? made.module : made;
      close = 'module' in made ? made.close : undefined;
      const recording = new ContainerModule(({ rebindSync }) => {
        rebindSync(PORTS.MobilePush).toConstantValue(mobile);
      });
      container = createContainer(module, coreModule({ secrets: testSecrets }), recording);
    }, 60_000);
    afterAll(async () => close?.());

    it('creates an account, logs in over HTTP and refuses a wrong secret', async () => {
      const app = createApp(container, { accessLog: () => {} });
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

    it('keeps Σ receipts = balance under 40 concurrent deposits and withdrawals, crediting a repeated receipt once', async () => {
      const accounts = resolve(container, SERVICES.Accounts);
      const wallet = resolve(container, SERVICES.Wallet);
      const { userId } = await accounts.create();
      await wallet.deposit(userId, 'ios', { receiptId: 'seed', paid: 100, free: 50 });
      const outcomes = await Promise.allSettled(
        Array.from({ length: 40 }, (_, i) =>
          i % 2 === 0
            ? wallet.deposit(userId, 'ios', { receiptId: `r${i % 10}`, paid: (i % 10) % 4 === 0 ? 7 : 0, free: 3 })
            : wallet.withdraw(userId, 'ios', { amount: 11, order: i % 3 === 0 ? 'paid_first' : 'free_first' }),
        ),
      );
      for (const outcome of outcomes) {
        if (outcome.status === 'rejected') expect((outcome.reason as { code?: string }).code).toBe('insufficient_funds');
      }
      const all: Receipt[] = [];
      let cursor: string | undefined;
      do {
        const page = await wallet.receipts(userId, 'ios', { limit: 20, cursor });
        all.push(...page.receipts);
        cursor = page.cursor;
      } while (cursor);
      const balance = await wallet.balance(userId, 'ios');
      expect(all.reduce((sum, r) => sum + r.paid, 0)).toBe(balance.paid);
      expect(all.reduce((sum, r) => sum + r.free, 0)).toBe(balance.free);
      expect(balance.paid).toBeGreaterThanOrEqual(0);
      expect(balance.free).toBeGreaterThanOrEqual(0);
      expect(all.filter((r) => r.kind === 'deposit')).toHaveLength(1 + 5);
      const withdrawals = outcomes.filter((o, i) => i % 2 === 1 && o.status === 'fulfilled').length;
      expect(all.filter((r) => r.kind === 'withdraw')).toHaveLength(withdrawals);
    }, 120_000);

    it('refuses a withdrawal past the balance and writes nothing', async () => {
      const accounts = resolve(container, SERVICES.Accounts);
      const wallet = resolve(container, SERVICES.Wallet);
      const store = resolve(container, PORTS.Store);
      const { userId } = await accounts.create();
      await wallet.deposit(userId, 'android', { receiptId: 'p1', paid: 5, free: 5 });
      await expect(wallet.withdraw(userId, 'android', { amount: 11, order: 'free_first' })).rejects.toMatchObject({ code: 'insufficient_funds' });
      const spent = await wallet.withdraw(userId, 'android', { amount: 7, order: 'free_first', requestId: 'buy-1' });
      expect(spent).toMatchObject({ free: -5, paid: -2, balance: { paid: 3, free: 0 } });
      expect(await wallet.withdraw(userId, 'android', { amount: 7, order: 'free_first', requestId: 'buy-1' })).toEqual(spent);
      const docs = await store.query(walletPartition(userId), { prefix: 'receipt:' });
      expect(docs.items).toHaveLength(2);
    });

    it('hands an event for an offline user to mobile push through the job queue', async () => {
      const notifier = resolve(container, SERVICES.Notifier);
      const jobs = resolve(container, SERVICES.Jobs);
      const user = unique('offline');
      expect(await notifier.notify(user, { type: 'inbox.new', data: { from: 'ops' } })).toBe('queued');
      const deadline = Date.now() + 20_000;
      while (!mobile.sent.some((s) => s.userId === user) && Date.now() < deadline) await jobs.poll(1);
      expect(mobile.sent.filter((s) => s.userId === user)).toEqual([{ userId: user, event: { type: 'inbox.new', data: { from: 'ops' } } }]);
      expect(jobs.queues()).toContain(MOBILE_PUSH_QUEUE);
    }, 30_000);
  });
}
