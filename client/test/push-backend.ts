import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { ContainerModule } from 'inversify';
import { capabilities, createMemoryPorts } from '@kumo/adapter-memory';
import { coreModule, createApp, createContainer, NO_STORES, portsModule, purchaseSettingsModule, SERVICES, type Push } from '@kumo/core';
import { ADMIN_KEY, TEST_SIGN_IN_LIMITS, TOKEN_SECRET } from '@kumo/server/test/backend-client';
import { devSecrets } from '@kumo/server/src/dev-secrets';

/** A running Kumo API whose push is a given backend. */
export interface PushBackend {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts the API on 127.0.0.1 on the embedded store with `push` as its push backend (`MqttPush`,
 * `WebPubSubPush`), so that `GET /v1/push/connection` answers what that backend says.
 */
export async function startPushBackend(push: Push): Promise<PushBackend> {
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
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}
