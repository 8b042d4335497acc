import type { Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { cloudEvent, http } from '@google-cloud/functions-framework';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import { PubSub } from '@google-cloud/pubsub';
import { coreModule, createContainer, decoratePorts, MOBILE_PUSH_QUEUE, resolve, SERVICES, shipAccessLog } from '@kumo/core';
import { CloudLoggingSink, createGcpPorts, gcpModule, type GcpPorts } from '@kumo/adapter-gcp';
import { startCloudLoggingStandIn, type CloudLoggingStandIn } from '@kumo/adapter-gcp/testing';
import { OAuth2Client } from 'google-auth-library';
import { unique } from '@kumo/conformance';
import { telemetryFromEnv } from '@kumo/adapter-otel';
import { startOtlpReceiver, type OtlpReceiver } from '@kumo/adapter-otel/testing';
import { createFunctions } from '../src/functions';

const secrets = { get: (name: string) => `functions-test-${name}-0123456789` };

/** Listens on a free port of 127.0.0.1; resolves with the base URL. */
const listen = (server: Server) =>
  new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
const close = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

describe('Cloud Functions entry on the functions framework, over real HTTP', () => {
  const prefix = `${unique('fn')}-`;
  const fcmRequests: Array<{ token: string; data: Record<string, string> }> = [];
  /** Tokens the FCM stand-in answers as FCM does for an uninstalled app: 404 UNREGISTERED. */
  const unregistered = new Set<string>();
  const fcmReceiver = createServer(async (request, response) => {
    let text = '';
    for await (const chunk of request) text += chunk;
    const { message } = JSON.parse(text) as { message: { token: string; data: Record<string, string> } };
    fcmRequests.push(message);
    if (unregistered.has(message.token)) {
      const error = { code: 404, status: 'NOT_FOUND', message: 'Requested entity was not found.', details: [{ errorCode: 'UNREGISTERED' }] };
      response.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error }));
    } else response.writeHead(200, { 'content-type': 'application/json' }).end('{"name":"projects/kumo-test/messages/1"}');
  });
  let ports: GcpPorts;
  let container: ReturnType<typeof createContainer>;
  let api: Server;
  let jobs: Server;
  let apiUrl: string;
  let jobsUrl: string;
  let pubsub: PubSub;
  let logging: CloudLoggingStandIn;
  let otlp: OtlpReceiver;

  beforeAll(async () => {
    logging = await startCloudLoggingStandIn();
    otlp = await startOtlpReceiver();
    const telemetry = await telemetryFromEnv({ KUMO_OTEL: 'otlp', OTEL_EXPORTER_OTLP_ENDPOINT: otlp.endpoint, OTEL_SERVICE_NAME: 'kumo-functions' });
    const authClient = new OAuth2Client();
    authClient.setCredentials({ access_token: 'local-token', expiry_date: Date.now() + 3_600_000 });
    const sink = new CloudLoggingSink({ projectId: 'kumo-test', client: { apiEndpoint: '127.0.0.1', port: logging.port, protocol: 'http', fallback: 'rest', authClient } as never });
    const fcmUrl = await listen(fcmReceiver);
    ports = createGcpPorts({
      projectId: 'kumo-test',
      datastore: { apiEndpoint: inject('datastoreHost'), namespace: unique('fn') },
      pubsub: { apiEndpoint: inject('pubsubHost'), prefix, pullSubscriptions: false },
      mqtt: { url: inject('mqttUrl') },
      fcm: { endpoint: fcmUrl, accessToken: async () => 'ya29.test' },
    });
    container = createContainer(gcpModule(ports), decoratePorts(telemetry!.ports), coreModule({ secrets }));
    const functions = createFunctions(container, ports.queue, { log: shipAccessLog(sink), telemetry });
    http('api', functions.api);
    cloudEvent('jobs', functions.jobs);
    api = getTestServer('api');
    jobs = getTestServer('jobs');
    [apiUrl, jobsUrl] = await Promise.all([listen(api), listen(jobs)]);
    pubsub = new PubSub({ projectId: 'kumo-test', apiEndpoint: inject('pubsubHost') });
  });
  afterAll(async () => {
    await Promise.all([close(api), close(jobs), close(fcmReceiver), pubsub.close(), logging.stop(), otlp.close()]);
    await ports.close();
  });

  /** Calls the API function as JSON. */
  const call = async (method: string, path: string, body?: unknown, token?: string) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    const response = await fetch(`${apiUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as any };
  };

  it("writes each request's access-log record (credentials redacted) to Cloud Logging when the invocation ends", async () => {
    const created = await call('POST', '/v1/accounts');
    await call('POST', '/v1/auth/login', { userId: created.body.userId, secret: created.body.secret });
    // The client has its answer before the function's flush ends; the invocation ends after it.
    await vi.waitFor(() => expect(logging.entries.length).toBeGreaterThanOrEqual(2), { timeout: 5000 });
    const records = logging.entries.map((entry) => entry.jsonPayload as { request: { path: string; body?: { secret?: string } }; response: { status: number } });
    expect(records.slice(-2).map((record) => [record.request.path, record.response.status])).toEqual([
      ['/v1/accounts', 201],
      ['/v1/auth/login', 200],
    ]);
    expect(records.at(-1)!.request.body?.secret).toBe('[redacted]');
  });

  it('exports the request span with its Datastore store calls as children when the invocation ends', async () => {
    expect((await call('POST', '/v1/accounts')).status).toBe(201);
    await vi.waitFor(() => expect(otlp.spans().some((span) => span.name === 'POST /v1/accounts')).toBe(true), { timeout: 5000 });
    const request = otlp.spans().find((span) => span.name === 'POST /v1/accounts')!;
    expect(request.service).toBe('kumo-functions');
    expect(otlp.spans().filter((span) => span.parentSpanId === request.spanId).map((span) => span.name)).toContain('store.commit');
  });

  it('serves the Hono app as an HTTP function: create account, log in, read the wallet', async () => {
    const created = await call('POST', '/v1/accounts');
    expect(created.status).toBe(201);
    const login = await call('POST', '/v1/auth/login', { userId: created.body.userId, secret: created.body.secret });
    expect(login.status).toBe(200);
    const wallet = await call('GET', '/v1/wallet/ios', undefined, login.body.token);
    expect([wallet.status, wallet.body]).toEqual([200, { slot: 'ios', paid: 0, free: 0, total: 0 }]);
    expect((await call('GET', '/v1/wallet/ios')).status).toBe(401);
  });

  /** Plays Eventarc's part: a push subscription from the queue's topic to the jobs function. */
  const trigger = async (topicId: string) => {
    const [topic] = await pubsub.topic(topicId).get({ autoCreate: true });
    await topic.createSubscription(`${topicId}-trigger`, { pushConfig: { pushEndpoint: `${jobsUrl}/projects/kumo-test/topics/${topicId}` } });
  };

  it("delivers an offline player's notification to the registered devices through FCM and forgets a token FCM reports stale", async () => {
    await trigger(`${prefix}${MOBILE_PUSH_QUEUE}`);
    const account = (await call('POST', '/v1/accounts')).body as { userId: string; secret: string };
    const { token } = (await call('POST', '/v1/auth/login', account)).body as { token: string };
    const [phone, uninstalled] = [unique('phone'), unique('uninstalled')];
    unregistered.add(uninstalled);
    for (const device of [phone, uninstalled]) expect((await call('PUT', '/v1/devices', { platform: 'fcm', token: device }, token)).status).toBe(200);
    expect(await resolve(container, SERVICES.Notifier).notify(account.userId, { type: 'inbox.new', data: { count: 1 } })).toBe('queued');
    await vi.waitFor(() => expect(fcmRequests).toContainEqual({ token: phone, data: { type: 'inbox.new', data: '{"count":1}' } }), { timeout: 20_000, interval: 100 });
    await vi.waitFor(async () => expect((await call('GET', '/v1/devices', undefined, token)).body.devices).toHaveLength(1), { timeout: 10_000, interval: 100 });
    expect(fcmRequests.map((r) => r.token)).toContain(uninstalled);
    expect(await resolve(container, SERVICES.Devices).tokens(account.userId, 'fcm')).toEqual([phone]);
  });

  it('holds a delayed job on its -delayed topic until due, then forwards and runs it', async () => {
    await trigger(`${prefix}${MOBILE_PUSH_QUEUE}-delayed`);
    const userId = unique('later');
    await resolve(container, SERVICES.Devices).register(userId, { platform: 'fcm', token: `device-of-${userId}` });
    const sentAt = Date.now();
    await ports.queue.send(MOBILE_PUSH_QUEUE, { userId, event: { type: 'stamina.full', data: {} } }, { delaySeconds: 2 });
    await vi.waitFor(() => expect(fcmRequests.map((r) => r.token)).toContain(`device-of-${userId}`), { timeout: 30_000, interval: 100 });
    expect(Date.now() - sentAt).toBeGreaterThanOrEqual(1_500);
  }, 40_000);
});
