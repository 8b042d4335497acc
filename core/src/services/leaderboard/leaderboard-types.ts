/** A player's best score on one board, stored in the board's score shard of that player. */
export interface ScoreDoc {
  [field: string]: unknown;
  userId: string;
  /** The best score so far (higher is better). */
  score: number;
  /** When the best score was first reached (breaks ties: earlier ranks higher). */
  achievedAt: number;
  /** Scores this player submitted to the board, improving or not. */
  submissions: number;
}

/** One row of a built ranking. */
export interface RankedScore {
  [field: string]: unknown;
  userId: string;
  score: number;
  achievedAt: number;
}

/** A ranking row as returned to clients. */
export interface RankEntry {
  rank: number;
  userId: string;
  score: number;
}

/** What `submit` did (also stored as the answer to a repeated `requestId`). */
export interface SubmitResult {
  [field: string]: unknown;
  board: string;
  userId: string;
  /** The score sent. */
  submitted: number;
  /** The player's best after this submission. */
  best: number;
  /** Whether this submission raised the best. */
  improved: boolean;
}

/** A board's state: its last built ranking and the live player count. */
export interface BoardInfo {
  board: string;
  /** Players in the last built ranking. */
  entries: number;
  /** Every score submitted before the last build started, improving or not. */
  submissions: number;
  /** When the last ranking build started (it holds every score submitted before); null if never built. */
  builtAt: number | null;
  /** Players who submitted so far (live, from the sharded counter; ahead of `entries` until the next build). */
  players: number;
  /** On a board with a reset schedule, the period shown: from `start` (included) to `end` (excluded), epoch ms; null otherwise. */
  period: { start: number; end: number } | null;
}

/** The top of a board. */
export interface TopPage {
  board: string;
  builtAt: number | null;
  entries: RankEntry[];
}

/** A player's place on a board, with the players around them. */
export interface Standing {
  board: string;
  builtAt: number | null;
  rank: number;
  score: number;
  /** Up to `neighbours` players above and below, with the player, in rank order. */
  around: RankEntry[];
}

/** Highest score accepted (a safe integer with room to spare). */
export const MAX_SCORE = 1_000_000_000_000_000;
