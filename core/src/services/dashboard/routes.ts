import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/env';
import { ROUTE_STATS_WINDOW_SECONDS } from '../../http/route-stats';
import { adminBearer, jsonResponse, problems } from '../../http/schemas';
import type { Dashboard } from './dashboard';

const RouteFiguresSchema = z
  .object({
    route: z.string().openapi({ example: 'POST /v1/users/:userId/wallet/withdrawals' }),
    requests: z.number().int(),
    perSecond: z.number(),
    errors: z.number().int(),
    errorRate: z.number(),
    p50Ms: z.number(),
    p99Ms: z.number(),
  })
  .openapi('RouteFigures');

const DashboardSchema = z
  .object({
    at: z.number().int(),
    windowSeconds: z.number().int(),
    routes: z.array(RouteFiguresSchema),
    series: z.array(z.object({ second: z.number().int(), requests: z.number().int(), errors: z.number().int() })),
    hotKeys: z.object({
      accesses: z.number().int(),
      top: z.array(z.object({ key: z.string(), count: z.number().int(), error: z.number().int(), share: z.number() })),
    }),
    queues: z.array(z.object({ name: z.string(), depth: z.number().int().nullable(), deadLetters: z.number().int() })),
  })
  .openapi('Dashboard');

const readDashboard = createRoute({
  method: 'get',
  path: '/v1/admin/dashboard',
  operationId: 'readDashboard',
  tags: ['dashboard'],
  security: adminBearer,
  summary: "This server's live figures: requests per second, error rate and p50/p99 per route over the window, the busiest documents, job queue depth and dead letters",
  request: {
    query: z.object({
      windowSeconds: z.coerce.number().int().min(1).max(ROUTE_STATS_WINDOW_SECONDS).default(60),
      hotKeys: z.coerce.number().int().min(1).max(50).default(10),
    }),
  },
  responses: { 200: jsonResponse('Live figures', DashboardSchema), ...problems(400, 401, 403) },
});

/** The operations dashboard's admin route. */
export function dashboardRoutes(app: OpenAPIHono<AppEnv>, dashboard: Dashboard): void {
  app.openapi(readDashboard, async (c) => {
    const { windowSeconds, hotKeys } = c.req.valid('query');
    return c.json(await dashboard.read(windowSeconds, hotKeys), 200);
  });
}
