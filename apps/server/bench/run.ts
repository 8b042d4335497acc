/**
 * `npm run bench`: figures of the core on each backend `npm start` can run on (memory, the embedded
 * PostgreSQL engine, a PostgreSQL server when one answers), printed as a table.
 * - startup: from creating the ports to ready (the embedded engine: first start, then a restart);
 * - hot key: N concurrent read-modify-write transactions on ONE document, then through the
 *   ShardedCounter over 16 documents (conflicts, time);
 * - HTTP: authenticated balance reads through the whole middleware chain (no network);
 * - wallet: concurrent deposits spread over many players, then the Σ receipts = balance check.
 */
import { coreModule, createApp, createContainer, portsModule, resolve, SERVICES, ShardedCounter, transact, type Secrets } from '@kumo/core';
import { benchBackends, type BenchBackend } from './backends';
import { measure } from './measure';

const secrets: Secrets = { get: (name) => `bench-${name}-0123456789abcdef` };
const rows: Array<Record<string, unknown>> = [];

/** Runs every case on one backend, adding its rows. */
async function bench({ name, server, startupMs }: BenchBackend): Promise<void> {
  const { store } = server.ports;
  const container = createContainer(portsModule(server.ports, server.capabilities), coreModule({ secrets }));
  const row = (label: string, figures: object) => rows.push({ backend: name, case: label, ...figures });
  row('startup to ready', { extra: startupMs.existing === undefined ? `${startupMs.fresh} ms` : `${startupMs.fresh} ms first start, ${startupMs.existing} ms restart` });

  // Hot key: every writer bumps the same counter.
  let conflicts = 0;
  const writers = 200;
  const hot = await measure(writers, writers, () =>
    transact(store, async (tx) => {
      const doc = await tx.get<{ n: number }>('bench', 'hot');
      tx.put('bench', 'hot', { n: (doc?.value.n ?? 0) + 1 });
    }, { maxAttempts: 1000, onConflict: () => conflicts++ }),
  );
  const final = (await store.get<{ n: number }>('bench', 'hot'))?.value.n;
  row(`hot key, ${writers} writers, 1 document`, { ...hot, extra: `conflicts=${conflicts} final=${final}` });

  // The same load through core's ShardedCounter (16 documents in 16 partitions).
  let shardedConflicts = 0;
  const counter = new ShardedCounter(store, { name: 'bench', shards: 16, transact: { maxAttempts: 1000, onConflict: () => shardedConflicts++ } });
  const sharded = await measure(writers, writers, () => counter.add(1));
  row(`hot key, ${writers} writers, 16 shards`, { ...sharded, extra: `conflicts=${shardedConflicts} final=${await counter.value()}` });

  // HTTP balance reads with a player token.
  const app = createApp(container, { accessLog: () => {} });
  const account = (await (await app.request('/v1/accounts', { method: 'POST' })).json()) as { userId: string; secret: string };
  const login = await app.request('/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(account) });
  const { token } = (await login.json()) as { token: string };
  const reads = await measure(5000, 50, async () => {
    const response = await app.request('/v1/wallet/ios', { headers: { authorization: `Bearer ${token}` } });
    if (response.status !== 200) throw new Error(`status ${response.status}`);
  });
  row('HTTP GET /v1/wallet/ios', reads);

  // Wallet deposits over 100 players, 20 in flight.
  const accounts = resolve(container, SERVICES.Accounts);
  const wallet = resolve(container, SERVICES.Wallet);
  const players = await Promise.all(Array.from({ length: 100 }, () => accounts.create()));
  const deposits = await measure(2000, 20, (i) => wallet.deposit(players[i % 100]!.userId, 'ios', { receiptId: `bench-${i}`, paid: 3, free: 1 }));
  let agree = 0;
  for (const { userId } of players) {
    const { receipts } = await wallet.receipts(userId, 'ios', { limit: 100 });
    const balance = await wallet.balance(userId, 'ios');
    if (receipts.reduce((sum, r) => sum + r.paid + r.free, 0) === balance.total) agree++;
  }
  row('wallet deposits, 100 players', { ...deposits, extra: `Σ receipts = balance for ${agree}/100` });
}

for (const backend of await benchBackends()) {
  try {
    await bench(backend);
  } finally {
    await backend.dispose();
  }
}
console.table(rows);
console.log(`node ${process.version}, heap used ${Math.round(process.memoryUsage().heapUsed / 2 ** 20)} MiB`);
