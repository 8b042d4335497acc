import type { SoakAction } from '../types';
import { post } from './chat';
import { gift } from './inbox';
import { consume, purchase } from './inventory';
import { submitScore } from './leaderboard';
import { join } from './matchmaking';
import { useStamina } from './stamina';
import { storePurchase, storeRefund } from './store';
import { deposit, withdraw } from './wallet';

/** Every action the soak mixes, by weight. Add a kind of action here and its invariant in `../invariants/index.ts`. */
export const SOAK_ACTIONS: readonly SoakAction[] = [deposit, withdraw, purchase, consume, storePurchase, storeRefund, gift, useStamina, submitScore, post, join];
