import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from './env';
import type { RouteActions } from './route-actions';

/** What the document is built from: every feature's OpenAPI app, loaded in mounting order. */
export interface FeatureApps {
  loadAll(): Promise<ReadonlyArray<{ app: OpenAPIHono<AppEnv> }>>;
}

/** What the document says of each tag (the features and the admin surface). */
const TAGS: Record<string, string> = {
  account: 'Anonymous accounts and sign-in',
  admin: 'The admin token. Operator operations sit under their feature and require `bearer` with the `admin` scope: an admin token, or an API key whose policies allow the action',
  wallet: 'Premium currency, paid and free apart, with a receipt for every change',
  purchases: 'App Store and Google Play purchases, verified and credited once; refunds',
  inventory: 'Item catalog, holdings and purchases with currency',
  stamina: 'Stamina that recovers over time',
  inbox: 'Gifts and notices, read once',
  matchmaking: 'Gatherings found or created by attributes; a push when matched',
  chat: 'Rooms, messages and subscriptions with push fan-out',
  leaderboard: 'Scores and rankings that hold under hot keys',
  devices: 'Mobile push tokens',
  policy: 'IAM-style policies and API keys',
  operators: 'Named operators whose roles are policies, and their sign-in (admin token)',
  audit: 'The append-only trail of admin writes (admin token)',
  jobs: 'Queues and dead letters',
  dashboard: "Live figures of the serving instance: rate, errors and latency per route, hot keys, job backlog",
};

const DESCRIPTION = [
  'Kumo: a portable, serverless game backend. Errors are `application/problem+json` with a',
  'machine-readable `code`. Spending calls take an `Idempotency-Key` header: the same key and body',
  'answer the first response again; the same key with another body answers 409. Each operation',
  'names the policy action it is checked against (`x-kumo-action`).',
].join(' ');

const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } });
/** The answers of the body-limit and content-type checks, which run before any route. */
const BODY_ERRORS = { 413: problem('The body is over the size or nesting limit'), 415: problem('The body is not `application/json`') };

type Operation = { requestBody?: unknown; responses?: Record<string, unknown>; 'x-kumo-action'?: string };

/**
 * The handler of `/openapi.json`: the OpenAPI 3.1 document of every route, built on first request
 * (never at cold start: it loads every feature's routes) and kept. Beyond what the routes declare, every operation with a body
 * documents the 413 and 415 the app's middleware answers, and every operation names its policy
 * action (`x-kumo-action`, as `RouteActions` records it).
 */
export function serveOpenApiDocument(features: FeatureApps, actions: RouteActions): () => Promise<unknown> {
  let document: Promise<unknown> | undefined;
  return () => {
    if (!document) {
      document = build(features, actions);
      // A failed build is tried again by the next request.
      document.catch(() => (document = undefined));
    }
    return document;
  };
}

async function build(features: FeatureApps, actions: RouteActions): Promise<unknown> {
  const [{ featureApp }, loaded] = await Promise.all([import('./feature-app'), features.loadAll()]);
  const app = featureApp();
  // `route` adds the feature app's OpenAPI definitions to the document's.
  for (const feature of loaded) app.route('/', feature.app);
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  const document = app.getOpenAPI31Document({
    openapi: '3.1.0',
    info: { title: 'Kumo game backend', version: '0.1.0', description: DESCRIPTION, license: { name: 'MIT', url: 'https://opensource.org/license/mit' } },
    servers: [{ url: '/', description: 'This deployment' }],
  });
  const used = new Set<string>();
  for (const [path, methods] of Object.entries(document.paths ?? {})) {
    for (const [method, operation] of Object.entries(methods as Record<string, Operation>)) {
      const route = actions.find(method.toUpperCase(), path.replace(/\{([^}]+)\}/g, ':$1'));
      if (route) operation['x-kumo-action'] = route.route.action;
      if (operation.requestBody) operation.responses = { ...operation.responses, ...BODY_ERRORS };
      for (const tag of (operation as { tags?: string[] }).tags ?? []) used.add(tag);
    }
  }
  document.tags = [...used].sort().map((name) => ({ name, description: TAGS[name] ?? name }));
  return document;
}
