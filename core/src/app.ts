import { Hono, type Context, type MiddlewareHandler } from 'hono';
import type { Container } from 'inversify';
import { bodyLimit } from 'hono/body-limit';
import { TrieRouter } from 'hono/router/trie-router';
import { PORTS, resolve } from './container';
import { FEATURES } from './features';
import { TooLarge } from './ports/errors';
import { SERVICES } from './services/tokens';
import { stdoutAccessLog, type AccessLogSink } from './http/access-log';
import { frontDoor } from './http/front-door';
import { hasBody } from './http/has-body';
import { requestHeader } from './http/headers';
import { guardRoute, guardUnknownRoute, type AuthContext } from './http/auth';
import { consoleCors, parseOrigins } from './http/cors';
import { limitJsonDepth, MAX_JSON_DEPTH } from './http/json-depth';
import { maintenanceMode } from './http/maintenance';
import type { AppEnv } from './http/env';
import { problemResponse, toProblem } from './http/problem';
import { serveOpenApiDocument } from './http/openapi-document';
import { RouteActions } from './http/route-actions';
import { FeatureRoutes } from './feature-routes';
import { ROUTE_TABLE } from './route-table';
import { recordAdminWrites } from './audit/record-admin-writes';
import type { Telemetry } from './http/telemetry';

/** Options of `createApp`. */
export interface AppOptions {
  /** Where access-log records go (default: JSON lines on stdout). */
  accessLog?: AccessLogSink;
  /** Largest request body in bytes (default 64 KiB). */
  maxBodyBytes?: number;
  /** Deepest nesting of a JSON request body (default `MAX_JSON_DEPTH`). */
  maxJsonDepth?: number;
  /**
   * Browser origins allowed to call the API (a console hosted apart); default: the
   * comma-separated `KUMO_CONSOLE_ORIGINS` environment variable, else none.
   */
  consoleOrigins?: readonly string[];
  /**
   * The client's address, for per-client rate limits. Default: the last `X-Forwarded-For` entry
   * (the one the platform's own front end appends), else `unknown`. The local server passes the
   * socket's address.
   */
  clientAddress?: (c: Context<AppEnv>) => string | undefined;
  /** Traces and metrics exported out of the process (default: none; see `@kumo/adapter-otel`). */
  telemetry?: Telemetry;
}

/** Most bytes of a refused body read and thrown away, so that the client sees the 413 rather than a reset. */
const MAX_DISCARDED_BYTES = 1024 * 1024;

/** Reads and drops an unread request body, up to `MAX_DISCARDED_BYTES`. */
async function discardBody(request: Request): Promise<void> {
  if (!request.body || request.bodyUsed || request.body.locked) return;
  const reader = request.body.getReader();
  for (let read = 0; read <= MAX_DISCARDED_BYTES; ) {
    const chunk = await reader.read().catch(() => ({ done: true as const, value: undefined }));
    if (chunk.done) return;
    read += chunk.value.byteLength;
  }
  await reader.cancel().catch(() => undefined);
}

/** The last `X-Forwarded-For` entry: the address the platform's front end saw. */
const forwardedFor = (c: Context<AppEnv>) => requestHeader(c, 'x-forwarded-for')?.split(',').at(-1)?.trim() || undefined;

/**
 * The one Hono app with every feature's routes, so one deployed function serves all endpoints.
 * Middleware order: telemetry (if any) → the front door (`frontDoor`: request id, client address,
 * access log and route stats after the route; for a request with an Origin, a body or a write, the
 * checks: CORS → body limit → JSON depth limit → maintenance mode, writes answering 503 during a
 * cutover) → error mapper (onError) → audit trail of admin writes (`recordAdminWrites`) → the route:
 * auth, path parameters and policy check (`guardRoute`, from its declared security and action), then its handler
 * (zod-validated, documented at /openapi.json). The app routes with the route table
 * (`ROUTE_TABLE`: each route's feature, policy action and role); a feature's routes module, its
 * schemas and zod itself load on the first request that reaches the feature (`FeatureRoutes`).
 */
export function createApp(container: Container, options: AppOptions = {}): Hono<AppEnv> {
  const maxBodyBytes = options.maxBodyBytes ?? 64 * 1024;
  // Hono's default router tries its RegExpRouter on the first request, which cannot hold this route
  // table (a static segment where other routes have a parameter: `/v1/admin/leaderboards/hot` beside
  // `/v1/admin/leaderboards/:board/ranking`), and falls back to the TrieRouter: starting with the
  // TrieRouter spares every cold start that failed attempt (~6 ms of its first request).
  const app = new Hono<AppEnv>({ router: new TrieRouter() });
  const tokens = resolve(container, SERVICES.Tokens);

  const clientAddress = options.clientAddress ?? forwardedFor;

  if (options.telemetry) {
    app.use(options.telemetry.requests);
    options.telemetry.hotKeys(resolve(container, SERVICES.HotKeys));
  }
  const limitBody = bodyLimit({
    maxSize: maxBodyBytes,
    onError: async (c) => {
      await discardBody(c.req.raw);
      throw new TooLarge('request body too large', { limit: maxBodyBytes });
    },
  });
  const checks: MiddlewareHandler<AppEnv>[] = [
    consoleCors(options.consoleOrigins ?? parseOrigins(process.env.KUMO_CONSOLE_ORIGINS)),
    (c, next) => (hasBody(c) ? limitBody(c, next) : next()),
    limitJsonDepth(options.maxJsonDepth ?? MAX_JSON_DEPTH),
    maintenanceMode(resolve(container, PORTS.Store), resolve(container, PORTS.Clock)),
  ];
  app.use(frontDoor({ accessLog: options.accessLog ?? stdoutAccessLog, routeStats: resolve(container, SERVICES.RouteStats), clientAddress, checks }));
  app.onError((error, c) => problemResponse(c, toProblem(error, c.get('requestId'))));

  app.get('/health', (c) => c.json({ ok: true }));
  const actions = new RouteActions(ROUTE_TABLE);
  const features = new FeatureRoutes(FEATURES, { container, actions });
  const auth: AuthContext = { tokens, policies: resolve(container, SERVICES.Policies), accounts: resolve(container, SERVICES.Accounts), routes: actions, features };
  app.use('/v1/admin/*', recordAdminWrites(resolve(container, SERVICES.Audit)));
  app.notFound(async (c) => {
    await guardUnknownRoute(c, auth);
    return problemResponse(c, { status: 404, code: 'route_not_found', message: `no route ${c.req.method} ${c.req.path}`, requestId: c.get('requestId') });
  });
  for (const route of actions.list()) {
    const serve = features.handler(route);
    const guard = guardRoute(auth, route);
    app.on(route.method, route.path, guard ? (c, next) => guard(c)?.then(() => serve(c, next)) ?? serve(c, next) : serve);
  }

  const openApiDocument = serveOpenApiDocument(features, actions);
  app.get('/openapi.json', async (c) => c.json(await openApiDocument()));
  return app;
}
