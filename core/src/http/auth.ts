import type { Context, MiddlewareHandler } from 'hono';
import type { Principal, TokenService } from './access-tokens';
import { Unauthorized } from './access-tokens';
import { KumoError } from '../ports/errors';
import type { AppEnv } from './env';
import { InvalidRequest } from './problem';
import { MAX_RESOURCE_CHARS, resourceOf, type RouteActions } from './route-actions';

/** The principal lacks the role the route needs. */
export class Forbidden extends KumoError {
  constructor(message = 'not allowed') {
    super('forbidden', 'forbidden', message);
  }
}

/** What the auth middleware asks of accounts: whether a player still exists. */
export interface AccountDirectory {
  /** Whether the account exists (a token outliving its account is refused). */
  isLive(userId: string): Promise<boolean>;
  /** Throws `NotFound` (code `user_not_found`) unless the user exists. */
  assertExists(userId: string): Promise<void>;
}

/** What the auth middleware asks of policies: may the principal do the action on the resource. */
export interface PolicyDecision {
  /** Resolves (with the decision, which the middleware does not read) if allowed; throws `Forbidden` if not. */
  authorize(principal: Principal, action: string, resource: string): Promise<unknown>;
}

/** What `requireRole` checks with. */
export interface AuthContext {
  tokens: TokenService;
  policies: PolicyDecision;
  accounts: AccountDirectory;
  routes: RouteActions;
  /** The feature that mounts the middleware: names the action of a request no route matches. */
  feature: string;
}

/** The action checked for a request under a feature's prefix that no route matches (`<feature>:NoSuchRoute`). */
export const NO_SUCH_ROUTE = 'NoSuchRoute';

/** Verifies the bearer token, its role and that a player's account still exists; throws `Unauthorized` or `Forbidden`. */
async function authenticate(c: Context<AppEnv>, auth: AuthContext, role: Principal['role']): Promise<Principal> {
  const match = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '');
  if (!match) throw new Unauthorized('send Authorization: Bearer <token>');
  const principal = await auth.tokens.verify(match[1]!);
  if (principal.role !== role) throw new Forbidden(`this route needs a ${role} token`);
  if (role === 'player' && !(await auth.accounts.isLive(principal.userId))) throw new Unauthorized('the account of this token no longer exists');
  return principal;
}

/**
 * The route's path parameters, checked with the route's own schema before the policy sees the
 * resource they name (so no policy pattern is ever matched against a malformed or huge value).
 */
function checkParams(c: Context<AppEnv>, auth: AuthContext): ReturnType<RouteActions['find']> {
  const found = auth.routes.find(c.req.method, c.req.path);
  const checked = found?.paramsSchema?.safeParse(found.params);
  if (checked && !checked.success) {
    const issues = checked.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
    throw new InvalidRequest(issues.map((issue) => `${issue.path}: ${issue.message}`).join('; '), { issues });
  }
  return found;
}

/**
 * Auth, then the policy check: requires a valid bearer token of the given role, puts its
 * principal on the context, validates the route's path parameters, and asks the policy service
 * whether the principal may do the route's action on the request's resource. A request no route
 * matches is checked as `<feature>:NoSuchRoute`, so a principal without that permission gets 403,
 * not a 404 that maps the routes. Admin requests under `/v1/admin/users/<userId>/` that pass
 * the policy answer 404 `user_not_found` for an unknown user. Features mount it with
 * `app.use(path, player | admin)`; where two such middleware cover one path, both check the token
 * and role but the rest runs once.
 */
export function requireRole(auth: AuthContext, role: Principal['role']): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const principal = await authenticate(c, auth, role);
    c.set('principal', principal);
    if (!c.get('access')) {
      const found = checkParams(c, auth);
      const feature = found?.route.feature ?? auth.feature;
      const action = found?.route.action ?? `${auth.feature}:${NO_SUCH_ROUTE}`;
      const resource = resourceOf(feature, c.req.path, principal);
      if (resource.length > MAX_RESOURCE_CHARS) throw new InvalidRequest(`the request path is too long (a resource is at most ${MAX_RESOURCE_CHARS} characters)`, undefined, 'path_too_long');
      await auth.policies.authorize(principal, action, resource);
      c.set('access', { action, resource });
      const user = role === 'admin' && found?.params.userId;
      if (user) await auth.accounts.assertExists(user);
    }
    await next();
  };
}
