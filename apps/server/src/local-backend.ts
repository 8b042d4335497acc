import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { ContainerModule } from 'inversify';
import {
  coreModule,
  createApp,
  createContainer,
  decoratePorts,
  portsModule,
  purchaseSettingsModule,
  resolve,
  JobWorker,
  NO_STORES,
  PORTS,
  SERVICES,
  STORE_SWEEP_QUEUE,
  systemClock,
  type AccessLogSink,
  type AdapterPorts,
  type Clock,
  type JobWorkerOptions,
  type PurchaseSettings,
  type Secrets,
  type SignInLimitSettings,
  type Telemetry,
} from '@kumo/core';
import type { MemoryPorts } from '@kumo/adapter-memory';
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
  /** The job worker that drains the queues (default: 64 jobs at once); false runs no worker (jobs wait in their queues). */
  jobWorker?: JobWorkerOptions | false;
  /** Rate limits on sign-in and sign-up (default: core's `DEFAULT_SIGN_IN_LIMITS`). */
  signInLimits?: SignInLimitSettings;
  /** Browser origins allowed to call the API (default: `KUMO_CONSOLE_ORIGINS`). */
  consoleOrigins?: string[];
  /** Where data lives and how push travels (default: in memory, push over this server's WebSocket). */
  backend?: BackendConfig;
  /** The memory adapter's ports when `backend` keeps data in memory (default: new ones). */
  ports?: MemoryPorts;
  /** Clock of tokens, game rules and document expiry (default: the system's). */
  clock?: Clock;
  /** Interface to listen on (default 127.0.0.1). */
  hostname?: string;
  /** Traces and metrics exported out of the process (default none; `KUMO_OTEL=otlp` in `npm start`). */
  telemetry?: Telemetry;
}

/** A running local backend. */
export interface LocalBackend {
  url: string;
  ports: AdapterPorts;
  /** Where data lives, for the startup banner. */
  dataLocation: string;
  /**
   * Graceful stop: stops accepting connections, closes push sockets (code 1001), stops the job
   * worker once the jobs it holds are done, lets in-flight requests finish (at most `drainMs`, default
   * 8 s, then cuts what is left), then closes the database and the broker connection.
   */
  stop(drainMs?: number): Promise<void>;
}

/**
 * Starts the Kumo API on the configured backends (the database answers and its tables exist before
 * it listens), with the management console at `/console`, `/healthz` and `/readyz`, the push
 * WebSocket when there is no broker, and a pull worker for queued jobs.
 */
export async function startLocalBackend(options: LocalBackendOptions): Promise<LocalBackend> {
  const clock = options.clock ?? systemClock;
  const backend = createServerPorts(options.backend ?? { storage: { kind: 'memory' } }, clock, options.ports);
  await backend.ready().catch(async (error: Error) => {
    await backend.close();
    throw new Error(`cannot start: ${backend.dataLocation}: ${error.message}`, { cause: error });
  });
  const overrides = new ContainerModule(({ rebindSync }) => {
    if (options.signInLimits) rebindSync(SERVICES.SignInLimitSettings).toConstantValue(options.signInLimits);
  });
  const container = createContainer(
    portsModule(backend.ports, backend.capabilities),
    decoratePorts(options.telemetry?.ports ?? {}),
    coreModule({ secrets: options.secrets, clock }),
    purchaseSettingsModule(options.purchases ?? NO_STORES),
    overrides,
  );
  const app = createApp(container, { telemetry: options.telemetry, accessLog: options.accessLog, consoleOrigins: options.consoleOrigins, clientAddress: (c) => getConnInfo(c).remote.address });
  mountHealth(app, backend.ready);
  mountConsole(app);
  const worker = options.jobWorker === false ? undefined : new JobWorker(resolve(container, SERVICES.Jobs), backend.ports.queue, options.jobWorker);
  worker?.start();
  const sweeper = backend.ports.store.sweepExpired && scheduleStoreSweep(backend.ports.queue, clock);

  const push = backend.socketPush && mountPushSocket(app, backend.socketPush, resolve(container, SERVICES.Tokens), resolve(container, SERVICES.Accounts), resolve(container, PORTS.Clock));
  const hostname = options.hostname ?? '127.0.0.1';
  let inFlight = 0;
  const http = await new Promise<Server>((ready) => {
    const fetch = async (request: Request, env: unknown) => {
      inFlight++;
      try {
        return await app.fetch(request, env);
      } finally {
        inFlight--;
      }
    };
    const started = serve({ fetch, port: options.port, hostname }, () => ready(started as Server));
  });
  push?.injectWebSocket(http);
  const address = http.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const host = hostname === '0.0.0.0' || hostname === '::' ? '127.0.0.1' : hostname;
  backend.socketPush?.serveAt(`ws://${host}:${port}${PUSH_SOCKET_PATH}`);
  return {
    url: `http://${host}:${port}`,
    ports: backend.ports,
    dataLocation: backend.dataLocation,
    async stop(drainMs = 8_000) {
      const closed = new Promise<void>((done) => http.close(() => done()));
      const workerStopped = worker?.stop();
      clearInterval(sweeper);
      push?.closeAll();
      http.closeIdleConnections();
      const deadline = Date.now() + drainMs;
      while (inFlight > 0 && Date.now() < deadline) await new Promise((tick) => setTimeout(tick, 20));
      await workerStopped;
      http.closeAllConnections();
      await closed;
      await options.telemetry?.flush();
      await backend.close();
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
