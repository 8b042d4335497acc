/**
 * `npm run bench -- round-trips`: Kumo's store path side by side with hand-written SDK code on the
 * same emulator, in one run, with the ratio:
 * - wallet deposit on DynamoDB Local, 1 and 16 in flight: `WalletService.deposit` on `DynamoStore`
 *   vs `DynamoBaselineWallet` (GetItem + one TransactWriteItems with the same guarantees);
 * - the same on the Datastore emulator vs `DatastoreBaselineWallet` (one transaction), and on
 *   cosmosdb-server vs `CosmosBaselineWallet` (a point read, one transactional batch);
 * - for each, the backend calls per deposit, this process's CPU time per deposit and the
 *   emulator's (its processes' CPU time, Linux only: on a machine whose cores are all busy,
 *   throughput at 16 in flight follows the CPU a deposit costs on both sides of the wire);
 * - 64 writers on one hot counter on DynamoDB Local: `ShardedCounter` (16 shards, atomic
 *   increments) vs one document updated by `transact` (read-modify-write), and, to show where the
 *   gain comes from, one document by atomic increment.
 * Deposits are free currency (no purchase lots, no ledger queue) so both sides do the same work,
 * spread over PLAYERS players; each measure warms both sides up (the emulators' JVMs too), then
 * alternates Kumo and baseline ROUNDS times (taking turns at going first) and sums.
 */
import { subscribe } from 'node:diagnostics_channel';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CosmosClient } from '@azure/cosmos';
import { Datastore } from '@google-cloud/datastore';
import { createTable, DynamoStore, capabilities as awsCapabilities } from '@kumo/adapter-aws';
import { LOCAL_AWS, startDynamoDbLocal } from '@kumo/adapter-aws/testing';
import { CosmosStore, capabilities as azureCapabilities } from '@kumo/adapter-azure';
import { emulatorAgent, EMULATOR_KEY, freshContainer, startCosmosServer } from '@kumo/adapter-azure/testing';
import { DatastoreStore, capabilities as gcpCapabilities } from '@kumo/adapter-gcp';
import { startEmulator } from '@kumo/adapter-gcp/testing';
import { createMemoryPorts } from '@kumo/adapter-memory';
import { coreModule, createContainer, portsModule, resolve, SERVICES, ShardedCounter, transact, type Capabilities, type Secrets, type Store } from '@kumo/core';
import { CosmosBaselineWallet } from './baselines/cosmos-deposit';
import { DatastoreBaselineWallet } from './baselines/datastore-deposit';
import { DynamoBaselineWallet } from './baselines/dynamo-deposit';
import { backendCpuMs } from './backend-cpu';
import { measure, type Figures } from './measure';

const PLAYERS = Number(process.env.BENCH_PLAYERS ?? 200);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const OPS = { 1: Number(process.env.BENCH_OPS_SERIAL ?? 150), 16: Number(process.env.BENCH_OPS_CONCURRENT ?? 800) };
const WRITERS = 64;
const COUNTER_OPS = Number(process.env.BENCH_COUNTER_OPS ?? 400);
const secrets: Secrets = { get: (name) => `bench-${name}-0123456789abcdef` };
const rows: Array<Record<string, string | number>> = [];
let run = 0;

/** A deposit function under test: player index, operation index. */
type Deposit = (player: number, i: number) => Promise<unknown>;

/** Counts the backend calls sent so far, and what Kumo's count should be. */
interface Calls {
  count: () => number;
  target: string;
}

/** Runs Kumo and the baseline in turns, ROUNDS times each, and sums their throughput, backend calls and CPU time per deposit. */
async function sideBySide(label: string, concurrency: 1 | 16, kumo: Deposit, baseline: Deposit, calls: Calls): Promise<void> {
  const total = { kumo: new Total(), baseline: new Total() };
  const sent = { kumo: 0, baseline: 0 };
  const cpu = { kumo: 0, baseline: 0 };
  const backendCpu = { kumo: 0, baseline: 0 };
  const once = (deposit: Deposit) => {
    const tag = run++;
    return measure(OPS[concurrency], concurrency, (i) => deposit(i % PLAYERS, tag * 1_000_000 + i));
  };
  await once(kumo);
  await once(baseline);
  for (let round = 0; round < ROUNDS; round++) {
    const [first, second] = round % 2 === 0 ? (['kumo', 'baseline'] as const) : (['baseline', 'kumo'] as const);
    for (const side of [first, second]) {
      const before = calls.count();
      const cpuBefore = process.cpuUsage();
      const backendBefore = backendCpuMs();
      total[side].add(await once(side === 'kumo' ? kumo : baseline));
      const used = process.cpuUsage(cpuBefore);
      cpu[side] += (used.user + used.system) / 1000;
      backendCpu[side] += backendCpuMs() - backendBefore;
      sent[side] += calls.count() - before;
    }
  }
  compare(`${label}, ${concurrency} in flight`, total.kumo.perSecond, total.baseline.perSecond, 'ops/s');
  compare('  backend calls per deposit', sent.kumo / total.kumo.ops, sent.baseline / total.baseline.ops, 'calls', calls.target);
  compare('  client CPU per deposit (this process)', cpu.kumo / total.kumo.ops, cpu.baseline / total.baseline.ops, 'ms', '');
  compare('  backend CPU per deposit (emulator processes)', backendCpu.kumo / total.kumo.ops, backendCpu.baseline / total.baseline.ops, 'ms', '');
}

