/**
 * `npm run bench -- telemetry`: what observability costs per request, side by side.
 * - the always-on parts (route stats middleware, hot-key tracking of every store call): ns per
 *   record against one in-process balance read with OpenTelemetry off (the ratio is the share);
 * - OpenTelemetry on (`KUMO_OTEL=otlp`, exporting to an in-process OTLP receiver) against off:
 *   in-process authenticated balance reads per second on the memory store.
 */
import { createMemoryPorts, memoryModule } from '@kumo/adapter-memory';
import { telemetryFromEnv } from '@kumo/adapter-otel';
import { startOtlpReceiver } from '@kumo/adapter-otel/testing';
import { coreModule, createApp, createContainer, decoratePorts, envSecrets, HOT_KEY_CAPACITY, HotKeyTracker, resolve, RouteStats, SERVICES, type Telemetry } from '@kumo/core';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 20_000);
const RECORDS = 1_000_000;
const rows: Array<Record<string, string | number>> = [];

/** ns per call of `record(i)` over RECORDS calls (after a warm-up of the same length). */
function nsPer(record: (i: number) => void): number {
  for (let i = 0; i < RECORDS; i++) record(i);
  const started = process.hrtime.bigint();
  for (let i = 0; i < RECORDS; i++) record(i);
  return Math.round(Number(process.hrtime.bigint() - started) / RECORDS);
}

/** Balance reads per second through `app.request`, one at a time (no network in the way). */
async function readsPerSecond(telemetry: Telemetry | undefined): Promise<number> {
  const container = createContainer(memoryModule(createMemoryPorts()), decoratePorts(telemetry?.ports ?? {}), coreModule({ secrets: envSecrets({ KUMO_TOKEN_SECRET: 'bench-token-secret-0123456789abcdef', KUMO_ADMIN_KEY: 'bench-admin-key-0123456789abcdef' }) }));
  const app = createApp(container, { accessLog: () => {}, telemetry });
  const { userId } = await resolve(container, SERVICES.Accounts).create();
  const { token } = await resolve(container, SERVICES.Tokens).issue({ userId, role: 'player' });
  const read = async () => {
    const response = await app.request('/v1/wallet/ios', { headers: { authorization: `Bearer ${token}` } });
    if (response.status !== 200) throw new Error(`balance read answered ${response.status}`);
  };
  for (let i = 0; i < REQUESTS / 4; i++) await read();
  const started = performance.now();
  for (let i = 0; i < REQUESTS; i++) await read();
  await telemetry?.flush();
  return Math.round(REQUESTS / ((performance.now() - started) / 1000));
}

const compare = (measure: string, kumo: number, baseline: number, unit: string) =>
  rows.push({ measure, measured: `${kumo} ${unit}`, baseline: `${baseline} ${unit}`, 'measured / baseline': Number((kumo / baseline).toPrecision(2)) });

const receiver = await startOtlpReceiver();
try {
  const off = await readsPerSecond(undefined);
  const on = await readsPerSecond(await telemetryFromEnv({ KUMO_OTEL: 'otlp', OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint }));
  compare(`balance reads in process, OpenTelemetry on vs off (${REQUESTS} reads)`, on, off, 'req/s');
  const requestNs = Math.round(1e9 / off);
  const stats = new RouteStats();
  compare('route stats: record one request (baseline: one balance read)', nsPer((i) => stats.record('GET /v1/wallet/:slot', 200, i % 50)), requestNs, 'ns');
  const fresh = new HotKeyTracker(HOT_KEY_CAPACITY);
  compare('hot keys: record, every key new (evictions)', nsPer((i) => fresh.record(`user:${i}/wallet`)), requestNs, 'ns');
  const skewed = new HotKeyTracker(HOT_KEY_CAPACITY);
  compare('hot keys: record, 100 keys repeating', nsPer((i) => skewed.record(`user:${i % 100}/wallet`)), requestNs, 'ns');
} finally {
  await receiver.close();
}
console.table(rows);
console.log(`node ${process.version}`);
