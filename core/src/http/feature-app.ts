import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from './env';
import { InvalidRequest } from './problem';
import { roleOf } from './route-actions';

/**
 * The OpenAPI app one feature mounts its routes on (loaded with the feature, so zod and the
 * OpenAPI registry wait for the first request that needs them): a request that fails its route's
 * zod schemas answers 400 `invalid_request` with every issue. A route behind auth (its `security`
 * names a role) is documented with its path parameters but mounted without their validator: the
 * route's guard (`guardRoute`) checks them with the same schema before the policy, and hands the
 * route what it checked (`c.req.valid('param')`), so they are checked once.
 */
export function featureApp(): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const issues = result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
        throw new InvalidRequest(issues.map((issue) => `${issue.path || 'body'}: ${issue.message}`).join('; '), { issues });
      }
    },
  });
  const mount = app.openapi;
  app.openapi = ((config, handler, hook) => {
    const { middleware, hide, ...route } = config;
    if (hide || !route.request?.params || !roleOf(route.security)) return mount(config, handler, hook);
    app.openAPIRegistry.registerPath(route);
    const { params: _checkedByTheGuard, ...request } = route.request;
    return mount({ ...route, ...(middleware ? { middleware } : {}), hide: true, request }, handler, hook);
  }) as typeof app.openapi;
  return app;
}
