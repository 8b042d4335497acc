import type { Invariant } from '../types';
import { chatInvariant } from './chat';
import { giftsInvariant } from './gifts';
import { itemsInvariant } from './items';
import { leaderboardInvariant } from './leaderboard';
import { lotsInvariant } from './lots';
import { matchmakingInvariant } from './matchmaking';
import { staminaInvariant } from './stamina';
import { walletInvariant } from './wallet';

/** Every invariant the soak checks after its run. Extension point: add one here. */
export const SOAK_INVARIANTS: readonly Invariant[] = [walletInvariant, lotsInvariant, itemsInvariant, giftsInvariant, staminaInvariant, leaderboardInvariant, chatInvariant, matchmakingInvariant];
