import type { Feature } from '../feature';
import { PORTS, resolve } from '../container';
import type { Clock } from '../ports/clock';
import type { Ids } from '../ports/ids';
import type { Store } from '../ports/store';
import type { AccountService } from '../services/account/account-service';
import type { TokenService } from '../http/access-tokens';
import { SERVICES } from '../services/tokens';
import { ApiKeyService } from './api-keys';
import { PolicyService, policySettingsFromEnv, type PolicySettings } from './policy-service';
import { OperatorService } from './operators';

/** IAM-style policies on players, API keys and operators (checked by the app's auth middleware), and their admin routes; the admin key's scope from `KUMO_ADMIN_KEY_SCOPE`. */
export const policyFeature: Feature = {
  name: 'policy',
  bind({ bind }) {
    bind(SERVICES.PolicySettings).toConstantValue(policySettingsFromEnv(process.env));
    bind(SERVICES.Policies).toResolvedValue(
      (store: Store, clock: Clock, accounts: AccountService, settings: PolicySettings) => new PolicyService(store, clock, accounts, settings),
      [PORTS.Store, PORTS.Clock, SERVICES.Accounts, SERVICES.PolicySettings],
    );
    bind(SERVICES.ApiKeys).toResolvedValue(
      (store: Store, ids: Ids, clock: Clock, tokens: TokenService, policies: PolicyService) => new ApiKeyService(store, ids, clock, tokens, policies),
      [PORTS.Store, PORTS.Ids, PORTS.Clock, SERVICES.Tokens, SERVICES.Policies],
    );
  },
  async routes(app, { container, actions }) {
    const { policyRoutes } = await import('./routes');
    policyRoutes(app, resolve(container, SERVICES.Policies), resolve(container, SERVICES.ApiKeys), actions);
  },
};

/** Named operator accounts whose roles are policies, their sign-in, and their admin routes (actions `operators:*`). */
export const operatorsFeature: Feature = {
  name: 'operators',
  bind({ bind }) {
    bind(SERVICES.Operators).toResolvedValue(
      (store: Store, clock: Clock, tokens: TokenService, policies: PolicyService) => new OperatorService(store, clock, tokens, policies),
      [PORTS.Store, PORTS.Clock, SERVICES.Tokens, SERVICES.Policies],
    );
  },
  async routes(app, { container }) {
    const { operatorRoutes } = await import('./operator-routes');
    operatorRoutes(app, resolve(container, SERVICES.Operators), resolve(container, SERVICES.Policies), resolve(container, SERVICES.SignInLimits));
  },
};
