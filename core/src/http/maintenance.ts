import type { MiddlewareHandler } from 'hono';
import type { Clock } from '../ports/clock';
import type { Store } from '../ports/store';
import { TtlCache } from '../store/ttl-cache';
import type { AppEnv } from './env';
import { problemResponse } from './problem';

/** The partition of the maintenance switch: a deployment's own state, never migrated. */
export const MAINTENANCE_PARTITION = 'kumo:maintenance';
/** The switch's key: present means maintenance mode. */
export const MAINTENANCE_KEY = 'mode';
/** How long an instance trusts its last look at the switch: every instance honours a change within this. */
export const MAINTENANCE_CHECK_MS = 2_000;

/** The switch's document: why, and what `Retry-After` to send. */
export interface MaintenanceMode {
  reason: string;
  retryAfterSeconds: number;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Maintenance mode (set by `kumo migrate --cutover` on the source backend): while the switch
 * document exists, every request that may write (any method but GET, HEAD, OPTIONS) answers 503
 * `maintenance` with `Retry-After`, before authentication; reads keep working. Each instance reads
 * the switch at most once per `MAINTENANCE_CHECK_MS`, so all honour it within that time. A failed
 * read of the switch counts as "not in maintenance" until the next look: the switch never fails a request.
 */
export function maintenanceMode(store: Store, clock: Clock): MiddlewareHandler<AppEnv> {
  const cache = new TtlCache<MaintenanceMode | undefined>(clock, { ttlMs: MAINTENANCE_CHECK_MS, maxEntries: 1 });
  return async (c, next) => {
    if (SAFE_METHODS.has(c.req.method)) return next();
    const mode = await cache.get(MAINTENANCE_KEY, () => readSwitch(store));
    if (!mode) return next();
    const response = problemResponse(c, { status: 503, code: 'maintenance', message: `the game is in maintenance: ${mode.reason}`, requestId: c.get('requestId') });
    response.headers.set('retry-after', String(mode.retryAfterSeconds));
    return response;
  };
}

async function readSwitch(store: Store): Promise<MaintenanceMode | undefined> {
  try {
    return (await store.get<MaintenanceMode & Record<string, unknown>>(MAINTENANCE_PARTITION, MAINTENANCE_KEY))?.value;
  } catch {
    return undefined;
  }
}
