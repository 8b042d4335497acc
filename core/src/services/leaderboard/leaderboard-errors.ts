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

/** A reset schedule that is not a five-field cron expression. */
export class InvalidSchedule extends KumoError {
  constructor(cron: string, reason: string) {
    super('invalid', 'invalid_schedule', `schedule "${cron}" is not a cron expression (${reason})`, { cron });
  }
}

/** A period was asked of a board that has no reset schedule. */
export class NotScheduled extends KumoError {
  constructor(board: string) {
    super('not_found', 'board_not_scheduled', `board ${board} has no reset schedule, so it has no periods`, { board });
  }
}

/** Another build of the board held its lease for longer than a caller would wait. */
export class BuildBusy extends KumoError {
  constructor(board: string) {
    super('unavailable', 'ranking_build_busy', `another ranking build of board ${board} is running; try again shortly`, { board });
  }
}

/** A bulk load of a board that already has scores or a ranking, or of rows out of rank order. */
export class InvalidLoad extends KumoError {
  constructor(board: string, reason: string) {
    super('conflict', 'invalid_board_load', `board ${board} cannot be loaded: ${reason}`, { board });
  }
}
