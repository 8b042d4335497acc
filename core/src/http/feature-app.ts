import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from './env';
import { InvalidRequest } from './problem';

/**
 * The OpenAPI app one feature mounts its routes on (loaded with the feature, so zod and the
 * OpenAPI registry wait for the first request that needs them): a request that fails its route's
 * zod schemas answers 400 `invalid_request` with every issue.
 */
export function featureApp(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const issues = result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
        throw new InvalidRequest(issues.map((issue) => `${issue.path || 'body'}: ${issue.message}`).join('; '), { issues });
      }
    },
  });
}
