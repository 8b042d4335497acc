import type { OpenAPIHono, z } from '@hono/zod-openapi';
import type { RouterRoute } from 'hono/types';
import { TrieRouter } from 'hono/router/trie-router';
import type { Principal } from './access-tokens';

/** The policy action of one route: `<feature>:<Action>`. */
export interface RouteAction {
  feature: string;
  action: string;
  method: string;
  /** Hono path, e.g. `/v1/wallet/:slot`. */
  path: string;
  /** The token role the route's OpenAPI `security` names (`[{ bearer: ['player'] }]`); absent on public operations. */
  role?: Principal['role'];
}

/** A request's route, with its path parameters. */
export interface RouteMatch {
  route: RouteAction;
  params: Record<string, string>;
}

/** Longest policy resource a request may name; longer paths are refused before the policy check. */
export const MAX_RESOURCE_CHARS = 1024;

/** The OpenAPI extension with which a route pins its policy action name (see `actionName`). */
export const PINNED_ACTION = 'x-kumo-action';

/** One entry of the OpenAPI registry. */
type Definition = OpenAPIHono['openAPIRegistry']['definitions'][number];

/** Path segments that only group routes (`v1`, `admin`): a path must share more than these with a route to be that route's feature's. */
const GROUPING_SEGMENTS = new Set(['v1', 'admin']);

/** The role a route's OpenAPI security requirement names, if any: `[{ bearer: ['admin'] }]` → admin; a bearer requirement naming no role → player. */
export function roleOf(security: ReadonlyArray<Record<string, string[]>> | undefined): Principal['role'] | undefined {
  const roles = security?.flatMap((requirement) => requirement.bearer ?? []);
  if (!roles || security?.length === 0) return undefined;
  return roles.includes('admin') ? 'admin' : 'player';
}

/** How many leading segments `path` shares with a route's Hono path (a `:param` segment matches any one). */
function sharedSegments(route: readonly string[], path: readonly string[]): number {
  let shared = 0;
  while (shared < route.length && shared < path.length && (route[shared]!.startsWith(':') || route[shared] === path[shared])) shared += 1;
  return shared;
}

const pascal = (word: string) => word.replace(/(^|[-_])([a-z0-9])/g, (_m, _sep, c: string) => c.toUpperCase());

/**
 * The action name of a route: the `x-kumo-action` it pins, else its OpenAPI `operationId` (first
 * letter upper-cased), else the method and the path's static segments after `/v1`, in PascalCase:
 * `POST /v1/wallet/{slot}/withdraw` → `PostWalletWithdraw`. A route pins its action when it gains
 * an operationId after policies may already name it, so existing policies keep their meaning.
 */
export function actionName(method: string, path: string, operationId?: string, pinned?: string): string {
  if (pinned) return pinned;
  if (operationId) return operationId.charAt(0).toUpperCase() + operationId.slice(1);
  const words = path.split('/').filter((segment) => segment && segment !== 'v1' && !segment.startsWith(':') && !segment.startsWith('{'));
  return pascal(method.toLowerCase()) + words.map(pascal).join('');
}

/**
 * The policy resource of a request: `kumo:<feature>:user/<owner>/<path>` when it acts on one
 * player's account, else `kumo:<feature>:<path>`. `<path>` is the request path after `/v1/` (and
 * after `admin/`). Player routes act on the caller's own account (owner = caller); admin routes
 * under `/v1/admin/users/<userId>/` act on that user's (owner = userId, and `users/<userId>/`
 * leaves the path). Examples: a player's `GET /v1/wallet/ios` → `kumo:wallet:user/<caller>/wallet/ios`;
 * `POST /v1/admin/users/U/wallet/ios/deposit` → `kumo:wallet:user/U/wallet/ios/deposit`;
 * `GET /v1/admin/jobs` → `kumo:jobs:jobs`.
 */
