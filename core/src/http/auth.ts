import type { Context } from 'hono';
import type { Principal, TokenService } from './access-tokens';
import { Unauthorized } from './access-tokens';
import { KumoError } from '../ports/errors';
import type { AppEnv } from './env';
import { requestHeader } from './headers';
import { InvalidRequest } from './problem';
import { MAX_RESOURCE_CHARS, resourceOf, type RouteAction, type RouteActions, type RouteMatch } from './route-actions';

/** The principal lacks the role the route needs. */
export class Forbidden extends KumoError {
  constructor(message = 'not allowed') {
    super('forbidden', 'forbidden', message);
  }
}

/** What the auth middleware asks of accounts: whether a player still exists. */
export interface AccountDirectory {
  /** Whether the account exists (a token outliving its account is refused): `true` at once while known, else a promise. */
  isLive(userId: string): true | Promise<boolean>;
  /** Throws `NotFound` (code `user_not_found`) unless the user exists. */
  assertExists(userId: string): Promise<void>;
}

/** What the auth middleware asks of policies: may the principal do the action on the resource. */
export interface PolicyDecision {
  /** Resolves (with the decision, which the middleware does not read) if allowed; throws `Forbidden` if not. */
  authorize(principal: Principal, action: string, resource: string): Promise<unknown>;
  /** True if `authorize` would allow it, known without waiting; false if `authorize` must be asked (it may need a read, or it denies). */
  allowsFromCache(principal: Principal, action: string, resource: string): boolean;
}

/** What `guardRoute` and `guardUnknownRoute` check with. */
export interface AuthContext {
  tokens: TokenService;
  policies: PolicyDecision;
  accounts: AccountDirectory;
  routes: RouteActions;
  /** Loads a feature's routes (and so its path-parameter schemas); undefined once loaded. */
  features?: { ready(feature: string): Promise<unknown> | undefined };
}

/** The action checked for a request near a feature's routes that no route matches (`<feature>:NoSuchRoute`). */
export const NO_SUCH_ROUTE = 'NoSuchRoute';

/**
 * Verifies the bearer token, its role and that a player's account still exists; throws
 * `Unauthorized` or `Forbidden`. The principal at once when the account is known to be live, else
 * a promise of it.
 */
function authenticate(c: Context<AppEnv>, auth: AuthContext, role: Principal['role']): Principal | Promise<Principal> {
  const match = /^Bearer\s+(\S+)$/i.exec(requestHeader(c, 'authorization') ?? '');
  if (!match) throw new Unauthorized('send Authorization: Bearer <token>');
  const principal = auth.tokens.verify(match[1]!);
  if (principal.role !== role) throw new Forbidden(`this route needs a ${role} token`);
  if (role !== 'player') return principal;
  const live = auth.accounts.isLive(principal.userId);
  if (live === true) return principal;
  return live.then((exists) => {
    if (!exists) throw new Unauthorized('the account of this token no longer exists');
    return principal;
  });
}

/**
 * The route's path parameters, checked with the route's own schema before the policy sees the
 * resource they name (so no policy pattern is ever matched against a malformed or huge value);
 * what the schema gives is the route's validated `param` data, so the route does not check them again.
 */
function checkParams(c: Context<AppEnv>, found: RouteMatch | undefined, auth: AuthContext): void {
  const schema = found && auth.routes.paramsSchema(found.route);
  if (!schema) return;
  const checked = schema.safeParse(found.params);
  if (!checked.success) {
    const issues = checked.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
    throw new InvalidRequest(issues.map((issue) => `${issue.path}: ${issue.message}`).join('; '), { issues });
  }
  c.req.addValidatedData('param', checked.data as Record<string, unknown>);
}

/**
 * Checks the policy of the request's route (or, for a request no route matches, of the route it
 * comes nearest to), as `guardRoute` describes. Undefined when every step was answered from what
 * is known (a remembered token, a live account, a cached policy decision), else a promise.
 */
function authorize(c: Context<AppEnv>, auth: AuthContext, found: RouteMatch | undefined, route: RouteAction): Promise<void> | undefined {
  const principal = authenticate(c, auth, route.role!);
  if (principal instanceof Promise) return principal.then((known) => authorizeAs(c, auth, found, route, known));
  return authorizeAs(c, auth, found, route, principal);
}

/** `authorize` once the principal is known. */
function authorizeAs(c: Context<AppEnv>, auth: AuthContext, found: RouteMatch | undefined, route: RouteAction, principal: Principal): Promise<void> | undefined {
  c.set('principal', principal);
  const loading = found && auth.features?.ready(route.feature);
  if (loading) return loading.then(() => authorizeLoaded(c, auth, found, route, principal));
  return authorizeLoaded(c, auth, found, route, principal);
}

/** `authorize` once the route's feature (and so its path-parameter schema) is loaded. */
function authorizeLoaded(c: Context<AppEnv>, auth: AuthContext, found: RouteMatch | undefined, route: RouteAction, principal: Principal): Promise<void> | undefined {
  checkParams(c, found, auth);
  const action = found ? route.action : `${route.feature}:${NO_SUCH_ROUTE}`;
  const resource = resourceOf(route.feature, c.req.path, principal);
  if (resource.length > MAX_RESOURCE_CHARS) throw new InvalidRequest(`the request path is too long (a resource is at most ${MAX_RESOURCE_CHARS} characters)`, undefined, 'path_too_long');
  const allowed = auth.policies.allowsFromCache(principal, action, resource) ? undefined : auth.policies.authorize(principal, action, resource);
  const user = route.role === 'admin' && found?.params.userId;
  if (!allowed && !user) return void c.set('access', { action, resource });
  return (async () => {
    await allowed;
    c.set('access', { action, resource });
    if (user) await auth.accounts.assertExists(user);
  })();
}

/**
 * Auth and policy for one route, as its definition declares them: a route whose OpenAPI `security`
 * names a role (`[{ bearer: ['player'] }]`, `[{ bearer: ['admin'] }]`) requires a valid bearer
 * token of that role, puts its principal on the context, validates the route's path parameters,
 * and asks the policy service whether the principal may do the route's action on the request's
 * resource. Admin requests under `/v1/admin/users/<userId>/` that pass the policy answer 404
 * `user_not_found` for an unknown user. Undefined for a public operation (`security: []`), which
 * needs no check. `createApp` runs it in each route's own handler, before the route's code.
 */
export function guardRoute(auth: AuthContext, route: RouteAction): ((c: Context<AppEnv>) => Promise<void> | undefined) | undefined {
  if (!route.role) return undefined;
  return (c) => authorize(c, auth, { route, params: c.req.param() as Record<string, string> }, route);
}

/**
 * For a request no route answers, before the 404: checks it as `<feature>:NoSuchRoute` of the
 * feature whose routes it comes nearest to (see `RouteActions.nearest`), so a caller without a
 * token gets 401 and a principal without that permission 403, not a 404 that maps the routes.
 */
export async function guardUnknownRoute(c: Context<AppEnv>, auth: AuthContext): Promise<void> {
  const route = auth.routes.nearest(c.req.path);
  if (route?.role) await authorize(c, auth, undefined, route);
}
