import { randomBytes } from 'node:crypto';
import { envSecrets, type Secrets } from '@kumo/core';

/**
 * Secrets for a local run: `KUMO_TOKEN_SECRET` and `KUMO_ADMIN_KEY` from the environment, or,
 * where unset, random values made for this process only (tokens die with the process).
 */
export function devSecrets(env: Record<string, string | undefined> = process.env): { secrets: Secrets; generatedAdminKey?: string } {
  const filled = { ...env };
  const generatedAdminKey = filled.KUMO_ADMIN_KEY ? undefined : randomBytes(24).toString('base64url');
  filled.KUMO_ADMIN_KEY ??= generatedAdminKey;
  filled.KUMO_TOKEN_SECRET ??= randomBytes(32).toString('base64url');
  return { secrets: envSecrets(filled), generatedAdminKey };
}