/** Adds a row: Kumo, baseline, ratio. */
function compare(measure: string, kumo: number, baseline: number, unit: string, target = '≥ 0.91') {
  const shown = (n: number) => `${unit === 'ops/s' ? Math.round(n) : Math.round(n * 100) / 100} ${unit}`;
  rows.push({ measure, kumo: shown(kumo), baseline: shown(baseline), 'Kumo / baseline': Math.round((kumo / baseline) * 100) / 100, target });
}

/** Kumo's wallet and accounts on `store`, the other ports in memory (free deposits use none of them). */
function kumoWallet(store: Store, capabilities: Capabilities) {
  const container = createContainer(portsModule({ ...createMemoryPorts(), store }, capabilities), coreModule({ secrets }));
  return { accounts: resolve(container, SERVICES.Accounts), wallet: resolve(container, SERVICES.Wallet) };
}

/** Wallet deposits on `store` vs `baseline`, at 1 and 16 in flight. */
async function deposits(label: string, store: Store, capabilities: Capabilities, baseline: DynamoBaselineWallet | DatastoreBaselineWallet | CosmosBaselineWallet, calls: Calls): Promise<void> {
  const { accounts, wallet } = kumoWallet(store, capabilities);
  const kumoPlayers = await Promise.all(Array.from({ length: PLAYERS }, () => accounts.create()));
  const basePlayers = Array.from({ length: PLAYERS }, (_, i) => `bench-${i}`);
  await Promise.all(basePlayers.map((id) => baseline.createAccount(id)));
  const kumo: Deposit = (player, i) => wallet.deposit(kumoPlayers[player]!.userId, 'ios', { receiptId: `k-${i}`, paid: 0, free: 1 });
  const base: Deposit = (player, i) => baseline.deposit(basePlayers[player]!, 'ios', `b-${i}`, 1);
  for (const concurrency of [1, 16] as const) await sideBySide(label, concurrency, kumo, base, calls);
  const check = kumoPlayers.slice(0, 20);
  let agree = 0;
  for (const { userId } of check) {
    const { receipts } = await wallet.receipts(userId, 'ios', { limit: 1000 });
    if (receipts.reduce((sum, r) => sum + r.free, 0) === (await wallet.balance(userId, 'ios')).total) agree++;
  }
  if (agree !== check.length) throw new Error(`${label}: Σ receipts = balance for only ${agree}/${check.length} players`);
}

/** Figures summed over rounds: ops and seconds. */
class Total {
  ops = 0;
  seconds = 0;
  add(figures: Figures): void {
    this.ops += figures.ops;
    this.seconds += figures.seconds;
  }
  get perSecond(): number {
    return this.ops / this.seconds;
  }
}

/**
 * 64 writers on one counter, ROUNDS rounds in turn: `ShardedCounter` (16 shards, atomic
 * increments), one document by `transact` (read-modify-write, conflicts retried), one document by
 * atomic increment. Every add must be counted exactly once.
 */
