import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemoryStore } from '@kumo/adapter-memory';
import { resolve, SERVICES, userPartition, type Store } from '@kumo/core';
import { migrate } from '../src/migrate';
import { checksums, cosmosStore, datastoreStore, documentCount, dynamoStore, embeddedStore, postgresStore } from './stores';
import { readWorld, seedWorld, servicesOn } from './world';

const PLAYERS = 100;
const scratch = mkdtempSync(join(tmpdir(), 'kumo-cli-'));

/** Migrates and checks the hop verified with equal checksums on both sides. */
async function hop(source: Store, target: Store, from: string, to: string, writeBatch?: number) {
  const report = await migrate({ source, target, from, to, checkpointPath: join(scratch, `${from}-${to}.json`), writeBatch });
  expect(report).toMatchObject({ verified: true, resumed: false, differingPartitions: [] });
  const [before, after] = await Promise.all([checksums(source), checksums(target)]);
  expect(after).toEqual(before);
  console.log(`[migrate] ${from} → ${to}: ${report.copy.documents} documents in ${report.copy.partitions} partitions, ${report.copy.documentsPerSecond} docs/s, ${report.passes.length} pass(es), verify ${report.verifyMs} ms`);
  return report;
}

describe('kumo migrate: a game world along memory → AWS → GCP → Azure → PostgreSQL → embedded PostgreSQL → memory', () => {
  it(`moves ${PLAYERS} players (wallets, receipts, items, inbox, leaderboard, chat) with equal checksums at every hop, and the services on the last backend read the same world`, async () => {
    const first = servicesOn();
    const world = await seedWorld(first.container, PLAYERS);
    const seeded = await readWorld(first.container, world);
    const sums = await checksums(first.store);
    expect(documentCount(sums)).toBeGreaterThan(PLAYERS * 8);

    const aws = await dynamoStore();
    const gcp = datastoreStore();
    const azure = await cosmosStore();
    const postgres = await postgresStore();
    const embedded = await embeddedStore(join(scratch, 'embedded'));
    const last = new MemoryStore();
    try {
      await hop(first.store, aws.store, 'memory', 'aws', 1);
      await hop(aws.store, gcp.store, 'aws', 'gcp');
      await hop(gcp.store, azure.store, 'gcp', 'azure');
      await hop(azure.store, postgres.store, 'azure', 'postgres');
      await hop(postgres.store, embedded.store, 'postgres', 'embedded');
      await hop(embedded.store, last, 'embedded', 'memory');
    } finally {
      await Promise.all([postgres.close(), embedded.close()]);
    }
    expect(await checksums(last)).toEqual(sums);

    const moved = servicesOn(last);
    const read = await readWorld(moved.container, world);
    expect(read).toEqual(seeded);
    for (const player of read.players) expect(player.receipts).toEqual(player.balance);
    expect(read.top).toHaveLength(PLAYERS);
  }, 600_000);

  it('copies again the writes the services make during the bulk copy, so the catch-up pass leaves both sides equal', async () => {
    const source = servicesOn();
    const world = await seedWorld(source.container, 30);
    const target = await dynamoStore();
    const wallet = resolve(source.container, SERVICES.Wallet);
    let copying = true;
    let writes = 0;
    // Each player gets a deposit once its partition has reached the target, until the bulk copy ends.
    const writer = (async () => {
      for (const userId of world.players) {
        while (copying && (await target.store.query(userPartition(userId), { limit: 1 })).items.length === 0) await new Promise((done) => setTimeout(done, 10));
        if (!copying) return;
        await wallet.deposit(userId, 'ios', { receiptId: 'live', paid: 1, free: 1 });
        writes++;
      }
    })();
    const report = await migrate({
      source: source.store,
      target: target.store,
      from: 'memory',
      to: 'aws',
      checkpointPath: join(scratch, 'live.json'),
      concurrency: 1,
      maxOpsPerSecond: 400,
      onProgress: (event) => void (event.phase === 'sync' && (copying = false)),
    });
    copying = false;
    await writer;
    expect(writes).toBeGreaterThan(0);
    expect(report.verified).toBe(true);
    expect(report.passes.length).toBeGreaterThanOrEqual(2);
    expect(report.passes[0]!.written).toBeGreaterThan(0);
    expect(await checksums(target.store)).toEqual(await checksums(source.store));
  }, 300_000);
});
