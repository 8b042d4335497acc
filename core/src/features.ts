import type { Feature } from './feature';
import { notifierFeature } from './push/feature';
import { pushConnectionFeature } from './push/connection-feature';
import { operatorsFeature, policyFeature } from './policy/feature';
import { auditFeature } from './audit/feature';
import { jobsFeature } from './jobs/feature';
import { accountFeature } from './services/account/feature';
import { walletFeature } from './services/wallet/feature';
import { leaderboardFeature } from './services/leaderboard/feature';
import { matchmakingFeature } from './services/matchmaking/feature';
import { chatFeature } from './services/chat/feature';
import { inventoryFeature } from './services/inventory/feature';
import { inboxFeature } from './services/inbox/feature';
import { staminaFeature } from './services/stamina/feature';
import { devicesFeature } from './services/devices/feature';
import { purchasesFeature } from './services/purchases/feature';
import { dashboardFeature } from './services/dashboard/feature';

/** Every feature of the backend, in mounting order. Add a service by adding its feature here. */
export const FEATURES: readonly Feature[] = [accountFeature, policyFeature, operatorsFeature, auditFeature, jobsFeature, notifierFeature, pushConnectionFeature, walletFeature, leaderboardFeature, matchmakingFeature, chatFeature, inventoryFeature, inboxFeature, staminaFeature, devicesFeature, purchasesFeature, dashboardFeature];
