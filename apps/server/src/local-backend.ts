import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { ContainerModule } from 'inversify';
import { coreModule, createApp, createContainer, purchaseSettingsModule, NO_STORES, PORTS, resolve, SERVICES, type AccessLogSink, type Clock, type PurchaseSettings, type Secrets, type SignInLimitSettings } from '@kumo/core';
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
  /** Rate limits on sign-in and sign-up (default: core's `DEFAULT_SIGN_IN_LIMITS`). */
  signInLimits?: SignInLimitSettings;
  /** Browser origins allowed to call the API (default: `KUMO_CONSOLE_ORIGINS`). */
  consoleOrigins?: string[];
  /** The embedded adapter's ports (default: new ones). */
  ports?: MemoryPorts;
  /** Clock of tokens and game rules (default: the system's). */
  clock?: Clock;
}

/** A running local backend. */
export interface LocalBackend {
  url: string;
  ports: MemoryPorts;
  /**
   * Graceful stop: stops accepting connections, closes push sockets (code 1001), stops the job
   * worker after its current poll, lets in-flight requests finish (at most `drainMs`, default
   * 8 s, then cuts what is left) and resolves when the server is closed.
   */
  stop(drainMs?: number): Promise<void>;
}

/** Starts the Kumo API on the embedded adapter, with the management console at `/console`, a push WebSocket and a pull worker for queued jobs. */
export async function startLocalBackend(options: LocalBackendOptions): Promise<LocalBackend> {
  const ports = options.ports ?? createMemoryPorts();
  const overrides = new ContainerModule(({ rebindSync }) => {
    if (options.signInLimits) rebindSync(SERVICES.SignInLimitSettings).toConstantValue(options.signInLimits);
  });
  const container = createContainer(
    memoryModule(ports),
    coreModule({ secrets: options.secrets, clock: options.clock }),
    purchaseSettingsModule(options.purchases ?? NO_STORES),
    overrides,
  );
  const app = createApp(container, { accessLog: options.accessLog, consoleOrigins: options.consoleOrigins, clientAddress: (c) => getConnInfo(c).remote.address });
  mountConsole(app);
  const jobs = resolve(container, SERVICES.Jobs);
  let polling: Promise<unknown> = Promise.resolve();
  const worker = setInterval(() => {
    polling = jobs.poll().catch((error) => console.error('job worker:', error));
  }, options.workerIntervalMs ?? 500);

  const push = mountPushSocket(app, ports.push, resolve(container, SERVICES.Tokens), resolve(container, SERVICES.Accounts), resolve(container, PORTS.Clock));
  let inFlight = 0;
  const server = await new Promise<Server>((ready) => {
    const fetch = async (request: Request, env: unknown) => {
      inFlight++;
      try {
        return await app.fetch(request, env);
      } finally {
        inFlight--;
      }
    };
    const started = serve({ fetch, port: options.port, hostname: '127.0.0.1' }, () => ready(started as Server));
  });
  push.injectWebSocket(server);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  ports.push.serveAt(`ws://127.0.0.1:${port}${PUSH_SOCKET_PATH}`);
  return {
    url: `http://127.0.0.1:${port}`,
    ports,
    async stop(drainMs = 8_000) {
      const closed = new Promise<void>((done) => server.close(() => done()));
      clearInterval(worker);
      push.closeAll();
      server.closeIdleConnections();
      const deadline = Date.now() + drainMs;
      while (inFlight > 0 && Date.now() < deadline) await new Promise((tick) => setTimeout(tick, 20));
      await polling;
      server.closeAllConnections();
      await closed;
    },
  };
}
