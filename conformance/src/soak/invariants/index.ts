import type { Invariant } from '../types';
import { chatInvariant } from './chat';
import { giftsInvariant } from './gifts';
import { itemsInvariant } from './items';
import { leaderboardInvariant } from './leaderboard';
import { matchmakingInvariant } from './matchmaking';
import { staminaInvariant } from './stamina';
import { walletInvariant } from './wallet';

/**
 * Every invariant the soak checks after its run. Extension point: a paid-currency lot ledger adds
 * "Σ lots = paid balance" here (reading each player's lots next to `wallet.balance`).
 */
export const SOAK_INVARIANTS: readonly Invariant[] = [walletInvariant, itemsInvariant, giftsInvariant, staminaInvariant, leaderboardInvariant, chatInvariant, matchmakingInvariant];
