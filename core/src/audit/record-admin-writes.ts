import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../http/env';
import { idempotencyKey } from '../http/idempotency-key';
import { actorOf } from '../policy/principals';
import { withChangeLog } from '../store/change-log';
import type { AuditTrail } from './audit-trail';

/** Methods that never write. */
const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The request's idempotency key as its route would read it (the raw header when it does not parse). */
function requestKey(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  try {
    return idempotencyKey(header, undefined);
  } catch {
    return header.slice(0, 300);
  }
}

/**
 * Records every successful admin write in the audit trail: a request with an admin token that is
 * not a read and answered below 400, with its actor, route action, resource, request id,
 * idempotency key and the documents its units of work changed (collected by `withChangeLog`, so
 * no route reports anything). Mounted after the auth and policy check, on `/v1/admin/*`. If the
 * entry cannot be written the request fails (500), so no write goes unaudited silently; a retry
 * with the same `Idempotency-Key` then records it, once.
 */
export function recordAdminWrites(trail: AuditTrail): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (READS.has(c.req.method)) return next();
    const { changes } = await withChangeLog(() => next());
    const principal = c.get('principal') as AppEnv['Variables']['principal'] | undefined;
    const access = c.get('access') as AppEnv['Variables']['access'] | undefined;
    if (principal?.role !== 'admin' || !access || c.res.status >= 400) return;
    const key = requestKey(c.req.header('idempotency-key'));
    await trail.record({
      actor: actorOf(principal),
      action: access.action,
      resource: access.resource,
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      requestId: c.get('requestId'),
      ...(key === undefined ? {} : { idempotencyKey: key }),
      changes,
    });
  };
}
