import { HttpRequest, HttpResponse, InvocationContext, type HttpHandler } from '@azure/functions';
import type { AccessToken, TokenCredential } from '@azure/identity';
import { azureModule } from '@kumo/adapter-azure';
import { emulatorAgent, startMonitorIngestionStandIn, type MonitorIngestionStandIn } from '@kumo/adapter-azure/testing';
import { testAzureConfig } from '@kumo/adapter-azure/testing/vitest';
import { startWebhookReceiver, type WebhookReceiver } from '@kumo/adapter-slack/testing';
import { coreModule, createContainer, PORTS, type Secrets } from '@kumo/core';
import { ContainerModule } from 'inversify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { functionsAccessLog } from '../src/access-log';
import { registerFunctions, type FunctionsApp } from '../src/functions';

const secrets: Secrets = { get: (name) => `functions-test-${name}-0123456789` };

/** A credential that hands out one fixed Entra token (what the managed identity would give). */
const staticToken: TokenCredential = { getToken: async (): Promise<AccessToken> => ({ token: 'managed-identity-token', expiresOnTimestamp: Date.now() + 3_600_000 }) };

/** Ids that cannot be made: account creation answers 500, to raise a burst of server errors. */
const failingIds = new ContainerModule(({ rebindSync }) => {
  rebindSync(PORTS.Ids).toConstantValue({
    next: () => {
      throw new Error('id source down');
    },
  });
});

describe('Azure Functions access log: Azure Monitor Logs Ingestion (real SDK, stand-in) and Slack alerts (local receiver)', () => {
  let monitor: MonitorIngestionStandIn;
  let slack: WebhookReceiver;
  let handler: HttpHandler;

  beforeAll(async () => {
    [monitor, slack] = await Promise.all([startMonitorIngestionStandIn(), startWebhookReceiver()]);
    const env = { KUMO_LOG_MONITOR_ENDPOINT: monitor.endpoint, KUMO_LOG_MONITOR_RULE_ID: 'dcr-0001', KUMO_LOG_MONITOR_STREAM: 'Custom-KumoAccess', KUMO_ALERT_SLACK_WEBHOOK: slack.url, WEBSITE_SITE_NAME: 'kumo-test' };
    const container = createContainer(azureModule(await testAzureConfig()), coreModule({ secrets }));
    let registered: HttpHandler | undefined;
    const target: FunctionsApp = { http: (_name, options) => void (registered = options.handler), storageQueue: () => {} };
    registerFunctions(target, container, { log: functionsAccessLog(env, { credential: staticToken, agent: emulatorAgent }) });
    handler = registered!;
  });
  afterAll(async () => Promise.all([monitor.stop(), slack.stop()]));

  const call = async (method: string, path: string, json?: unknown) => {
    const headers: Record<string, string> = json === undefined ? {} : { 'content-type': 'application/json' };
    const request = new HttpRequest({ method, url: `http://localhost:7071${path}`, headers, body: json === undefined ? undefined : { string: JSON.stringify(json) } });
    return new HttpResponse((await handler(request, new InvocationContext({ functionName: 'kumo' }))) as never);
  };

  it('has each request record (event and response, credentials redacted) in the Log Analytics stream when the invocation returns', async () => {
    const created = await call('POST', '/v1/accounts');
    const { userId, secret } = (await created.json()) as { userId: string; secret: string };
    await call('POST', '/v1/auth/login', { userId, secret });
    const records = monitor.received.get('dcr-0001/Custom-KumoAccess') as Array<{ request: { path: string; body?: unknown }; response: { status: number } }>;
    expect(records.map((record) => [record.request.path, record.response.status])).toEqual([
      ['/v1/accounts', 201],
      ['/v1/auth/login', 200],
    ]);
    expect(records[1]!.request.body).toEqual({ userId, secret: '[redacted]' });
    expect(JSON.stringify(records)).not.toContain(secret);
    expect(monitor.tokens.every((token) => token === 'Bearer managed-identity-token')).toBe(true);
  });

  it('sends one grouped Slack message for a burst of 5xx answers', async () => {
    const container = createContainer(azureModule(await testAzureConfig()), coreModule({ secrets }), failingIds);
    let failing: HttpHandler | undefined;
    const target: FunctionsApp = { http: (_name, options) => void (failing = options.handler), storageQueue: () => {} };
    registerFunctions(target, container, { log: functionsAccessLog({ KUMO_ALERT_SLACK_WEBHOOK: slack.url, WEBSITE_SITE_NAME: 'kumo-test' }) });
    const statuses = await Promise.all(
      Array.from({ length: 4 }, async () => (await failing!(new HttpRequest({ method: 'POST', url: 'http://localhost:7071/v1/accounts' }), new InvocationContext({ functionName: 'kumo' }))).status),
    );
    expect(statuses).toEqual([500, 500, 500, 500]);
    expect(slack.messages).toHaveLength(1);
    expect(slack.messages[0]!.text).toContain('kumo-test on Azure Functions');
  });

  it('refuses an incomplete Logs Ingestion setting at start', () => {
    expect(() => functionsAccessLog({ KUMO_LOG_MONITOR_ENDPOINT: monitor.endpoint })).toThrow(/KUMO_LOG_MONITOR_RULE_ID/);
    expect(functionsAccessLog({})).toBeUndefined();
  });
});
