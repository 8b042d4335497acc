import type { Principal } from '../http/access-tokens';

/** Partition of API key records (one document per key, its attached policies inside). */
export const API_KEY_PARTITION = 'apikeys';

/** Key of an API key's record. */
export const apiKeyDocKey = (keyId: string) => `key:${keyId}`;

/** Principal user id carried by tokens issued for an API key. */
export const apiKeyUserId = (keyId: string) => `key:${keyId}`;

/** Partition of operator accounts (one document per operator, its roles inside as attached policies). */
export const OPERATOR_PARTITION = 'operators';

/** Key of an operator's record. */
export const operatorDocKey = (operatorId: string) => `operator:${operatorId}`;

/** Principal user id carried by tokens issued to an operator. */
export const operatorUserId = (operatorId: string) => `operator:${operatorId}`;

/** The admin-key holder's principal user id (the bootstrap operator: policies do not restrict it). */
export const ROOT_USER_ID = 'admin';

/** Who policies are attached to: a player, an API key of a server-to-server caller, or an operator (their roles). */
export type PolicyTarget = { kind: 'user'; userId: string } | { kind: 'key'; keyId: string } | { kind: 'operator'; operatorId: string };

/** The policy view of a request's principal: root, or a target whose policies apply. */
export function policyTarget(principal: Principal): PolicyTarget | 'root' {
  if (principal.role === 'player') return { kind: 'user', userId: principal.userId };
  if (principal.userId.startsWith('key:')) return { kind: 'key', keyId: principal.userId.slice(4) };
  if (principal.userId.startsWith('operator:')) return { kind: 'operator', operatorId: principal.userId.slice(9) };
  return 'root';
}

/** Who did an admin request, as the audit trail names them: an operator's id, `key:<keyId>`, or `bootstrap` (the admin key). */
export function actorOf(principal: Principal): string {
  const target = policyTarget(principal);
  if (target === 'root') return 'bootstrap';
  if (target.kind === 'operator') return target.operatorId;
  return principal.userId;
}

/** A stable cache key of a target. */
export const targetKey = (target: PolicyTarget) => {
  if (target.kind === 'user') return `user:${target.userId}`;
  return target.kind === 'key' ? `key:${target.keyId}` : `operator:${target.operatorId}`;
};