async function hotCounter(store: Store): Promise<void> {
  await measure(COUNTER_OPS / 5, WRITERS, () => store.increment!('bench-hot-warm', 'count', 'count', 1));
  const sharded = new ShardedCounter(store, { name: 'bench-hot-sharded', shards: 16 });
  const totals = { sharded: new Total(), transact: new Total(), increment: new Total() };
  let conflicts = 0;
  const transactAdd = () =>
    transact(store, async (tx) => {
      const doc = await tx.get<{ count: number }>('bench-hot-one', 'count');
      tx.put('bench-hot-one', 'count', { count: (doc?.value.count ?? 0) + 1 });
    }, { maxAttempts: 1000, onConflict: () => conflicts++ });
  for (let round = 0; round < ROUNDS; round++) {
    totals.sharded.add(await measure(COUNTER_OPS, WRITERS, () => sharded.add(1)));
    totals.transact.add(await measure(COUNTER_OPS, WRITERS, transactAdd));
    totals.increment.add(await measure(COUNTER_OPS, WRITERS, () => store.increment!('bench-hot-inc', 'count', 'count', 1)));
  }
  const expected = COUNTER_OPS * ROUNDS;
  const counted = [await sharded.value(), (await store.get<{ count: number }>('bench-hot-one', 'count'))?.value.count, (await store.get<{ count: number }>('bench-hot-inc', 'count'))?.value.count];
  if (counted.some((n) => n !== expected)) throw new Error(`hot counter lost or doubled adds: ${counted.join(', ')} of ${expected}`);
  compare(`${WRITERS} writers on one counter: 16 shards (increments) vs one document (transact; ${conflicts} conflicts)`, totals.sharded.perSecond, totals.transact.perSecond, 'ops/s', '≥ 5');
  compare('  one document by atomic increment vs by transact', totals.increment.perSecond, totals.transact.perSecond, 'ops/s', '');
}

async function onDynamo(): Promise<void> {
  const dynamo = await startDynamoDbLocal();
  const client = new DynamoDBClient({ ...LOCAL_AWS, endpoint: dynamo.endpoint, maxAttempts: 6 });
  try {
    await createTable(client, 'bench');
    let sends = 0;
    client.middlewareStack.add((next) => (args) => (sends++, next(args)), { step: 'deserialize', priority: 'high', name: 'benchCountSends' });
    const store = new DynamoStore({ client, tableName: 'bench' });
    await deposits('wallet deposit, DynamoDB Local', store, awsCapabilities, new DynamoBaselineWallet(client, 'bench'), { count: () => sends, target: 'Kumo 2' });
    await hotCounter(store);
  } finally {
    client.destroy();
    await dynamo.stop();
  }
}

/**
 * Counts the RPCs (lookup, beginTransaction, commit, rollback, runQuery) that `clients` send: the
 * client asks its auth for the project id once per request, its transactions included.
 */
function countDatastoreCalls(...clients: Datastore[]): () => number {
  let sent = 0;
  for (const client of clients) {
    const getProjectId = client.auth.getProjectId.bind(client.auth) as (callback: (error: Error | null, id?: string | null) => void) => void;
    (client.auth as { getProjectId: unknown }).getProjectId = (callback: (error: Error | null, id?: string | null) => void) => (sent++, getProjectId(callback));
  }
  return () => sent;
}

async function onDatastore(): Promise<void> {
  const emulator = await startEmulator('datastore');
  try {
    const store = new DatastoreStore({ projectId: 'kumo-bench', apiEndpoint: emulator.host, namespace: 'kumo' });
    const baseline = new Datastore({ projectId: 'kumo-bench', apiEndpoint: emulator.host, namespace: 'baseline' });
    const calls = countDatastoreCalls(store.datastore, baseline);
    try {
      await deposits('wallet deposit, Datastore emulator', store, gcpCapabilities, new DatastoreBaselineWallet(baseline), { count: calls, target: 'Kumo 2' });
    } finally {
      await store.close();
    }
  } finally {
    await emulator.stop();
  }
}

/** Deposits on cosmosdb-server (atomic batches), counting the HTTP requests this process sends. */
async function onCosmos(): Promise<void> {
  const server = await startCosmosServer();
  try {
    let sent = 0;
    subscribe('http.client.request.start', () => sent++);
    const client = new CosmosClient({ endpoint: server.endpoint, key: EMULATOR_KEY, agent: emulatorAgent });
    const kumo = await freshContainer(client);
    const baseline = await freshContainer(client);
    await deposits('wallet deposit, cosmosdb-server', new CosmosStore(kumo), azureCapabilities, new CosmosBaselineWallet(baseline), { count: () => sent, target: 'Kumo 2' });
    client.dispose();
  } finally {
    await server.stop();
  }
}

/** BENCH_ONLY: the backends to run, comma-separated (dynamodb, datastore, cosmos); default all. */
const only = process.env.BENCH_ONLY?.split(',').map((name) => name.trim());
const runs = (backend: string) => !only || only.includes(backend);
if (runs('dynamodb')) await onDynamo();
if (runs('datastore')) await onDatastore();
if (runs('cosmos')) await onCosmos();
console.table(rows);
console.log(`node ${process.version}; ${ROUNDS} alternating rounds of ${OPS[1]} (1 in flight) / ${OPS[16]} (16 in flight) deposits over ${PLAYERS} players; ${COUNTER_OPS} counter adds`);
