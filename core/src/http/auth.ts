import type { Context, MiddlewareHandler } from 'hono';
import type { Principal, TokenService } from '../services/account/tokens';
import { Unauthorized } from '../services/account/tokens';
import { KumoError } from '../ports/errors';
import type { PolicyService } from '../policy/policy-service';
import type { AppEnv } from './env';
import { resourceOf, type RouteActions } from './route-actions';

/** The principal lacks the role the route needs. */
export class Forbidden extends KumoError {
  constructor(message = 'not allowed') {
    super('forbidden', 'forbidden', message);
  }
}

/** Verifies the bearer token and its role; throws `Unauthorized` or `Forbidden`. */
async function authenticate(c: Context<AppEnv>, tokens: TokenService, role: Principal['role']): Promise<Principal> {
  const match = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '');
  if (!match) throw new Unauthorized('send Authorization: Bearer <token>');
  const principal = await tokens.verify(match[1]!);
  if (principal.role !== role) throw new Forbidden(`this route needs a ${role} token`);
  return principal;
}

/**
 * Auth, then the policy check: requires a valid bearer token of the given role, puts its
 * principal on the context, and asks the policy service whether the principal may do the
 * route's action (from `routes`) on the request's resource. Features mount it with
 * `app.use(path, player | admin)`; where two such middleware cover one path, both check the token
 * and role but the policy is evaluated once.
 */
export function requireRole(tokens: TokenService, policies: PolicyService, routes: RouteActions, role: Principal['role']): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const principal = await authenticate(c, tokens, role);
    c.set('principal', principal);
    const route = c.get('access') ? undefined : routes.find(c.req.method, c.req.path);
    if (route) {
      const resource = resourceOf(route.feature, c.req.path, principal);
      await policies.authorize(principal, route.action, resource);
      c.set('access', { action: route.action, resource });
    }
    await next();
  };
}
