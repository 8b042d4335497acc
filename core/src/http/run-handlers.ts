import type { Context, MiddlewareHandler, Next } from 'hono';
import type { AppEnv } from './env';

/**
 * Runs handlers in order as Hono's router would (each one's `next` runs the rest, then `last` if
 * given); a handler's response becomes the context's response.
 */
export function runHandlers(handlers: readonly MiddlewareHandler<AppEnv>[], c: Context<AppEnv>, last?: Next): Promise<void> {
  return dispatch(handlers, c, last, 0);
}

/** Runs `handlers[i]` with a `next` that runs the ones after it, as `runHandlers` describes. */
async function dispatch(handlers: readonly MiddlewareHandler<AppEnv>[], c: Context<AppEnv>, last: Next | undefined, i: number): Promise<void> {
  if (i === handlers.length) return last?.();
  const result = await handlers[i]!(c, () => dispatch(handlers, c, last, i + 1));
  if (result instanceof Response) c.res = result;
}
