import { token } from '../container';
import type { JobRunner } from '../jobs/job-runner';
import type { Notifier } from '../push/notifier';
import type { ApiKeyService } from '../policy/api-keys';
import type { OperatorService } from '../policy/operators';
import type { AuditTrail } from '../audit/audit-trail';
import type { PolicyService, PolicySettings } from '../policy/policy-service';
import type { DeadLetters } from '../jobs/dead-letters';
import type { AccountService } from './account/account-service';
import type { TokenService } from '../http/access-tokens';
import type { RouteStats } from '../http/route-stats';
import type { HotKeyTracker } from '../store/hot-keys';
import type { SignInLimits, SignInLimitSettings } from './account/sign-in-limits';
import type { WalletService } from './wallet/wallet-service';
import type { LeaderboardService } from './leaderboard/leaderboard-service';
import type { MatchmakingService } from './matchmaking/matchmaking-service';
import type { ChatService } from './chat/chat-service';
import type { InventoryService } from './inventory/inventory-service';
import type { InboxService } from './inbox/inbox-service';
import type { StaminaService } from './stamina/stamina-service';
import type { DevicesService } from './devices/devices-service';

/** Identifiers of core's services in the container. */
export const SERVICES = {
  Tokens: token<TokenService>('Tokens'),
  Accounts: token<AccountService>('Accounts'),
  SignInLimits: token<SignInLimits>('SignInLimits'),
  SignInLimitSettings: token<SignInLimitSettings>('SignInLimitSettings'),
  Wallet: token<WalletService>('Wallet'),
  Leaderboard: token<LeaderboardService>('Leaderboard'),
  Matchmaking: token<MatchmakingService>('Matchmaking'),
  Chat: token<ChatService>('Chat'),
  Inventory: token<InventoryService>('Inventory'),
  Inbox: token<InboxService>('Inbox'),
  Stamina: token<StaminaService>('Stamina'),
  Devices: token<DevicesService>('Devices'),
  Jobs: token<JobRunner>('Jobs'),
  Notifier: token<Notifier>('Notifier'),
  Policies: token<PolicyService>('Policies'),
  PolicySettings: token<PolicySettings>('PolicySettings'),
  ApiKeys: token<ApiKeyService>('ApiKeys'),
  Operators: token<OperatorService>('Operators'),
  Audit: token<AuditTrail>('Audit'),
  DeadLetters: token<DeadLetters>('DeadLetters'),
  /** The busiest documents of the store the container hands out (every app's; see `coreModule`). */
  HotKeys: token<HotKeyTracker>('HotKeys'),
  /** Rate, errors and duration per route in this process, recorded by the app's middleware. */
  RouteStats: token<RouteStats>('RouteStats'),
} as const;
