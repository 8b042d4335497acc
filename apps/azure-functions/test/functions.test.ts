import { HttpRequest, HttpResponse, InvocationContext, type HttpHandler, type StorageQueueHandler } from '@azure/functions';
import { azureModule } from '@kumo/adapter-azure';
import { testAzureConfig } from '@kumo/adapter-azure/testing/vitest';
import { coreModule, createApp, createContainer, deadLetterQueueName, MOBILE_PUSH_QUEUE, PORTS, resolve, type MobilePush, type PushEvent, type Secrets } from '@kumo/core';
import { ContainerModule, type Container } from 'inversify';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerFunctions, type FunctionsApp } from '../src/functions';

const secrets: Secrets = { get: (name) => `functions-test-${name}-0123456789` };
const quiet = { accessLog: () => {} };

/** Mobile push that records what it sends and fails for the user `unreachable` (to exercise redelivery). */
class ScriptedMobilePush implements MobilePush {
  readonly sent: string[] = [];
  async send(userId: string, _event: PushEvent): Promise<void> {
    if (userId === 'unreachable') throw new Error('device unreachable');
    this.sent.push(userId);
  }
}
const mobile = new ScriptedMobilePush();
const scripted = new ContainerModule(({ rebindSync }) => void rebindSync(PORTS.MobilePush).toConstantValue(mobile));

/** Records what `registerFunctions` registers, as the Functions host would. */
function recorder() {
  const http = new Map<string, { route?: string; methods?: string[]; handler: HttpHandler }>();
  const queues = new Map<string, { queueName: string; connection: string; handler: StorageQueueHandler }>();
  const target: FunctionsApp = {
    http: (name, options) => void http.set(name, options),
    storageQueue: (name, options) => void queues.set(name, options as never),
  };
  return { target, http, queues };
}

describe('Azure Functions entry on cosmosdb-server, Azurite and the Web PubSub stand-in', () => {
  let container: Container;
  let registered: ReturnType<typeof recorder>;
  const context = (triggerMetadata: Record<string, unknown> = {}) => new InvocationContext({ functionName: 'test', triggerMetadata });

  const call = async (method: string, path: string, init: { json?: unknown; token?: string } = {}) => {
    const headers: Record<string, string> = init.json === undefined ? {} : { 'content-type': 'application/json' };
    if (init.token) headers.authorization = `Bearer ${init.token}`;
    const request = new HttpRequest({ method, url: `http://localhost:7071${path}`, headers, body: init.json === undefined ? undefined : { string: JSON.stringify(init.json) } });
    const result = await registered.http.get('kumo')!.handler(request, context());
    return new HttpResponse(result as never);
  };

  beforeAll(async () => {
    container = createContainer(azureModule(await testAzureConfig()), coreModule({ secrets }), scripted);
    registered = recorder();
    registerFunctions(registered.target, container, quiet);
  });

  it('registers one HTTP function for every route and method, and a queue trigger per job queue', () => {
    expect(registered.http.get('kumo')).toMatchObject({ route: '{*path}', methods: expect.arrayContaining(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) });
    expect(registered.queues.get(`queue-${MOBILE_PUSH_QUEUE}`)).toMatchObject({ queueName: MOBILE_PUSH_QUEUE, connection: 'KUMO_STORAGE' });
  });

  it('serves real HttpRequest objects: create an account, log in, read the balance', async () => {
    const created = await call('POST', '/v1/accounts');
    expect(created.status).toBe(201);
    const account = (await created.json()) as { userId: string; secret: string };
    const login = await call('POST', '/v1/auth/login', { json: { userId: account.userId, secret: account.secret } });
    expect(login.status).toBe(200);
    const { token } = (await login.json()) as { token: string };
    const balance = await call('GET', '/v1/wallet/ios', { token });
    expect(balance.status).toBe(200);
    expect(await balance.json()).toEqual({ slot: 'ios', paid: 0, free: 0, total: 0 });
    expect((await call('GET', '/v1/wallet/ios')).status).toBe(401);
  });

  it('passes response bodies and headers through intact', async () => {
    const direct = await createApp(container, quiet).fetch(new Request('http://localhost/openapi.json'));
    const viaFunctions = await call('GET', '/openapi.json');
    expect(viaFunctions.headers.get('content-type')).toBe(direct.headers.get('content-type'));
    expect(await viaFunctions.text()).toBe(await direct.text());
  });

  it('runs queue jobs; a failing job is redelivered, then moved to the -dlq queue on its last attempt', async () => {
    const trigger = registered.queues.get(`queue-${MOBILE_PUSH_QUEUE}`)!.handler;
    const job = (userId: string) => ({ userId, event: { type: 'inbox.new', data: {} } });
    await trigger(job('u1'), context({ dequeueCount: 1 }));
    expect(mobile.sent).toEqual(['u1']);
    await expect(trigger(job('unreachable'), context({ dequeueCount: 1 }))).rejects.toThrow('device unreachable');
    await trigger(job('unreachable'), context({ dequeueCount: 5 }));
    const queue = resolve(container, PORTS.Queue);
    const [dead] = await queue.receive(deadLetterQueueName(MOBILE_PUSH_QUEUE), { waitSeconds: 5 });
    expect(dead?.body).toEqual(job('unreachable'));
    await queue.ack(deadLetterQueueName(MOBILE_PUSH_QUEUE), dead!);
  });
});
