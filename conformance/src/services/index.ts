import { accountScenarios } from './account';
import type { ServiceScenarios } from './context';
import { inboxScenarios } from './inbox';
import { inventoryScenarios } from './inventory';
import { notifierScenarios } from './notifier';
import { staminaScenarios } from './stamina';
import { policyScenarios } from './policy';
import { jobsScenarios } from './jobs';
import { walletScenarios } from './wallet';
import { leaderboardScenarios } from './leaderboard';
import { matchmakingScenarios } from './matchmaking';
import { chatScenarios } from './chat';
import { devicesScenarios } from './devices';
import { purchasesScenarios } from './purchases';

/** Every service's scenarios, run by `describeServices` on each adapter set. Add a service's file here. */
export const SCENARIOS: Readonly<Record<string, ServiceScenarios>> = {
  account: accountScenarios,
  wallet: walletScenarios,
  notifier: notifierScenarios,
  policy: policyScenarios,
  jobs: jobsScenarios,
  leaderboard: leaderboardScenarios,
  matchmaking: matchmakingScenarios,
  chat: chatScenarios,
  inventory: inventoryScenarios,
  inbox: inboxScenarios,
  stamina: staminaScenarios,
  devices: devicesScenarios,
  purchases: purchasesScenarios,
};
