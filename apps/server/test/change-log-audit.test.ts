import { describe, expect, it } from 'vitest';
import { MemoryStore } from '@kumo/adapter-memory';
import { AUDIT_PARTITION, AuditTrail, MAX_AUDITED_CHANGES, randomIds, systemClock, transact, withChangeLog, type AuditDraft } from '@kumo/core';

const facts = { actor: 'olga', action: 'wallet:Deposit', resource: 'kumo:wallet:x', method: 'POST', path: '/v1/admin/x', status: 200, requestId: 'r1' };

describe('withChangeLog', () => {
  it('collects what landed commits changed, before → after, and only the attempt that landed', async () => {
    const store = new MemoryStore();
    await transact(store, async (tx) => tx.put('p', 'a', { n: 1 }));
    let attempts = 0;
    const { result, changes } = await withChangeLog(async () => {
      const n = await transact(store, async (tx) => {
        attempts += 1;
        const doc = await tx.get<{ n: number }>('p', 'a');
        // Someone else writes between the read and the commit of the first attempt: it conflicts and is retried.
        if (attempts === 1) await transact(store, async (other) => other.put('p', 'a', { n: 10 }));
        tx.put('p', 'a', { n: doc!.value.n + 1 });
        tx.put('p', `attempt-${attempts}`, { attempt: attempts });
        tx.delete('p', 'never-there');
        return doc!.value.n + 1;
      });
      await transact(store, async (tx) => tx.delete('p', `attempt-${attempts}`));
      return n;
    });
    expect([result, attempts]).toEqual([11, 2]);
    expect(changes).toEqual([
      { partition: 'p', key: 'a', before: { n: 1 }, after: { n: 10 } },
      { partition: 'p', key: 'a', before: { n: 10 }, after: { n: 11 } },
      { partition: 'p', key: 'attempt-2', after: { attempt: 2 } },
      { partition: 'p', key: 'attempt-2', before: { attempt: 2 } },
    ]);
  });

  it('keeps concurrent calls apart, and notes nothing outside one', async () => {
    const store = new MemoryStore();
    const [first, second] = await Promise.all(['x', 'y'].map((key) => withChangeLog(() => transact(store, async (tx) => tx.put('p', key, { key })))));
    expect(first!.changes.map((change) => change.key)).toEqual(['x']);
    expect(second!.changes.map((change) => change.key)).toEqual(['y']);
    await expect(transact(store, async (tx) => tx.put('p', 'z', {}))).resolves.toBeUndefined();
  });
});

describe('AuditTrail', () => {
  const trail = () => {
    const store = new MemoryStore();
    return { store, trail: new AuditTrail(store, randomIds, systemClock) };
  };
  const change = (key: string) => ({ partition: 'user:u', key, after: { key, secretHash: 'scrypt$abc' } });

  it('redacts credentials, and keeps only addresses past the bound', async () => {
    const { trail: audit } = trail();
    const small = await audit.record({ ...facts, changes: [change('k1')] });
    expect(small!.changes).toEqual([{ partition: 'user:u', key: 'k1', after: { key: '[redacted]', secretHash: '[redacted]' } }]);
    const many = Array.from({ length: MAX_AUDITED_CHANGES + 1 }, (_, i) => change(`k${i}`));
    const big = await audit.record({ ...facts, changes: many });
    expect(big!.changesTruncated).toBe(true);
    expect(big!.changes).toHaveLength(MAX_AUDITED_CHANGES);
    expect(big!.changes[0]).toEqual({ partition: 'user:u', key: 'k0' });
    expect((await audit.list()).entries.map((entry) => entry.id)).toEqual([big!.id, small!.id]);
  });

  it('records a repeated idempotency key once when the repeat changed nothing, and again when it did', async () => {
    const { store, trail: audit } = trail();
    const keyed: AuditDraft = { ...facts, idempotencyKey: 'k-1', changes: [change('k1')] };
    const first = await audit.record(keyed);
    expect(await audit.record({ ...keyed, requestId: 'r2', changes: [] })).toBeUndefined();
    const changedAgain = await audit.record({ ...keyed, requestId: 'r3' });
    expect(await audit.record({ ...keyed, idempotencyKey: 'k-2', changes: [] })).toBeDefined();
    const { entries } = await audit.list({ limit: 10 });
    expect(entries.map((entry) => entry.requestId)).toEqual(['r1', 'r3', 'r1']);
    expect(entries.at(-1)!.id).toBe(first!.id);
    expect(changedAgain!.id).not.toBe(first!.id);
    const stored = await store.query(AUDIT_PARTITION, { limit: 100 });
    expect(stored.items.filter((doc) => doc.key.startsWith('once:'))).toHaveLength(2);
  });
});

describe('AuditTrail.companion', () => {
  it('commits one entry with the changes of every commit of a request, and nothing for a commit outside the audited request', async () => {
    const store = new MemoryStore();
    const audit = new AuditTrail(store, randomIds, systemClock);
    const { id, key, writes } = audit.companion(() => ({ ...facts, idempotencyKey: 'k-9' }));
    const { changes } = await withChangeLog(
      async () => {
        await transact(store, async (tx) => tx.put('user:u', 'a', { n: 1 }));
        await transact(store, async (tx) => tx.put('user:v', 'b', { n: 2 }));
      },
      { companion: writes },
    );
    await transact(store, async (tx) => tx.put('user:u', 'outside', {}));
    expect(changes.filter((change) => change.partition === AUDIT_PARTITION).map((change) => change.key)).toContain(key);
    const { entries } = await audit.list();
    expect(entries.map((entry) => [entry.id, entry.changes.map((change) => change.key)])).toEqual([[id, ['a', 'b']]]);
    expect(await audit.record({ ...facts, idempotencyKey: 'k-9', changes: [] })).toBeUndefined();
  });
});
