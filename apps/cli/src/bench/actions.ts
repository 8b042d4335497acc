import { SOAK_ACTIONS, type Outcome, type SoakAction, type SoakContext } from '@kumo/conformance/soak';

/** Counts a refusal by code, as the soak's actions do, for a read that did not answer. */
function settleRead(context: SoakContext, outcome: Outcome<unknown>): boolean {
  if (outcome.status !== 'ok') context.ledger.refused(outcome.status === 'refused' ? outcome.error.code : 'unresolved');
  return true;
}

/** A read-only action: one client call, nothing written. */
function readAction(name: string, call: (context: SoakContext, userId: string) => Promise<unknown>): SoakAction {
  return { name, weight: 1, run: async (context, userId) => settleRead(context, await context.client.call(() => call(context, userId))) };
}

/**
 * What a game client reads when a session starts: the account is live, every wallet slot, the
 * stamina (in parallel, as a client's first screen loads them).
 */
const sessionStart = readAction('session-start', ({ services, world }, userId) =>
  Promise.all([services.accounts.isLive(userId), services.wallet.balances(userId), services.stamina.get(userId, world.staminaId)]),
);

/**
 * Every action a workload may mix, by name: the soak's game actions (each through the real
 * services, with request ids, retried by the client as a game retries) and the reads of a game's
 * screens.
 */
export const BENCH_ACTIONS: ReadonlyMap<string, SoakAction> = new Map(
  [
    ...SOAK_ACTIONS,
    sessionStart,
    readAction('balance', ({ services, world, random }, userId) => services.wallet.balance(userId, random.pick(world.slots))),
    readAction('inbox-list', ({ services }, userId) => services.inbox.list(userId, { status: 'unread', limit: 20 })),
    readAction('board-top', ({ services, world }) => services.leaderboard.top(world.boards[0]!, 10)),
  ].map((action) => [action.name, action]),
);
