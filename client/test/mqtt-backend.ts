import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { ContainerModule } from 'inversify';
import { MqttPush } from '@kumo/adapter-mqtt';
import { capabilities, createMemoryPorts } from '@kumo/adapter-memory';
import { coreModule, createApp, createContainer, NO_STORES, portsModule, purchaseSettingsModule, SERVICES } from '@kumo/core';
import { ADMIN_KEY, TEST_SIGN_IN_LIMITS, TOKEN_SECRET } from '@kumo/server/test/backend-client';
import { devSecrets } from '@kumo/server/src/dev-secrets';

/** A Kumo API on the embedded store whose push is `MqttPush` on a broker. */
export interface MqttBackend {
  url: string;
  push: MqttPush;
  stop(): Promise<void>;
}

/**
 * Starts the API on 127.0.0.1 with `MqttPush` connected to `brokerUrl`; `GET /v1/push/connection`
 * tells game clients to connect to `clientUrl` under `topicPrefix`.
 */
export async function startMqttBackend(options: { brokerUrl: string; clientUrl: string; topicPrefix: string }): Promise<MqttBackend> {
  const push = await MqttPush.connect({ url: options.brokerUrl, clientUrl: options.clientUrl, topicPrefix: options.topicPrefix });
  const { secrets } = devSecrets({ KUMO_ADMIN_KEY: ADMIN_KEY, KUMO_TOKEN_SECRET: TOKEN_SECRET });
  const container = createContainer(
    portsModule({ ...createMemoryPorts(), push }, capabilities),
    coreModule({ secrets }),
    purchaseSettingsModule(NO_STORES),
    new ContainerModule(({ rebindSync }) => void rebindSync(SERVICES.SignInLimitSettings).toConstantValue(TEST_SIGN_IN_LIMITS)),
  );
  const app = createApp(container, { accessLog: () => {} });
  const server = await new Promise<Server>((ready) => {
    const started = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => ready(started as Server));
  });
  const address = server.address();
  return {
    url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
    push,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
      await push.close();
    },
  };
}
