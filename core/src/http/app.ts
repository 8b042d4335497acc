import { OpenAPIHono } from '@hono/zod-openapi';
import type { Container } from 'inversify';
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import { resolve } from '../container';
import { FEATURES } from '../features';
import { TooLarge } from '../ports/errors';
import { SERVICES } from '../services/tokens';
import { accessLog, stdoutAccessLog, type AccessLogSink } from './access-log';
import { requireRole } from './auth';
import type { AppEnv } from './env';
import { InvalidRequest, problemResponse, toProblem } from './problem';
import { RouteActions } from './route-actions';

/** Options of `createApp`. */
export interface AppOptions {
  /** Where access-log records go (default: JSON lines on stdout). */
  accessLog?: AccessLogSink;
  /** Largest request body in bytes (default 64 KiB). */
  maxBodyBytes?: number;
}

/**
 * The one Hono app with every feature's routes, so one deployed function serves all endpoints.
 * Middleware order: request id → access log → error mapper (onError) → body limit → auth and
 * policy check (the `player`/`admin` middleware features mount) → handler (zod-validated,
 * documented at /openapi.json). Each route's policy action is recorded as its feature mounts it.
 */
export function createApp(container: Container, options: AppOptions = {}): OpenAPIHono<AppEnv> {
  const maxBodyBytes = options.maxBodyBytes ?? 64 * 1024;
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const issues = result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
        throw new InvalidRequest(issues.map((issue) => `${issue.path || 'body'}: ${issue.message}`).join('; '), { issues });
      }
    },
  });
  const tokens = resolve(container, SERVICES.Tokens);

  app.use(requestId());
  app.use(accessLog(options.accessLog ?? stdoutAccessLog));
  app.onError((error, c) => problemResponse(c, toProblem(error, c.get('requestId'))));
  app.notFound((c) => problemResponse(c, { status: 404, code: 'route_not_found', message: `no route ${c.req.method} ${c.req.path}`, requestId: c.get('requestId') }));
  app.use(
    bodyLimit({
      maxSize: maxBodyBytes,
      onError: () => {
        throw new TooLarge('request body too large', { limit: maxBodyBytes });
      },
    }),
  );

  app.get('/health', (c) => c.json({ ok: true }));
  const policies = resolve(container, SERVICES.Policies);
  const actions = new RouteActions();
  const context = { container, actions, player: requireRole(tokens, policies, actions, 'player'), admin: requireRole(tokens, policies, actions, 'admin') };
  for (const feature of FEATURES) {
    const [routes, definitions] = [app.routes.length, app.openAPIRegistry.definitions.length];
    feature.routes?.(app, context);
    actions.addFeature(feature.name, app.routes.slice(routes), app.openAPIRegistry.definitions.slice(definitions));
  }

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  app.doc31('/openapi.json', { openapi: '3.1.0', info: { title: 'Kumo game backend', version: '0.1.0' } });
  return app;
}
