import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../http/env';
import { adminBearer, jsonBody, jsonResponse, problems } from '../http/schemas';
import { deadLetterQueueName } from '../ports/queue';
import { MAX_REPLAY, type DeadLetters } from './dead-letters';
import type { JobRunner } from './job-runner';

const QueueName = z.string().regex(/^[a-z0-9][a-z0-9-]{0,59}$/, 'a queue name is 1-60 of a-z, 0-9 and -').openapi({ example: 'kumo-mobile-push' });
const MessageId = z.string().regex(/^[\x21-\x7e]{1,200}$/, 'a message id is 1-200 printable ASCII characters');
const DeadLetterSchema = z.object({ id: z.string(), queue: z.string(), body: z.unknown(), deadAt: z.number().int() }).openapi('DeadLetter');
const tags = ['jobs'];

const listQueues = createRoute({
  method: 'get',
  path: '/v1/admin/jobs',
  operationId: 'listJobQueues',
  tags,
  security: adminBearer,
  summary: 'The job queues this backend handles, with their dead-letter queues',
  responses: { 200: jsonResponse('Queues', z.object({ queues: z.array(z.object({ name: z.string(), deadLetterQueue: z.string() })) })), ...problems(401, 403) },
});

const listDead = createRoute({
  method: 'get',
  path: '/v1/admin/jobs/{queue}/dead-letters',
  operationId: 'listDeadLetters',
  tags,
  security: adminBearer,
  summary: "Jobs that failed maxAttempts times (taken off the queue's dead-letter queue into a stable list)",
  request: { params: z.object({ queue: QueueName }), query: z.object({ limit: z.coerce.number().int().min(1).max(100).default(50), cursor: z.string().max(500).optional() }) },
  responses: { 200: jsonResponse('Dead letters', z.object({ deadLetters: z.array(DeadLetterSchema), cursor: z.string().optional() })), ...problems(400, 401, 403) },
});

const replay = createRoute({
  method: 'post',
  path: '/v1/admin/jobs/{queue}/dead-letters/replay',
  operationId: 'replayDeadLetters',
  tags,
  security: adminBearer,
  summary: `Send dead letters back to their queue: the given ids, or the first ${MAX_REPLAY}`,
  request: { params: z.object({ queue: QueueName }), body: jsonBody(z.object({ ids: z.array(MessageId).min(1).max(MAX_REPLAY).optional() })) },
  responses: { 200: jsonResponse('Replayed ids', z.object({ replayed: z.array(z.string()) })), ...problems(400, 401, 403, 404) },
});

const discard = createRoute({
  method: 'delete',
  path: '/v1/admin/jobs/{queue}/dead-letters/{id}',
  operationId: 'discardDeadLetter',
  tags,
  security: adminBearer,
  summary: 'Delete a dead letter without running it',
  request: { params: z.object({ queue: QueueName, id: MessageId }) },
  responses: { 204: { description: 'Deleted' }, ...problems(400, 401, 403, 404) },
});

/** Admin routes of the job queues' dead-letter lists. */
export function jobRoutes(app: OpenAPIHono<AppEnv>, runner: JobRunner, deadLetters: DeadLetters): void {
  app.openapi(listQueues, (c) => c.json({ queues: runner.queues().map((name) => ({ name, deadLetterQueue: deadLetterQueueName(name) })) }, 200));
  app.openapi(listDead, async (c) => c.json(await deadLetters.list(c.req.valid('param').queue, c.req.valid('query')), 200));
  app.openapi(replay, async (c) => c.json({ replayed: await deadLetters.replay(c.req.valid('param').queue, c.req.valid('json').ids) }, 200));
  app.openapi(discard, async (c) => {
    const { queue, id } = c.req.valid('param');
    await deadLetters.discard(queue, id);
    return c.body(null, 204);
  });
}
