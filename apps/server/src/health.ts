import type { Hono } from 'hono';
import type { AppEnv } from '@kumo/core';

/**
 * Mounts the probes a load balancer or orchestrator calls:
 * - `GET /healthz`: the process serves HTTP (liveness) — always 200;
 * - `GET /readyz`: `ready` resolves (the database answers, the broker is connected) — 200, else 503
 *   with the reason, so that traffic goes to other instances while this one cannot serve.
 */
export function mountHealth(app: Hono<AppEnv>, ready: () => Promise<void>): void {
  app.get('/healthz', (c) => c.json({ ok: true }));
  app.get('/readyz', async (c) => {
    try {
      await ready();
      return c.json({ ready: true });
    } catch (error) {
      return c.json({ ready: false, reason: (error as Error).message }, 503);
    }
  });
}
