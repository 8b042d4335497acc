import { Unauthorized } from '../../http/access-tokens';
import { InvalidCredentials } from './account-service';
import type { RateLimiter, RateRule } from './rate-limiter';

/** The rate limits on signing in and signing up (each `{ limit, windowMs }`). */
export interface SignInLimitSettings {
  /** Wrong admin keys per client; past it, even the right key waits. */
  adminAuthFailuresPerClient: Omit<RateRule, 'name'>;
  /** Login attempts per client (each costs a deliberately slow hash). */
  loginsPerClient: Omit<RateRule, 'name'>;
  /** Failed logins per account (from anywhere). */
  loginFailuresPerAccount: Omit<RateRule, 'name'>;
  /** New accounts per client. */
  accountsPerClient: Omit<RateRule, 'name'>;
}

const MINUTE = 60_000;

/** Defaults: 10 wrong admin keys / 10 min per client, 120 logins / min per client, 20 failed logins / 10 min per account, 30 accounts / min per client. */
export const DEFAULT_SIGN_IN_LIMITS: SignInLimitSettings = {
  adminAuthFailuresPerClient: { limit: 10, windowMs: 10 * MINUTE },
  loginsPerClient: { limit: 120, windowMs: MINUTE },
  loginFailuresPerAccount: { limit: 20, windowMs: 10 * MINUTE },
  accountsPerClient: { limit: 30, windowMs: MINUTE },
};

/**
 * Rate limits around admin auth, login and account creation, counted in the Store (per client
 * address and per account), so floods get 429 with `Retry-After` instead of burning CPU on hashes.
 */
export class SignInLimits {
  private readonly rules: Record<keyof SignInLimitSettings, RateRule>;

  constructor(
    private readonly limiter: RateLimiter,
    settings: SignInLimitSettings = DEFAULT_SIGN_IN_LIMITS,
  ) {
    this.rules = {
      adminAuthFailuresPerClient: { name: 'admin-auth-failures', ...settings.adminAuthFailuresPerClient },
      loginsPerClient: { name: 'logins', ...settings.loginsPerClient },
      loginFailuresPerAccount: { name: 'login-failures', ...settings.loginFailuresPerAccount },
      accountsPerClient: { name: 'accounts', ...settings.accountsPerClient },
    };
  }

  /** Runs an account creation for `client`, if it has not created too many. */
  async createAccount<T>(client: string, create: () => Promise<T>): Promise<T> {
    await this.limiter.take(this.rules.accountsPerClient, client);
    return create();
  }

  /** Runs a login of `userId` from `client`, if neither has tried too often; counts a failure against the account. */
  async login<T>(client: string, userId: string, login: () => Promise<T>): Promise<T> {
    await this.limiter.take(this.rules.loginsPerClient, client);
    await this.limiter.check(this.rules.loginFailuresPerAccount, userId);
    return this.counting(login, InvalidCredentials, () => this.limiter.count(this.rules.loginFailuresPerAccount, userId));
  }

  /** Runs an admin-key exchange from `client`, unless it sent too many wrong keys; counts a wrong key. */
  async adminAuth<T>(client: string, exchange: () => Promise<T>): Promise<T> {
    await this.limiter.check(this.rules.adminAuthFailuresPerClient, client);
    return this.counting(exchange, Unauthorized, () => this.limiter.count(this.rules.adminAuthFailuresPerClient, client));
  }

  private async counting<T>(attempt: () => Promise<T>, failure: new (...args: never[]) => Error, countFailure: () => Promise<void>): Promise<T> {
    try {
      return await attempt();
    } catch (error) {
      if (error instanceof failure) await countFailure();
      throw error;
    }
  }
}
