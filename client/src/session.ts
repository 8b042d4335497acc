import type { components } from './generated/openapi';

/** What a player signs in with: keep it on the device (the secret is shown only at sign-up). */
export interface Credentials {
  userId: string;
  secret: string;
}

/** An access token and when it expires (ms since the epoch). */
export type AccessToken = components['schemas']['AccessToken'];

/** How a session gets a new token: logging in again with what it signed in with. */
export type SignIn = () => Promise<AccessToken>;

/** Renew the token this long before it expires, in ms. */
const RENEW_BEFORE_MS = 30_000;

/**
 * The client's signed-in state: the current token, who it belongs to and how to get a new one.
 * Concurrent renewals share one login call.
 */
export class Session {
  private current: AccessToken | undefined;
  private signIn: SignIn | undefined;
  private renewing: Promise<AccessToken> | undefined;
  /** The signed-in player's id (`admin` for an operator), if any. */
  userId: string | undefined;

  constructor(private readonly now: () => number = Date.now) {}

  /** Signs in with `signIn` and keeps it to renew the token later; a refused sign-in leaves the client signed out. */
  async start(userId: string, signIn: SignIn): Promise<AccessToken> {
    this.end();
    this.signIn = signIn;
    this.userId = userId;
    try {
      return await this.renew();
    } catch (error) {
      this.end();
      throw error;
    }
  }

  /** Forgets the token and the way to renew it. */
  end(): void {
    this.current = this.signIn = this.userId = this.renewing = undefined;
  }

  /** Whether the client is signed in. */
  get active(): boolean {
    return this.signIn !== undefined;
  }

  /** A token valid for a while yet (renewed first if it is about to expire), or undefined when signed out. */
  async token(): Promise<string | undefined> {
    if (!this.signIn) return undefined;
    if (!this.current || this.current.expiresAt - RENEW_BEFORE_MS <= this.now()) return (await this.renew()).token;
    return this.current.token;
  }

  /** Logs in again now (the server refused the current token), unless another call already did since `stale` was handed out. */
  async renewAfterRefusal(stale: string): Promise<string | undefined> {
    if (!this.signIn) return undefined;
    if (this.current && this.current.token !== stale) return this.current.token;
    return (await this.renew()).token;
  }

  private renew(): Promise<AccessToken> {
    const signIn = this.signIn;
    if (!signIn) return Promise.reject(new Error('not signed in'));
    if (this.renewing) return this.renewing;
    const renewing = signIn()
      .then((token) => {
        if (this.signIn === signIn) this.current = token;
        return token;
      })
      .finally(() => {
        if (this.renewing === renewing) this.renewing = undefined;
      });
    this.renewing = renewing;
    return renewing;
  }
}
