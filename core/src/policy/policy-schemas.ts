import { z } from '@hono/zod-openapi';
import { MAX_POLICY_CHARS, POLICY_VARIABLES, POLICY_VERSION } from './policy-document';

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

/** Policy names: IAM's characters, 1-128 long. */
export const PolicyNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9+=,.@_-]{1,128}$/, 'a policy name is 1-128 of letters, digits and +=,.@_-')
  .openapi({ example: 'ban-chat' });
