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

/** Options of `createApp`. */
export interface AppOptions {
  /** Where access-log records go (default: JSON lines on stdout). */
  accessLog?: AccessLogSink;
  /** Largest request body in bytes (default 64 KiB). */
  maxBodyBytes?: number;
}

/**
 * The one Hono app with every feature's routes, so one deployed function serves all endpoints.
 * Middleware order: request id → access log → error mapper (onError) → body limit → auth → handler
 * (zod-validated, documented at /openapi.json).
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
  const context = { container, player: requireRole(tokens, 'player'), admin: requireRole(tokens, 'admin') };
  for (const feature of FEATURES) feature.routes?.(app, context);

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  app.doc31('/openapi.json', { openapi: '3.1.0', info: { title: 'Kumo game backend', version: '0.1.0' } });
  return app;
}
