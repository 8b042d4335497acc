import type { Principal } from '../http/access-tokens';

/** Partition of API key records (one document per key, its attached policies inside). */
export const API_KEY_PARTITION = 'apikeys';

/** Key of an API key's record. */
export const apiKeyDocKey = (keyId: string) => `key:${keyId}`;

/** Principal user id carried by tokens issued for an API key. */
export const apiKeyUserId = (keyId: string) => `key:${keyId}`;

/** The admin-key holder's principal user id (the root operator: policies do not restrict it). */
export const ROOT_USER_ID = 'admin';

/** Who policies are attached to: a player, or an API key of a server-to-server caller. */
export type PolicyTarget = { kind: 'user'; userId: string } | { kind: 'key'; keyId: string };

/** The policy view of a request's principal: root, or a target whose policies apply. */
export function policyTarget(principal: Principal): PolicyTarget | 'root' {
  if (principal.role === 'player') return { kind: 'user', userId: principal.userId };
  if (principal.userId.startsWith('key:')) return { kind: 'key', keyId: principal.userId.slice(4) };
  return 'root';
}

/** A stable cache key of a target. */
export const targetKey = (target: PolicyTarget) => (target.kind === 'user' ? `user:${target.userId}` : `key:${target.keyId}`);