export function resourceOf(feature: string, path: string, principal: Principal): string {
  let rest = path.replace(/^\/v1\//, '').replace(/^admin\//, '');
  let owner: string | undefined;
  if (principal.role === 'player') owner = principal.userId;
  else {
    const user = /^users\/([^/]+)\/?(.*)$/.exec(rest);
    if (user) [, owner, rest] = user as unknown as [string, string, string];
  }
  return owner === undefined ? `kumo:${feature}:${rest}` : `kumo:${feature}:user/${owner}/${rest}`;
}

/** A path parameter as the handler sees it (percent-decoded when it decodes). */
function decodeParam(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** The routes one feature mounted, with their actions, and the path-parameter schemas they declare (keyed `METHOD path`). */
export interface FeatureRoutes {
  routes: RouteAction[];
  paramSchemas: Map<string, z.ZodType>;
}

/**
 * Names the handlers a feature just mounted (`routes`) by their OpenAPI definitions: each route's
 * action, its role, and the schema of its path parameters. Throws if an admin route is declared for players.
 */
export function describeFeatureRoutes(feature: string, routes: readonly RouterRoute[], definitions: readonly Definition[]): FeatureRoutes {
  const operationIds = new Map<string, string>();
  const pinnedActions = new Map<string, string>();
  const paramSchemas = new Map<string, z.ZodType>();
  const roles = new Map<string, Principal['role'] | undefined>();
  for (const definition of definitions) {
    if (definition.type !== 'route') continue;
    const id = `${definition.route.method.toUpperCase()} ${definition.route.path.replace(/\{([^}]+)\}/g, ':$1')}`;
    if (definition.route.operationId) operationIds.set(id, definition.route.operationId);
    const pinned: unknown = definition.route[PINNED_ACTION];
    if (typeof pinned === 'string') pinnedActions.set(id, pinned);
    if (definition.route.request?.params) paramSchemas.set(id, definition.route.request.params as z.ZodType);
    roles.set(id, roleOf(definition.route.security));
  }
  const described: RouteAction[] = [];
  const seen = new Set<string>();
  for (const { method, path } of routes) {
    const id = `${method} ${path}`;
    if (method === 'ALL' || seen.has(id)) continue;
    seen.add(id);
    const role = roles.get(id);
    const route: RouteAction = { feature, method, path, ...(role ? { role } : {}), action: `${feature}:${actionName(method, path, operationIds.get(id), pinnedActions.get(id))}` };
    if (path.startsWith('/v1/admin/') && route.role === 'player') throw new Error(`${id} is an admin route declared for players: give it security adminBearer`);
    described.push(route);
  }
  return { routes: described, paramSchemas };
}

/**
 * Every route's action, from the route table (`ROUTE_TABLE`, generated from what each feature
 * mounts), so the policy check covers each feature's routes before the feature's code is even
 * loaded. Path-parameter schemas arrive as each feature loads (`addParamSchemas`). `find` looks
 * requests up with Hono's trie router.
 */
export class RouteActions {
  private readonly routes: RouteAction[] = [];
  private readonly ids = new Set<string>();
  /** Each recorded route's path-parameter schema, once its feature is loaded. */
  private readonly paramSchemas = new Map<RouteAction, z.ZodType>();
  /** Built on the first `find` (the OpenAPI document's), not at cold start: requests reach their route through the app's own router. */
  private router?: TrieRouter<RouteAction>;

  constructor(table: readonly RouteAction[] = []) {
    for (const route of table) this.add(route);
  }

  /** Records one route's action; a route already recorded (same method and path) keeps its first action. */
  add(route: RouteAction): void {
    const id = `${route.method} ${route.path}`;
    if (this.ids.has(id)) return;
    this.ids.add(id);
    this.routes.push(route);
    this.router?.add(route.method, route.path, route);
  }

  /** Records the path-parameter schemas of a feature's routes once its code is loaded (keyed `METHOD path`, as `describeFeatureRoutes` returns them). */
  addParamSchemas(schemas: ReadonlyMap<string, z.ZodType>): void {
    for (const route of this.routes) {
      const schema = schemas.get(`${route.method} ${route.path}`);
      if (schema) this.paramSchemas.set(route, schema);
    }
  }

  /** The schema of a recorded route's path parameters (`route` as `list`, `nearest` or `find` give it), once its feature is loaded. */
  paramsSchema(route: RouteAction): z.ZodType | undefined {
    return this.paramSchemas.get(route);
  }

  /** The route a request goes to, if any (HEAD is looked up as GET), with its path parameters. */
  find(method: string, path: string): RouteMatch | undefined {
    if (!this.router) {
      this.router = new TrieRouter<RouteAction>();
      for (const route of this.routes) this.router.add(route.method, route.path, route);
    }
    const [matches] = this.router.match(method === 'HEAD' ? 'GET' : method, path);
    const found = matches[0] as [RouteAction, Record<string, string>] | undefined;
    if (!found) return undefined;
    const [route, raw] = found;
    const params: Record<string, string> = {};
    for (const name in raw) params[name] = decodeParam(raw[name]!);
    return { route, params };
  }

  /**
   * For a request no route matches, the route it comes nearest to: the one sharing the most leading
   * path segments beyond `/v1` and `/v1/admin` (`/v1/admin/jobs/q/dead-letterz` → the jobs
   * routes). Undefined when no route shares such a segment or the nearest belong to several features.
   */
  nearest(path: string): RouteAction | undefined {
    const segments = path.split('/').filter(Boolean);
    const grouping = segments.findIndex((segment) => !GROUPING_SEGMENTS.has(segment));
    let best: RouteAction[] = [];
    let most = grouping < 0 ? segments.length : grouping;
    for (const route of this.routes) {
      const shared = sharedSegments(route.path.split('/').filter(Boolean), segments);
      if (shared > most) [best, most] = [[route], shared];
      else if (shared === most && best.length > 0) best.push(route);
    }
    return best.every((route) => route.feature === best[0]!.feature) ? best[0] : undefined;
  }

  /** Every recorded route with its action. */
  list(): readonly RouteAction[] {
    return this.routes;
  }
}
