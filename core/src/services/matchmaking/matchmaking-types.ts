/** An inclusive range a member's numeric attribute must fall in (a level band, a rating window). */
export interface AttributeRange {
  [field: string]: unknown;
  min: number;
  max: number;
}

/** What a gathering asks of its members. */
export interface GatheringRules {
  [field: string]: unknown;
  /** The queue it is matched in (`ranked-4v4`, `raid-normal`): only players of the same mode meet. */
  mode: string;
  /** Members needed to start; the gathering is matched when it has this many. */
  capacity: number;
  /** Attribute ranges every member must meet; attributes not named here are free. */
  conditions: Record<string, AttributeRange>;
  /** Seats per role (their sum is `capacity`); null when roles do not matter. */
  roles: Record<string, number> | null;
}

/** A member of a gathering. */
export interface Member {
  [field: string]: unknown;
  userId: string;
  attributes: Record<string, number>;
  role: string | null;
  joinedAt: number;
}

/** `open`: taking members; `matched`: full, the game can start; `closed`: timed out, emptied or closed by an admin. */
export type GatheringStatus = 'open' | 'matched' | 'closed';

/** Why a gathering closed without being matched. */
export type CloseReason = 'timeout' | 'empty' | 'admin';

/** A gathering: a shared document in its own partition. */
export interface Gathering extends GatheringRules {
  id: string;
  status: GatheringStatus;
  members: Member[];
  createdAt: number;
  /** When an open gathering times out (ms). */
  deadline: number;
  matchedAt: number | null;
  closedReason: CloseReason | null;
}

/** A player as they ask to be matched. */
export interface Candidate {
  attributes: Record<string, number>;
  role?: string;
}

/** Input of `create`, and of `join` for the gathering it creates when none fits. */
export interface GatheringSpec extends Candidate {
  mode: string;
  capacity: number;
  conditions?: Record<string, AttributeRange>;
  roles?: Record<string, number>;
  /** How long the gathering waits for members before it times out. */
  ttlSeconds?: number;
}

/** Default wait before an open gathering times out. */
export const DEFAULT_GATHERING_TTL_SECONDS = 300;
/** Longest wait allowed. */
export const MAX_GATHERING_TTL_SECONDS = 3600;
/** Largest gathering (every member gets a push when it fills). */
export const MAX_CAPACITY = 32;
