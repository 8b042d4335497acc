import type { z } from '@hono/zod-openapi';
import type { PolicyDocumentSchema, PolicyStatementSchema } from './policy-schemas';

/** The only policy language version Kumo reads (IAM's current one). */
export const POLICY_VERSION = '2012-10-17';

/** Variables a Resource pattern may use; `${kumo:userId}` is the caller's user id. */
export const POLICY_VARIABLES = ['${kumo:userId}'] as const;

/** Largest policy document, in characters of its JSON (IAM's managed-policy limit). */
export const MAX_POLICY_CHARS = 6144;

/** A validated policy document. */
export type PolicyDocument = z.infer<typeof PolicyDocumentSchema>;

/** A validated statement. */
export type PolicyStatement = z.infer<typeof PolicyStatementSchema>;

/** The built-in policy every player has: players act on anything under their own account. Admins may replace it. */
export const DEFAULT_PLAYER_POLICY = 'kumo-default-player';

/** The document of the built-in player policy, used until an admin stores another under its name. */
export const DEFAULT_PLAYER_DOCUMENT: PolicyDocument = {
  Version: POLICY_VERSION,
  Statement: [{ Sid: 'PlayersActOnTheirOwnAccount', Effect: 'Allow', Action: '*', Resource: 'kumo:*:user/${kumo:userId}/*' }],
};
