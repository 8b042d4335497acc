import createClient, { type Client } from 'openapi-fetch';
import { KumoClientError } from './api-error';
import { authorizedFetch } from './authorized-fetch';
import type { paths } from './generated/openapi';
import { idempotencyKeys, problemErrors } from './middleware';
import { mqttLink } from './push/mqtt-link';
import { KumoPush } from './push/push-client';
import { webSocketLink, type WebSocketConstructor } from './push/websocket-link';
import type { Backoff } from './backoff';
import { retryingFetch, type FetchLike, type RetryOptions } from './retrying-fetch';
import { Session, type Credentials } from './session';
import { typedMethods, type KumoMethods } from './typed-methods';

/** Options of `createKumoClient`. */
export interface KumoClientOptions {
  /** The API's base URL, e.g. `http://127.0.0.1:8080`. */
  baseUrl: string;
  /** The `fetch` to use (default: the global one). */
  fetch?: FetchLike;
  /** Automatic retries of calls safe to repeat (default: 3 attempts, 200 ms backoff). */
  retry?: RetryOptions;
  /** The WebSocket class for push (default `globalThis.WebSocket`; on Node 20 pass `WebSocket` from `ws`). */
  webSocket?: WebSocketConstructor;
  /** Delays between push reconnection attempts (default 500 ms doubling up to 30 s). */
  pushBackoff?: Backoff;
}

/** Signing in: the client keeps the token, renews it before it expires and after a 401. */
export interface KumoAuth {
  /** Creates an anonymous player account and logs in; keep the returned credentials to log in later. */
  signUp(): Promise<Credentials>;
  /** Logs in as a player. */
  logIn(credentials: Credentials): Promise<void>;
  /** Signs in with the admin key (admin routes; the key is meant for bootstrap: creating the first operators). */
  adminSignIn(adminKey: string): Promise<void>;
  /** Signs in as a named operator with its password (admin routes its roles allow). */
  operatorSignIn(operatorId: string, password: string): Promise<void>;
  /** Leaves push (presence offline) and forgets the token. */
  signOut(): Promise<void>;
  /** The signed-in player's id (`admin` with the admin key, `operator:<id>` for an operator), if any. */
  readonly userId: string | undefined;
  /** A valid access token (renewed if about to expire), or undefined when signed out. */
  token(): Promise<string | undefined>;
}

/** A Kumo API client: every operation typed (`GET`, `POST`, ...), sign-in, and live push. */
export interface KumoClient extends KumoMethods {
  auth: KumoAuth;
  push: KumoPush;
  /** The underlying openapi-fetch client (answers `{ data, response }`; errors still throw `KumoApiError`). */
  raw: Client<paths>;
}

/**
 * Creates a client of the Kumo API at `baseUrl`. Calls resolve to the response body and throw
 * `KumoApiError` on an error answer; spending calls get an `Idempotency-Key` (kept across the
 * automatic retries); the token is sent, renewed and refreshed by logging in again on a 401.
 */
export function createKumoClient(options: KumoClientOptions): KumoClient {
  const session = new Session();
  const transport = retryingFetch(options.fetch ?? ((request) => globalThis.fetch(request)), options.retry);
  const plain = createClient<paths>({ baseUrl: options.baseUrl, fetch: transport });
  const raw = createClient<paths>({ baseUrl: options.baseUrl, fetch: authorizedFetch(transport, session) });
  for (const client of [plain, raw]) client.use(idempotencyKeys, problemErrors);
  const anonymous = typedMethods(plain);
  const methods = typedMethods(raw);

  const websocket = webSocketLink(options.webSocket ?? (globalThis.WebSocket as WebSocketConstructor | undefined));
  const push = new KumoPush({
    negotiate() {
      if (!session.active) throw new KumoClientError('sign in before connecting to push');
      return methods.GET('/v1/push/connection');
    },
    async token(refused) {
      const token = refused ? await session.renewAfterRefusal(refused) : await session.token();
      if (!token) throw new KumoClientError('sign in before connecting to push');
      return token;
    },
    links: { websocket, webpubsub: websocket, mqtt: mqttLink },
    backoff: options.pushBackoff,
  });
  const auth: KumoAuth = {
    async signUp() {
      const { userId, secret } = await anonymous.POST('/v1/accounts');
      await auth.logIn({ userId, secret });
      return { userId, secret };
    },
    async logIn(credentials) {
      await session.start(credentials.userId, () => anonymous.POST('/v1/auth/login', { body: credentials }));
    },
    async adminSignIn(adminKey) {
      await session.start('admin', () => anonymous.POST('/v1/admin/auth', { body: { adminKey } }));
    },
    async operatorSignIn(operatorId, password) {
      await session.start(`operator:${operatorId}`, () => anonymous.POST('/v1/auth/operator', { body: { operatorId, password } }));
    },
    async signOut() {
      await push.disconnect();
      session.end();
    },
    get userId() {
      return session.userId;
    },
    token: () => session.token(),
  };

  return { ...methods, auth, push, raw };
}
