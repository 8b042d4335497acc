import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import {
  coreModule,
  createApp,
  createContainer,
  portsModule,
  purchaseSettingsModule,
  resolve,
  SERVICES,
  NO_STORES,
  STORE_SWEEP_QUEUE,
  systemClock,
  type AccessLogSink,
  type AdapterPorts,
  type Clock,
  type PurchaseSettings,
  type Secrets,
} from '@kumo/core';
import { mountConsole } from '@kumo/console';
import type { BackendConfig } from './backend-config';
import { mountHealth } from './health';
import { mountPushSocket, PUSH_SOCKET_PATH } from './push-socket';
import { createServerPorts } from './server-ports';

/** Options of `startLocalBackend`. */
export interface LocalBackendOptions {
  port: number;
  secrets: Secrets;
  accessLog?: AccessLogSink;
  /** App Store and Google Play settings (default: no store configured). */
  purchases?: PurchaseSettings;
  /** Poll interval of the job worker in ms (default 500). */
  workerIntervalMs?: number;
  /** Where data lives and how push travels (default: in memory, push over this server's WebSocket). */
  backend?: BackendConfig;
  /** Interface to listen on (default 127.0.0.1). */
  hostname?: string;
}

/** A running local backend. */
export interface LocalBackend {
  url: string;
  ports: AdapterPorts;
  /** Where data lives, for the startup banner. */
  dataLocation: string;
  stop(): Promise<void>;
}

/**
 * Starts the Kumo API on the configured backends (the database answers and its tables exist before
 * it listens), with the management console at `/console`, `/healthz` and `/readyz`, the push
 * WebSocket when there is no broker, and a pull worker for queued jobs.
 */
export async function startLocalBackend(options: LocalBackendOptions): Promise<LocalBackend> {
  const clock = systemClock;
  const server = createServerPorts(options.backend ?? { storage: { kind: 'memory' } }, clock);
  await server.ready().catch(async (error: Error) => {
    await server.close();
    throw new Error(`cannot start: ${server.dataLocation}: ${error.message}`, { cause: error });
  });
  const container = createContainer(
    portsModule(server.ports, server.capabilities),
    coreModule({ secrets: options.secrets, clock }),
    purchaseSettingsModule(options.purchases ?? NO_STORES),
  );
  const app = createApp(container, { accessLog: options.accessLog });
  mountHealth(app, server.ready);
  mountConsole(app);
  const jobs = resolve(container, SERVICES.Jobs);
  let polling: Promise<unknown> = Promise.resolve();
  const worker = setInterval(() => {
    polling = jobs.poll().catch((error) => console.error('job worker:', error));
  }, options.workerIntervalMs ?? 500);
  const sweeper = server.ports.store.sweepExpired && scheduleStoreSweep(server.ports.queue, clock);

  const injectWebSocket = server.socketPush && mountPushSocket(app, server.socketPush, resolve(container, SERVICES.Tokens));
  const hostname = options.hostname ?? '127.0.0.1';
  const http = await new Promise<Server>((ready) => {
    const started = serve({ fetch: app.fetch, port: options.port, hostname }, () => ready(started as Server));
  });
  injectWebSocket?.(http);
  const address = http.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const host = hostname === '0.0.0.0' || hostname === '::' ? '127.0.0.1' : hostname;
  server.socketPush?.serveAt(`ws://${host}:${port}${PUSH_SOCKET_PATH}`);
  return {
    url: `http://${host}:${port}`,
    ports: server.ports,
    dataLocation: server.dataLocation,
    async stop() {
      clearInterval(worker);
      clearInterval(sweeper);
      await new Promise<void>((done) => http.close(() => done()));
      await polling;
      await server.close();
    },
  };
}

/** How often the server sends core's store sweep job when its store has a sweeper. */
const SWEEP_INTERVAL_MS = 3_600_000;

/**
 * Sends `{}` to core's `kumo-store-sweep` queue now and every hour, with the hour as dedupe id (so
 * that instances started together send it once); a job worker runs it (`Store.sweepExpired`).
 */
function scheduleStoreSweep(queue: AdapterPorts['queue'], clock: Clock): NodeJS.Timeout {
  const send = () => {
    const hour = Math.floor(clock.now() / SWEEP_INTERVAL_MS);
    queue.send(STORE_SWEEP_QUEUE, {}, { dedupeId: `sweep-${hour}` }).catch((error) => console.error('store sweep:', error));
  };
  send();
  return setInterval(send, SWEEP_INTERVAL_MS);
}
