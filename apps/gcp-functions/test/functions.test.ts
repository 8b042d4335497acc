import type { Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { cloudEvent, http } from '@google-cloud/functions-framework';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import { PubSub } from '@google-cloud/pubsub';
import { coreModule, createContainer, MOBILE_PUSH_QUEUE } from '@kumo/core';
import { createGcpPorts, gcpModule, type GcpPorts } from '@kumo/adapter-gcp';
import { unique } from '@kumo/conformance';
import { createFunctions } from '../src/functions';

const secrets = { get: (name: string) => `functions-test-${name}-0123456789` };

/** Listens on a free port of 127.0.0.1; resolves with the base URL. */
const listen = (server: Server) =>
  new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
const close = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

describe('Cloud Functions entry on the functions framework, over real HTTP', () => {
  const prefix = `${unique('fn')}-`;
  const fcmRequests: Array<{ token: string; data: Record<string, string> }> = [];
  const fcmReceiver = createServer(async (request, response) => {
    let text = '';
    for await (const chunk of request) text += chunk;
    fcmRequests.push((JSON.parse(text) as { message: { token: string; data: Record<string, string> } }).message);
    response.writeHead(200, { 'content-type': 'application/json' }).end('{"name":"projects/kumo-test/messages/1"}');
  });
  let ports: GcpPorts;
  let api: Server;
  let jobs: Server;
  let apiUrl: string;
  let jobsUrl: string;
  let pubsub: PubSub;

  beforeAll(async () => {
    const fcmUrl = await listen(fcmReceiver);
    ports = createGcpPorts({
      projectId: 'kumo-test',
      datastore: { apiEndpoint: inject('datastoreHost'), namespace: unique('fn') },
      pubsub: { apiEndpoint: inject('pubsubHost'), prefix, pullSubscriptions: false },
      mqtt: { url: inject('mqttUrl') },
      fcm: { endpoint: fcmUrl, accessToken: async () => 'ya29.test', deviceTokens: async (userId) => [`device-of-${userId}`] },
    });
    const functions = createFunctions(createContainer(gcpModule(ports), coreModule({ secrets })), ports.queue, { accessLog: () => {} });
    http('api', functions.api);
    cloudEvent('jobs', functions.jobs);
    api = getTestServer('api');
    jobs = getTestServer('jobs');
    [apiUrl, jobsUrl] = await Promise.all([listen(api), listen(jobs)]);
    pubsub = new PubSub({ projectId: 'kumo-test', apiEndpoint: inject('pubsubHost') });
  });
  afterAll(async () => {
    await Promise.all([close(api), close(jobs), close(fcmReceiver), pubsub.close()]);
    await ports.close();
  });

  it('serves the Hono app as an HTTP function: create account, log in, read the wallet', async () => {
    const created = await fetch(`${apiUrl}/v1/accounts`, { method: 'POST' });
    expect(created.status).toBe(201);
    const { userId, secret } = (await created.json()) as { userId: string; secret: string };
    const login = await fetch(`${apiUrl}/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId, secret }) });
    expect(login.status).toBe(200);
    const { token } = (await login.json()) as { token: string };
    const wallet = await fetch(`${apiUrl}/v1/wallet/ios`, { headers: { authorization: `Bearer ${token}` } });
    expect(wallet.status).toBe(200);
    expect(await wallet.json()).toEqual({ slot: 'ios', paid: 0, free: 0, total: 0 });
    const refused = await fetch(`${apiUrl}/v1/wallet/ios`);
    expect(refused.status).toBe(401);
  });

  /** Plays Eventarc's part: a push subscription from the queue's topic to the jobs function. */
  const trigger = async (topicId: string) => {
    const [topic] = await pubsub.topic(topicId).get({ autoCreate: true });
    await topic.createSubscription(`${topicId}-trigger`, { pushConfig: { pushEndpoint: `${jobsUrl}/projects/kumo-test/topics/${topicId}` } });
  };

  it('runs a queued job pushed by Pub/Sub as a CloudEvent: the offline user gets a mobile push through FCM', async () => {
    await trigger(`${prefix}${MOBILE_PUSH_QUEUE}`);
    const userId = unique('offline');
    await ports.queue.send(MOBILE_PUSH_QUEUE, { userId, event: { type: 'inbox.new', data: { count: 1 } } });
    await vi.waitFor(() => expect(fcmRequests).toContainEqual({ token: `device-of-${userId}`, data: { type: 'inbox.new', data: '{"count":1}' } }), { timeout: 20_000, interval: 100 });
  });

  it('holds a delayed job on its -delayed topic until due, then forwards and runs it', async () => {
    await trigger(`${prefix}${MOBILE_PUSH_QUEUE}-delayed`);
    const userId = unique('later');
    const sentAt = Date.now();
    await ports.queue.send(MOBILE_PUSH_QUEUE, { userId, event: { type: 'stamina.full', data: {} } }, { delaySeconds: 2 });
    await vi.waitFor(() => expect(fcmRequests.map((r) => r.token)).toContain(`device-of-${userId}`), { timeout: 30_000, interval: 100 });
    expect(Date.now() - sentAt).toBeGreaterThanOrEqual(1_500);
  }, 40_000);
});
