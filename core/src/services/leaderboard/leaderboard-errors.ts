import { KumoError } from '../../ports/errors';

/** The player has no score on the board. */
export class ScoreNotFound extends KumoError {
  constructor(board: string) {
    super('not_found', 'score_not_found', `no score on board ${board} for this player`, { board });
  }
}

/** The board's ranking has not been built yet (the first aggregation is still pending). */
export class RankingNotBuilt extends KumoError {
  constructor(board: string) {
    super('not_found', 'ranking_not_built', `board ${board} has no ranking yet; it is built shortly after the first submission`, { board });
  }
}

/** A score that is not a whole number in 0..MAX_SCORE. */
export class InvalidScore extends KumoError {
  constructor(score: number, max: number) {
    super('invalid', 'invalid_score', `a score is a whole number from 0 to ${max}`, { score, max });
  }
}
