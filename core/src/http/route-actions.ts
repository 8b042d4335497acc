import type { OpenAPIHono, z } from '@hono/zod-openapi';
import type { RouterRoute } from 'hono/types';
import { TrieRouter } from 'hono/router/trie-router';
import type { Principal } from '../services/account/tokens';

/** The policy action of one route: `<feature>:<Action>`. */
export interface RouteAction {
  feature: string;
  action: string;
  method: string;
  /** Hono path, e.g. `/v1/wallet/:slot`. */
  path: string;
}

/** A request's route, with its path parameters and their schema (if the route declares one). */
export interface RouteMatch {
  route: RouteAction;
  params: Record<string, string>;
  paramsSchema?: z.ZodType;
}

/** Longest policy resource a request may name; longer paths are refused before the policy check. */
export const MAX_RESOURCE_CHARS = 1024;

/** The OpenAPI extension with which a route pins its policy action name (see `actionName`). */
export const PINNED_ACTION = 'x-kumo-action';

/** One entry of the OpenAPI registry. */
type Definition = OpenAPIHono['openAPIRegistry']['definitions'][number];

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

/**
 * Every route's action, recorded per feature as `createApp` mounts it, so the policy check covers
 * each feature's routes without the feature doing anything. Looks requests up with Hono's router.
 */
export class RouteActions {
  private readonly router = new TrieRouter<RouteAction>();
  private readonly routes: RouteAction[] = [];
  private readonly paramSchemas = new Map<RouteAction, z.ZodType>();

  /** Records the handlers a feature just mounted (`routes`), named by their OpenAPI definitions. */
  addFeature(feature: string, routes: readonly RouterRoute[], definitions: readonly Definition[]): void {
    const operationIds = new Map<string, string>();
    const pinnedActions = new Map<string, string>();
    const paramSchemas = new Map<string, z.ZodType>();
    for (const definition of definitions) {
      if (definition.type !== 'route') continue;
      const id = `${definition.route.method.toUpperCase()} ${definition.route.path.replace(/\{([^}]+)\}/g, ':$1')}`;
      if (definition.route.operationId) operationIds.set(id, definition.route.operationId);
      const pinned: unknown = definition.route[PINNED_ACTION];
      if (typeof pinned === 'string') pinnedActions.set(id, pinned);
      if (definition.route.request?.params) paramSchemas.set(id, definition.route.request.params as z.ZodType);
    }
    for (const { method, path } of routes) {
      if (method === 'ALL' || this.router.match(method, path)[0].some(([route]) => (route as RouteAction).path === path)) continue;
      const route = { feature, method, path, action: `${feature}:${actionName(method, path, operationIds.get(`${method} ${path}`), pinnedActions.get(`${method} ${path}`))}` };
      this.router.add(method, path, route);
      this.routes.push(route);
      const schema = paramSchemas.get(`${method} ${path}`);
      if (schema) this.paramSchemas.set(route, schema);
    }
  }

  /** The route a request goes to, if any (HEAD is looked up as GET), with its path parameters. */
  find(method: string, path: string): RouteMatch | undefined {
    const [matches] = this.router.match(method === 'HEAD' ? 'GET' : method, path);
    const found = matches[0] as [RouteAction, Record<string, string>] | undefined;
    if (!found) return undefined;
    const [route, raw] = found;
    const params = Object.fromEntries(Object.entries(raw).map(([name, value]) => [name, decodeParam(value)]));
    return { route, params, paramsSchema: this.paramSchemas.get(route) };
  }

  /** Every recorded route with its action. */
  list(): readonly RouteAction[] {
    return this.routes;
  }
}
