import { describe, expect, it } from 'vitest';
import { FaultSchedule, FaultyStore, type FaultKind } from '@kumo/conformance/faults';
import { AUDIT_PARTITION, coreModule, createApp, createContainer, PORTS, resolve, SERVICES, type AuditEntry, type Operation, type Store } from '@kumo/core';
import { createMemoryPorts, memoryModule, type MemoryStore } from '@kumo/adapter-memory';
import { devSecrets } from '../src/dev-secrets';

/** An app on `wrap(memory store)`; admin writes go through it, checks read the memory store beneath. */
async function appOn(wrap: (store: MemoryStore) => Store) {
  const ports = createMemoryPorts();
  const container = createContainer(memoryModule(ports), coreModule({ secrets: devSecrets({}).secrets }));
  container.rebindSync(PORTS.Store).toConstantValue(wrap(ports.store as MemoryStore));
  const app = createApp(container, { accessLog: () => {} });
  const { userId } = await resolve(container, SERVICES.Accounts).create();
  const admin = (await resolve(container, SERVICES.Tokens).issue({ userId: 'admin', role: 'admin' })).token;
  const deposit = () =>
    app.request(`/v1/admin/users/${userId}/wallet/ios/deposit`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json', 'idempotency-key': '"grant-1"' },
      body: JSON.stringify({ receiptId: 'grant-1', paid: 30 }),
    });
  /** What landed beneath every fault: the deposit's entries and the player's receipts. */
  const landed = async () => {
    const entries = (await ports.store.query<AuditEntry>(AUDIT_PARTITION, { prefix: 'entry:' })).items.map((doc) => doc.value);
    const receipts = (await ports.store.query(`user:${userId}`)).items.filter((doc) => JSON.stringify(doc.value).includes('grant-1'));
    return { entries: entries.filter((entry) => entry.action === 'wallet:PostAdminUsersWalletDeposit'), receipts };
  };
  return { deposit, landed, userId };
}

describe('an admin write and its audit entry', () => {
  it('land in one commit: a process that stops right after the commit leaves both', async () => {
    let [armed, stopped] = [false, false];
    const { deposit, landed, userId } = await appOn((store) => {
      const crashing = Object.create(store) as MemoryStore;
      crashing.commit = async (operations: readonly Operation[]) => {
        if (stopped) throw new Error('the process stopped');
        await store.commit(operations);
        stopped = armed;
      };
      return crashing;
    });
    armed = true;
    await deposit();
    expect(stopped).toBe(true);
    const { entries, receipts } = await landed();
    expect(receipts.length).toBeGreaterThan(0);
    expect(entries).toHaveLength(1);
    expect(entries[0]!.changes.some((change) => change.partition === `user:${userId}`)).toBe(true);
  });

  for (const kind of ['ambiguousCommit', 'refusedCommit', 'lateCommit'] satisfies FaultKind[]) {
    it(`land together or not at all under ${kind}, and a retry with the key leaves exactly one entry`, async () => {
      const schedule = new FaultSchedule({ seed: 16, rates: { [kind]: 1 }, limits: { [kind]: 1 } });
      schedule.pause();
      const { deposit, landed } = await appOn((store) => new FaultyStore(store, schedule));
      schedule.resume();
      const first = await deposit();
      schedule.pause();
      expect(schedule.counts[kind]).toBe(1);
      const afterFirst = await landed();
      expect(afterFirst.entries.length > 0).toBe(afterFirst.receipts.length > 0);
      expect(afterFirst.entries.length).toBeLessThanOrEqual(1);
      if (first.status !== 200) expect((await deposit()).status).toBe(200);
      expect((await deposit()).status).toBe(200);
      const { entries, receipts } = await landed();
      expect(receipts.length).toBeGreaterThan(0);
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({ actor: 'bootstrap', idempotencyKey: 'grant-1' });
    });
  }
});
