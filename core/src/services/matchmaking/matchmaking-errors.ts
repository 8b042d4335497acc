import { KumoError } from '../../ports/errors';

/** No gathering with this id. */
export class GatheringNotFound extends KumoError {
  constructor(gatheringId: string) {
    super('not_found', 'gathering_not_found', `no gathering ${gatheringId}`, { gatheringId });
  }
}

/** The gathering takes no more members: it is full (matched) or closed. */
export class GatheringUnavailable extends KumoError {
  constructor(gatheringId: string, status: string) {
    super('conflict', status === 'matched' ? 'gathering_full' : 'gathering_closed', `gathering ${gatheringId} is ${status}`, { gatheringId, status });
  }
}

/** The player does not meet the gathering's attribute ranges, or no seat is left for their role. */
export class ConditionsNotMet extends KumoError {
  constructor(gatheringId: string, reason: string) {
    super('conflict', 'conditions_not_met', `cannot join gathering ${gatheringId}: ${reason}`, { gatheringId, reason });
  }
}

/** The player already waits in another open gathering. */
export class AlreadyGathering extends KumoError {
  constructor(gatheringId: string) {
    super('conflict', 'already_in_gathering', `already waiting in gathering ${gatheringId}; leave it first`, { gatheringId });
  }
}

/** The player is not a member of the gathering. */
export class NotAMember extends KumoError {
  constructor(gatheringId: string) {
    super('not_found', 'not_a_member', `not a member of gathering ${gatheringId}`, { gatheringId });
  }
}

/** A matched gathering cannot be left: the game has started. */
export class AlreadyMatched extends KumoError {
  constructor(gatheringId: string) {
    super('conflict', 'already_matched', `gathering ${gatheringId} is already matched`, { gatheringId });
  }
}

/** Rules that cannot be met (role seats that do not add up to the capacity, a range with min > max). */
export class InvalidRules extends KumoError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('invalid', 'invalid_rules', message, details);
  }
}

/** The player is not in any open or matched gathering. */
export class NoGathering extends KumoError {
  constructor() {
    super('not_found', 'no_gathering', 'not in any gathering');
  }
}
