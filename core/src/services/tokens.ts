import { token } from '../container';
import type { JobRunner } from '../jobs/job-runner';
import type { Notifier } from '../push/notifier';
import type { AccountService } from './account/account-service';
import type { TokenService } from './account/tokens';
import type { WalletService } from './wallet/wallet-service';
import type { LeaderboardService } from './leaderboard/leaderboard-service';
import type { InventoryService } from './inventory/inventory-service';
import type { InboxService } from './inbox/inbox-service';

/** Identifiers of core's services in the container. */
export const SERVICES = {
  Tokens: token<TokenService>('Tokens'),
  Accounts: token<AccountService>('Accounts'),
  Wallet: token<WalletService>('Wallet'),
  Leaderboard: token<LeaderboardService>('Leaderboard'),
  Inventory: token<InventoryService>('Inventory'),
  Inbox: token<InboxService>('Inbox'),
  Jobs: token<JobRunner>('Jobs'),
  Notifier: token<Notifier>('Notifier'),
} as const;
