import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './env';

/** One access-log record, written when the handler has finished. */
export interface AccessLogEntry {
  at: string;
  requestId: string;
  /** `action` is the policy action the request was authorized for, if the route is behind auth. */
  request: { method: string; path: string; query: string; userId?: string; action?: string; body?: unknown };
  response: { status: number; durationMs: number; errorCode?: string };
}

/** Where access-log records go. */
export type AccessLogSink = (entry: AccessLogEntry) => void;

/** Default sink: one JSON line per request on stdout. */
export const stdoutAccessLog: AccessLogSink = (entry) => process.stdout.write(`${JSON.stringify(entry)}\n`);

const SECRET_FIELD = /secret|token|password|key/i;

/** Copies a JSON body with secret-looking fields replaced by "[redacted]". */
export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET_FIELD.test(k) ? '[redacted]' : redact(v)]));
}

/**
 * Logs request and response after the handler ends (errors included, since the error mapper has
 * already turned them into responses). JSON request bodies the handler read are logged redacted.
 */
export function accessLog(sink: AccessLogSink): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    await next();
    const url = new URL(c.req.url);
    let body: unknown;
    if (c.req.header('content-type')?.includes('application/json') && c.req.method !== 'GET') {
      body = await c.req.json().then(redact, () => undefined);
    }
    const errorCode = c.get('errorCode');
    sink({
      at: new Date().toISOString(),
      requestId: c.get('requestId'),
      request: { method: c.req.method, path: url.pathname, query: url.search, userId: c.get('principal')?.userId, action: c.get('access')?.action, body },
      response: { status: c.res.status, durationMs: Math.round((performance.now() - started) * 100) / 100, errorCode },
    });
  };
}
