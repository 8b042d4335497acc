import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../http/env';
import { idempotencyKey } from '../http/idempotency-key';
import { actorOf } from '../policy/principals';
import { withChangeLog } from '../store/change-log';
import { AUDIT_PARTITION, type AuditFacts, type AuditTrail } from './audit-trail';

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

/** The facts of the request's admin write known so far: none unless an admin token passed the policy check. */
function factsOf(c: Context<AppEnv>): AuditFacts | undefined {
  const principal = c.get('principal') as AppEnv['Variables']['principal'] | undefined;
  const access = c.get('access') as AppEnv['Variables']['access'] | undefined;
  if (principal?.role !== 'admin' || !access) return undefined;
  const key = requestKey(c.req.header('idempotency-key'));
  return {
    actor: actorOf(principal),
    action: access.action,
    resource: access.resource,
    method: c.req.method,
    path: c.req.path,
    requestId: c.get('requestId'),
    ...(key === undefined ? {} : { idempotencyKey: key }),
  };
}

/**
 * Records every admin write in the audit trail: a request with an admin token that is not a read,
 * with its actor, route action, resource, request id, idempotency key and the documents its units
 * of work changed (collected by `withChangeLog`, so no route reports anything). Each `transact`
 * commit of the request carries the entry in its own batch (`AuditTrail.companion`), so a change
 * and its entry land together, whatever the answer then is. A write that changed no document and
 * answered below 400 (or one on a store whose batches cannot span partitions) is recorded after
 * the handler; if that entry cannot be written the request fails (500), so no write goes
 * unaudited silently, and a retry with the same `Idempotency-Key` records it, once. Mounted after
 * the auth and policy check, on `/v1/admin/*`.
 */
export function recordAdminWrites(trail: AuditTrail): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (READS.has(c.req.method)) return next();
    const entry = trail.companion(() => factsOf(c));
    const { changes } = await withChangeLog(() => next(), { companion: entry.writes });
    if (changes.some((change) => change.partition === AUDIT_PARTITION && change.key === entry.key)) return;
    const facts = factsOf(c);
    if (!facts || c.res.status >= 400) return;
    await trail.record({ ...facts, status: c.res.status, changes });
  };
}
