import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coreModule, createApp, createContainer, decoratePorts, envSecrets, MOBILE_PUSH_QUEUE, PORTS, resolve, SERVICES, type ConsumptionMeter, type Doc, type DocValue, type Operation, type Telemetry } from '@kumo/core';
import { createMemoryPorts, memoryModule, MemoryStore } from '@kumo/adapter-memory';
import { telemetryFromEnv } from '../src/index';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from '../testing';

const SERVER = 2;
const CONSUMER = 5;
let receiver: OtlpReceiver;
let telemetry: Telemetry;
let ports: ReturnType<typeof createMemoryPorts>;
let app: ReturnType<typeof createApp>;
let adminToken: string;
let container: ReturnType<typeof createContainer>;

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  telemetry = (await telemetryFromEnv({ KUMO_OTEL: 'otlp', OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint, OTEL_SERVICE_NAME: 'kumo-test' }))!;
  ports = createMemoryPorts();
  container = createContainer(memoryModule(ports), decoratePorts(telemetry.ports), coreModule({ secrets: envSecrets({ KUMO_TOKEN_SECRET: 'otel-test-token-secret', KUMO_ADMIN_KEY: 'otel-test-admin-key' }) }));
  app = createApp(container, { accessLog: () => {}, telemetry });
  adminToken = (await resolve(container, SERVICES.Tokens).issue({ userId: 'admin', role: 'admin' })).token;
});
afterAll(async () => receiver?.close());

