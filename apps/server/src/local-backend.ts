import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { coreModule, createApp, createContainer, purchaseSettingsModule, resolve, SERVICES, NO_STORES, type AccessLogSink, type PurchaseSettings, type Secrets } from '@kumo/core';
import { createMemoryPorts, memoryModule, type MemoryPorts } from '@kumo/adapter-memory';
import { mountConsole } from '@kumo/console';
import { mountPushSocket, PUSH_SOCKET_PATH } from './push-socket';

/** Options of `startLocalBackend`. */
export interface LocalBackendOptions {
  port: number;
  secrets: Secrets;
  accessLog?: AccessLogSink;
  /** App Store and Google Play settings (default: no store configured). */
  purchases?: PurchaseSettings;
  /** Poll interval of the job worker in ms (default 500). */
  workerIntervalMs?: number;
}

/** A running local backend. */
export interface LocalBackend {
  url: string;
  ports: MemoryPorts;
  stop(): Promise<void>;
}

/** Starts the Kumo API on the embedded adapter, with the management console at `/console`, a push WebSocket and a pull worker for queued jobs. */
export async function startLocalBackend(options: LocalBackendOptions): Promise<LocalBackend> {
  const ports = createMemoryPorts();
  const container = createContainer(memoryModule(ports), coreModule({ secrets: options.secrets }), purchaseSettingsModule(options.purchases ?? NO_STORES));
  const app = createApp(container, { accessLog: options.accessLog });
  mountConsole(app);
  const jobs = resolve(container, SERVICES.Jobs);
  const worker = setInterval(() => void jobs.poll().catch((error) => console.error('job worker:', error)), options.workerIntervalMs ?? 500);

  const injectWebSocket = mountPushSocket(app, ports.push, resolve(container, SERVICES.Tokens));

  const server = await new Promise<Server>((ready) => {
    const started = serve({ fetch: app.fetch, port: options.port, hostname: '127.0.0.1' }, () => ready(started as Server));
  });
  injectWebSocket(server);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  ports.push.serveAt(`ws://127.0.0.1:${port}${PUSH_SOCKET_PATH}`);
  return {
    url: `http://127.0.0.1:${port}`,
    ports,
    stop: () =>
      new Promise((done) => {
        clearInterval(worker);
        server.close(() => done());
      }),
  };
}
