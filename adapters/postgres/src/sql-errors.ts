import { Conflict, Throttled } from '@kumo/core';

/** The SQLSTATE of a PostgreSQL error (both `pg` and PGlite set `code`), if it is one. */
export function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/**
 * Translates what PostgreSQL says into the ports' errors:
 * - class 40 (serialization failure 40001, deadlock 40P01) and unique violation 23505 (two
 *   transactions created the same document) → `Conflict`, which core's `transact` retries;
 * - class 53 (insufficient resources: too many connections, out of memory) → `Throttled`.
 * Anything else is returned unchanged (connection failures included: a commit whose answer was
 * lost may have landed, so it is not a `Conflict`).
 */
export function translateSqlError(error: unknown): unknown {
  const state = sqlState(error);
  const message = (error as Error).message;
  if (state?.startsWith('40') || state === '23505') return new Conflict(`postgres: ${message}`, { cause: state });
  if (state?.startsWith('53')) return new Throttled(`postgres: ${message}`, { cause: state });
  return error;
}