const json = async (response: Response) => (await response.json()) as Record<string, string>;
const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  app.request(path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
const childrenOf = (parent: ReceivedSpan) => receiver.spans().filter((span) => span.parentSpanId === parent.spanId && span.traceId === parent.traceId);

describe('OpenTelemetry over OTLP HTTP', () => {
  it('is off unless KUMO_OTEL names an exporter', async () => {
    expect(await telemetryFromEnv({})).toBeUndefined();
    await expect(telemetryFromEnv({ KUMO_OTEL: 'zipkin' })).rejects.toThrow(/only exporter is otlp/);
    await expect(telemetryFromEnv({ KUMO_OTEL: 'otlp', OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '2' })).rejects.toThrow(/ratio from 0 to 1/);
  });

  it('keeps the share of new traces OTEL_TRACES_SAMPLER_ARG says, and follows a sampled caller; metrics count every request', async () => {
    const env = { KUMO_OTEL: 'otlp', OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint, OTEL_SERVICE_NAME: 'kumo-unsampled', OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0' };
    const unsampled = (await telemetryFromEnv(env))!;
    const quiet = createApp(createContainer(memoryModule(createMemoryPorts()), decoratePorts(unsampled.ports), coreModule()), { accessLog: () => {}, telemetry: unsampled });
    for (let i = 0; i < 3; i++) expect((await quiet.request('/health')).status).toBe(200);
    expect((await quiet.request('/health', { headers: { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' } })).status).toBe(200);
    await unsampled.flush();
    expect(receiver.spans().filter((span) => span.service === 'kumo-unsampled').map((span) => span.traceId)).toEqual(['0af7651916cd43dd8448eb211c80319c']);
    const health = receiver.points().find((point) => point.metric === 'http.server.request.duration' && point.attributes['http.route'] === '/health');
    expect(health?.count).toBe(4);
  });

  it('exports a span per request named by route, with child spans for the store calls it made', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const account = await json(await post('/v1/accounts', {}, { traceparent: `00-${traceId}-00f067aa0ba902b7-01` }));
    const { token } = await json(await post('/v1/auth/login', account));
    const wallet = await app.request('/v1/wallet?secret=hidden', { headers: { authorization: `Bearer ${token}` } });
    expect(wallet.status).toBe(200);
    await telemetry.flush();

    const signUp = receiver.spans().find((span) => span.name === 'POST /v1/accounts')!;
    expect(signUp).toMatchObject({ kind: SERVER, traceId, parentSpanId: '00f067aa0ba902b7', service: 'kumo-test' });
    expect(signUp.attributes).toMatchObject({ 'http.request.method': 'POST', 'http.route': '/v1/accounts', 'http.response.status_code': 201 });
    expect(childrenOf(signUp).map((span) => span.name)).toContain('store.commit');

    const read = receiver.spans().find((span) => span.name === 'GET /v1/wallet')!;
    expect(read.attributes['url.path']).toBe('/v1/wallet');
    expect(JSON.stringify(receiver.spans())).not.toContain('hidden');
    const storeCalls = childrenOf(read).filter((span) => span.name.startsWith('store.'));
    expect(storeCalls.length).toBeGreaterThan(0);
    expect(storeCalls.some((span) => String(span.attributes['kumo.store.partition']).includes(account.userId!))).toBe(true);
    expect(storeCalls.every((span) => typeof span.attributes['kumo.operation'] === 'string')).toBe(true);
  });

  it("puts what each store call consumed, as the adapter's meter records it, on that call's span", async () => {
    /** A memory store that meters as the PostgreSQL and memory units go: documents read, documents written. */
    class MeteredStore extends MemoryStore {
      constructor(private readonly meter: ConsumptionMeter) {
        super();
      }
      override async commit(operations: readonly Operation[]) {
        await super.commit(operations);
        this.meter.record('store', 'rowsWritten', operations.filter((op) => op.type !== 'check').length);
      }
      override async get<T extends DocValue>(partition: string, key: string): Promise<Doc<T> | undefined> {
        const doc = await super.get<T>(partition, key);
        this.meter.record('store', 'rowsRead', 1);
        return doc;
      }
    }
    const metered = { ...createMemoryPorts(), store: new MeteredStore(telemetry.consumption!) };
    const container = createContainer(memoryModule(metered), decoratePorts(telemetry.ports), coreModule({ secrets: envSecrets({ KUMO_TOKEN_SECRET: 'otel-test-token-secret' }) }));
    const local = createApp(container, { accessLog: () => {}, telemetry });
    const traceId = '5cf92f3577b34da6a3ce929d0e0e4736';
    expect((await local.request('/v1/accounts', { method: 'POST', headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` } })).status).toBe(201);
    telemetry.consumption!.record('store', 'rowsRead', 5);
    await telemetry.flush();

    const storeCalls = receiver.spans().filter((span) => span.traceId === traceId && span.name.startsWith('store.'));
    const commits = storeCalls.filter((span) => span.name === 'store.commit');
    expect(commits.length).toBeGreaterThan(0);
    for (const commit of commits) expect(commit.attributes['kumo.store.consumed.rows_written']).toBe(commit.attributes['kumo.store.items']);
    const reads = storeCalls.filter((span) => span.name === 'store.get');
    expect(reads.length).toBeGreaterThan(0);
    for (const read of reads) expect(read.attributes['kumo.store.consumed.rows_read']).toBe(1);
    expect(receiver.spans().filter((span) => span.traceId === traceId && !span.name.startsWith('store.')).every((span) => !('kumo.store.consumed.rows_read' in span.attributes))).toBe(true);
  });

  it('gives Queue and Push calls child spans too: an inbox gift publishes to the player, then queues a mobile push as they are offline', async () => {
    const { userId } = await json(await post('/v1/accounts', {}));
    expect((await post(`/v1/admin/users/${userId}/inbox`, { title: 'Welcome' }, { authorization: `Bearer ${adminToken}` })).status).toBe(201);
    await telemetry.flush();
    const gift = receiver.spans().find((span) => span.name === 'POST /v1/admin/users/:userId/inbox')!;
    const children = childrenOf(gift);
    expect(children.find((span) => span.name === 'push.publish')?.attributes).toMatchObject({ 'kumo.operation': 'publish' });
    expect(children.find((span) => span.name === 'queue.send')?.attributes).toMatchObject({ 'kumo.operation': 'send', 'messaging.destination.name': MOBILE_PUSH_QUEUE });
    expect(JSON.stringify(children.filter((span) => !span.name.startsWith('store.')))).not.toContain(userId);
  });

  it('gives each job a span named by its type, continuing the trace of the request that queued it; the handler sees the body as sent', async () => {
    const { userId } = await json(await post('/v1/accounts', {}));
    const traceId = '6cf92f3577b34da6a3ce929d0e0e4736';
    const gift = await post(`/v1/admin/users/${userId}/inbox`, { title: 'Queued' }, { authorization: `Bearer ${adminToken}`, traceparent: `00-${traceId}-00f067aa0ba902b7-01` });
    expect(gift.status).toBe(201);
    const runner = resolve(container, SERVICES.Jobs);
    const handled: unknown[] = [];
    runner.register(MOBILE_PUSH_QUEUE, async (body) => {
      handled.push(body);
      await resolve(container, PORTS.Store).get(`user:${userId}`, 'account');
    });
    expect(await runner.poll()).toBeGreaterThan(0);
    await runner.run(MOBILE_PUSH_QUEUE, { userId, event: { type: 'untraced' } });
    await telemetry.flush();

    const mine = handled.filter((body) => JSON.stringify(body).includes(userId!));
    expect(mine).toEqual([{ userIds: [userId], event: expect.objectContaining({ type: 'inbox.message' }) }, { userId, event: { type: 'untraced' } }]);
    expect(JSON.stringify(handled)).not.toContain('kumoTraceparent');
    const jobs = receiver.spans().filter((span) => span.name === `job ${MOBILE_PUSH_QUEUE}`);
    const sent = receiver.spans().find((span) => span.traceId === traceId && span.name === 'queue.send')!;
    const traced = jobs.find((span) => span.traceId === traceId)!;
    expect(traced).toMatchObject({ kind: CONSUMER, parentSpanId: sent.spanId, attributes: { 'messaging.destination.name': MOBILE_PUSH_QUEUE, 'messaging.operation.type': 'process' } });
    expect(childrenOf(traced).map((span) => span.name)).toContain('store.get');
    expect(jobs.filter((span) => !span.parentSpanId)).toHaveLength(1);
  });

  it("counts the conflicts a request's commits met and retried, on the request span", async () => {
    const { userId } = await json(await post('/v1/accounts', {}));
    const deposits = await Promise.all(
      Array.from({ length: 12 }, (_, i) => post(`/v1/admin/users/${userId}/wallet/ios/deposit`, { receiptId: `r-${i}`, paid: 10 }, { authorization: `Bearer ${adminToken}` })),
    );
    expect(deposits.map((response) => response.status)).toEqual(Array(12).fill(200));
    await telemetry.flush();
    const requests = receiver.spans().filter((span) => span.name === 'POST /v1/admin/users/:userId/wallet/:slot/deposit');
    expect(requests).toHaveLength(12);
    const failedCommits = requests.flatMap(childrenOf).filter((span) => span.name === 'store.commit' && span.attributes['error.type'] === 'conflict');
    const retried = requests.reduce((sum, span) => sum + Number(span.attributes['kumo.store.conflicts_retried']), 0);
    expect(retried).toBe(failedCommits.length);
    expect(retried).toBeGreaterThan(0);
  });

  it('exports RED metrics per route (rate and errors by status, a duration histogram) and the hot keys', async () => {
    const get = ports.store.get.bind(ports.store);
    ports.store.get = () => Promise.reject(new Error('store down'));
    const failed = await post('/v1/auth/login', { userId: '00000000000000000000000000', secret: 'x'.repeat(32) });
    ports.store.get = get;
    expect(failed.status).toBe(500);
    await telemetry.flush();

    const durations = receiver.points().filter((point) => point.metric === 'http.server.request.duration');
    const deposits = durations.find((point) => point.attributes['http.route'] === '/v1/admin/users/:userId/wallet/:slot/deposit' && point.attributes['http.response.status_code'] === 200);
    expect(deposits?.count).toBe(12);
    const errors = durations.find((point) => point.attributes['http.route'] === '/v1/auth/login' && point.attributes['http.response.status_code'] === 500);
    expect(errors).toMatchObject({ count: 1, attributes: { 'error.type': '500', 'http.request.method': 'POST' } });
    const errorSpan = receiver.spans().find((span) => span.name === 'POST /v1/auth/login' && span.attributes['http.response.status_code'] === 500)!;
    expect(errorSpan.status?.code).toBe(2);
    expect(childrenOf(errorSpan).find((span) => span.name === 'store.get')?.status?.code).toBe(2);

    const hot = receiver.points().filter((point) => point.metric === 'kumo.store.hot_key.share');
    expect(hot.length).toBeGreaterThan(0);
    expect(hot.every((point) => typeof point.attributes['kumo.store.key'] === 'string' && point.value! > 0 && point.value! <= 1)).toBe(true);
    expect(receiver.points().find((point) => point.metric === 'kumo.store.accesses')?.value).toBeGreaterThan(0);
  });
});
