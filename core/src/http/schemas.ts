import { z } from '@hono/zod-openapi';

/** OpenAPI schema of the problem body every error response carries. */
export const ProblemSchema = z
  .object({
    status: z.number().int(),
    code: z.string().openapi({ example: 'insufficient_funds' }),
    message: z.string(),
    requestId: z.string().optional(),
    details: z.record(z.string(), z.unknown()).optional(),
  })
  .openapi('Problem');

/** Error responses a route may document. */
export function problems(...statuses: Array<400 | 401 | 403 | 404 | 409 | 413 | 429>) {
  const descriptions = { 400: 'Invalid input', 401: 'Missing or invalid token', 403: 'Not allowed', 404: 'Not found', 409: 'Conflict with the current state', 413: 'Too large', 429: 'Too many attempts: retry after the Retry-After header\'s seconds' };
  return Object.fromEntries(
    statuses.map((status) => [status, { description: descriptions[status], content: { 'application/problem+json': { schema: ProblemSchema } } }]),
  ) as Record<(typeof statuses)[number], { description: string; content: { 'application/problem+json': { schema: typeof ProblemSchema } } }>;
}

/** A JSON request body. */
export function jsonBody<T extends z.ZodType>(schema: T) {
  return { required: true, content: { 'application/json': { schema } } };
}

/** A JSON success response. */
export function jsonResponse<T extends z.ZodType>(description: string, schema: T) {
  return { description, content: { 'application/json': { schema } } };
}

/** User ids as issued by the Ids port. */
export const UserIdSchema = z.string().regex(/^[0-9a-z]{26}$/, 'a user id is 26 lowercase letters and digits').openapi({ example: '01jf3d0q9x8y7z6w5v4u3t2s1r' });

/** The security requirement of player routes: a player's bearer token (OpenAPI 3.1 lets the list name the role). */
export const bearer = [{ bearer: ['player'] }];

/** The security requirement of admin routes: an admin token (the root admin's or an API key's). */
export const adminBearer = [{ bearer: ['admin'] }];

/** The security requirement of public operations (sign-up, sign-in, store notifications): none. */
export const publicOperation: Array<Record<string, string[]>> = [];
