import type { Principal } from './access-tokens';

/** Hono environment of the Kumo app: what middleware puts on the context. */
export interface AppEnv {
  Variables: {
    requestId: string;
    principal: Principal;
    /** The policy action and resource the request was authorized for. */
    access: { action: string; resource: string };
    /** The client's address (for per-client rate limits), as the app's `clientAddress` option reads it. */
    client: string;
    /** Set by the error mapper, read by the access log. */
    errorCode: string;
  };
}
