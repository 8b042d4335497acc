import type { Feature } from '../../feature';
import { PORTS, resolve } from '../../container';
import type { Clock } from '../../ports/clock';
import type { Ids } from '../../ports/ids';
import type { Secrets } from '../../ports/secrets';
import type { Store } from '../../ports/store';
import { SERVICES } from '../tokens';
import { AccountService } from './account-service';
import { RateLimiter } from './rate-limiter';
import { DEFAULT_SIGN_IN_LIMITS, SignInLimits, type SignInLimitSettings } from './sign-in-limits';
import { TokenService } from '../../http/access-tokens';

/** Anonymous accounts, sign-in and admin tokens, with rate limits on signing in and up. */
export const accountFeature: Feature = {
  name: 'account',
  bind({ bind }) {
    bind(SERVICES.Tokens).toResolvedValue((secrets: Secrets, clock: Clock) => new TokenService(secrets, clock), [PORTS.Secrets, PORTS.Clock]);
    bind(SERVICES.Accounts).toResolvedValue(
      (store: Store, ids: Ids, clock: Clock, tokens: TokenService) => new AccountService(store, ids, clock, tokens),
      [PORTS.Store, PORTS.Ids, PORTS.Clock, SERVICES.Tokens],
    );
    bind(SERVICES.SignInLimitSettings).toConstantValue(DEFAULT_SIGN_IN_LIMITS);
    bind(SERVICES.SignInLimits).toResolvedValue(
      (store: Store, clock: Clock, settings: SignInLimitSettings) => new SignInLimits(new RateLimiter(store, clock), settings),
      [PORTS.Store, PORTS.Clock, SERVICES.SignInLimitSettings],
    );
  },
  async routes(app, { container }) {
    const { accountRoutes } = await import('./routes');
    accountRoutes(app, resolve(container, SERVICES.Accounts), resolve(container, SERVICES.Tokens), resolve(container, SERVICES.SignInLimits));
  },
};
