import { z } from '@hono/zod-openapi';

/** The only policy language version Kumo reads (IAM's current one). */
export const POLICY_VERSION = '2012-10-17';

/** Variables a Resource pattern may use; `${kumo:userId}` is the caller's user id. */
export const POLICY_VARIABLES = ['${kumo:userId}'] as const;

/** Largest policy document, in characters of its JSON (IAM's managed-policy limit). */
export const MAX_POLICY_CHARS = 6144;

const ACTION = /^(\*|[a-z*?][a-z0-9*?-]*:[A-Za-z0-9*?]+)$/;
const RESOURCE = /^(\*|kumo:[\x21-\x7e]*)$/;
const VARIABLE = /\$\{[^}]*\}/g;

const oneOrMany = <T extends z.ZodType>(item: T) => z.union([item, z.array(item).min(1).max(50)]);

const Action = z.string().max(128).regex(ACTION, 'an action is "*" or "<feature>:<Action>", with * and ? wildcards (e.g. wallet:*)');
const Resource = z
  .string()
  .max(512)
  .regex(RESOURCE, 'a resource is "*" or starts with "kumo:" (printable ASCII, no spaces)')
  .refine((value) => (value.match(VARIABLE) ?? []).every((v) => (POLICY_VARIABLES as readonly string[]).includes(v)), {
    message: `the only variable is ${POLICY_VARIABLES.join(', ')}`,
  });

/** One statement: an effect on actions and resources. Unknown keys are refused, so a typo never widens access. */
export const PolicyStatementSchema = z
  .strictObject({
    Sid: z.string().regex(/^[A-Za-z0-9]{1,64}$/, 'a Sid is 1-64 letters and digits').optional(),
    Effect: z.enum(['Allow', 'Deny']),
    Action: oneOrMany(Action),
    Resource: oneOrMany(Resource),
  })
  .openapi('PolicyStatement');

/** An IAM-style policy document, e.g. `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"chat:*","Resource":"*"}]}`. */
export const PolicyDocumentSchema = z
  .strictObject({
    Version: z.literal(POLICY_VERSION),
    Statement: z.array(PolicyStatementSchema).min(1).max(20),
  })
  .superRefine((document, context) => {
    const seen = new Set<string>();
    document.Statement.forEach((statement, index) => {
      if (statement.Sid === undefined) return;
      if (seen.has(statement.Sid)) context.addIssue({ code: 'custom', path: ['Statement', index, 'Sid'], message: `duplicate Sid ${statement.Sid}` });
      seen.add(statement.Sid);
    });
    if (JSON.stringify(document).length > MAX_POLICY_CHARS) context.addIssue({ code: 'custom', path: [], message: `a policy document is at most ${MAX_POLICY_CHARS} characters` });
  })
  .openapi('PolicyDocument');

/** A validated policy document. */
export type PolicyDocument = z.infer<typeof PolicyDocumentSchema>;

/** A validated statement. */
export type PolicyStatement = z.infer<typeof PolicyStatementSchema>;

/** Policy names: IAM's characters, 1-128 long. */
export const PolicyNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9+=,.@_-]{1,128}$/, 'a policy name is 1-128 of letters, digits and +=,.@_-')
  .openapi({ example: 'ban-chat' });

/** The built-in policy every player has: players act on anything under their own account. Admins may replace it. */
export const DEFAULT_PLAYER_POLICY = 'kumo-default-player';

/** The document of the built-in player policy, used until an admin stores another under its name. */
export const DEFAULT_PLAYER_DOCUMENT: PolicyDocument = {
  Version: POLICY_VERSION,
  Statement: [{ Sid: 'PlayersActOnTheirOwnAccount', Effect: 'Allow', Action: '*', Resource: 'kumo:*:user/${kumo:userId}/*' }],
};
