import type { Principal } from '../services/account/tokens';

/** Hono environment of the Kumo app: what middleware puts on the context. */
export interface AppEnv {
  Variables: {
    requestId: string;
    principal: Principal;
    /** Set by the error mapper, read by the access log. */
    errorCode: string;
  };
}
