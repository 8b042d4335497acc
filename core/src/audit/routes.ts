import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../http/env';
import { adminBearer, jsonResponse, problems } from '../http/schemas';
import type { AuditTrail } from './audit-trail';

const ChangeSchema = z
  .object({ partition: z.string(), key: z.string(), before: z.record(z.string(), z.unknown()).optional(), after: z.record(z.string(), z.unknown()).optional() })
  .openapi('AuditChange');
const EntrySchema = z
  .object({
    id: z.string(),
    at: z.number().int(),
    actor: z.string().openapi({ description: "The operator's id, `key:<keyId>` for an API key, or `bootstrap` for the admin key" }),
    action: z.string(),
    resource: z.string(),
    method: z.string(),
    path: z.string(),
    status: z
      .number()
      .int()
      .optional()
      .openapi({ description: 'The answer, for an entry recorded after it (a write that changed no document); an entry committed with its change has none: the access log holds it under the request id' }),
    requestId: z.string(),
    idempotencyKey: z.string().optional(),
    changes: z.array(ChangeSchema),
    changesTruncated: z.boolean().optional(),
  })
  .openapi('AuditEntry');

const listAudit = createRoute({
  method: 'get',
  path: '/v1/admin/audit',
  operationId: 'listAuditEntries',
  tags: ['audit'],
  security: adminBearer,
  summary: 'The audit trail of admin writes, newest first (append-only: no route changes it)',
  request: { query: z.object({ limit: z.coerce.number().int().min(1).max(100).default(50), cursor: z.string().max(500).optional() }) },
  responses: { 200: jsonResponse('Audit entries', z.object({ entries: z.array(EntrySchema), cursor: z.string().optional() })), ...problems(400, 401, 403) },
});

/** The audit trail's one route: a paged read. */
export function auditRoutes(app: OpenAPIHono<AppEnv>, trail: AuditTrail): void {
  app.openapi(listAudit, async (c) => c.json(await trail.list(c.req.valid('query')), 200));
}
