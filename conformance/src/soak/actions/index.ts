import type { SoakAction } from '../types';
import { post } from './chat';
import { gift } from './inbox';
import { consume, purchase } from './inventory';
import { submitScore } from './leaderboard';
import { join } from './matchmaking';
import { useStamina } from './stamina';
import { deposit, withdraw } from './wallet';

/**
 * Every action the soak mixes, by weight. Add a kind of action here (app-store purchases, say:
 * a receipt verified and credited once, recorded in `ledger.wallet` as a deposit) and its
 * invariant in `../invariants/index.ts`.
 */
export const SOAK_ACTIONS: readonly SoakAction[] = [deposit, withdraw, purchase, consume, gift, useStamina, submitScore, post, join];
