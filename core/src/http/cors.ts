import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { KumoError } from '../ports/errors';
import type { AppEnv } from './env';

/** A CORS preflight from an origin that is not on the allow-list. */
export class OriginNotAllowed extends KumoError {
  constructor(origin: string) {
    super('forbidden', 'origin_not_allowed', `origin ${origin} may not call this API from a browser (see KUMO_CONSOLE_ORIGINS)`);
  }
}

/** The allowed browser origins from a comma-separated list such as `KUMO_CONSOLE_ORIGINS` (`https://ops.example.com,https://staging-ops.example.com`). */
export function parseOrigins(list: string | undefined): string[] {
  return (list ?? '')
    .split(',')
    .map((origin) => origin.trim().replace(/\/+$/, ''))
    .filter(Boolean);
}

/**
 * CORS for the origins a console is hosted on apart from the API (an explicit allow-list, no
 * wildcard, no cookies: the console sends its admin token in `Authorization`). A preflight from an
 * allowed origin is answered 204 before auth; one from any other origin is refused with 403
 * `origin_not_allowed`. Simple requests from other origins are served without CORS headers, so
 * a browser does not let the calling page read them. Requests without `Origin` (game clients,
 * servers) pass through untouched.
 */
export function consoleCors(origins: readonly string[]): MiddlewareHandler<AppEnv> {
  const allowed = new Set(origins);
  const handler = cors({
    origin: (origin) => (allowed.has(origin) ? origin : null),
    allowMethods: ['GET', 'HEAD', 'PUT', 'POST', 'DELETE', 'PATCH'],
    allowHeaders: ['authorization', 'content-type', 'idempotency-key'],
    exposeHeaders: ['retry-after'],
    maxAge: 600,
  });
  return async (c, next) => {
    const origin = c.req.header('origin');
    // No Origin, no browser cross-origin call: nothing to add (and the response stays untouched, which keeps it cheap).
    if (origin === undefined) return next();
    if (c.req.method === 'OPTIONS' && origin !== undefined && !allowed.has(origin)) throw new OriginNotAllowed(origin);
    return handler(c, next);
  };
}
