import { randomBytes } from 'node:crypto';
import { KumoError, NotFound } from '../../ports/errors';
import type { Clock } from '../../ports/clock';
import type { Ids } from '../../ports/ids';
import type { Store } from '../../ports/store';
import { transact, type Transaction } from '../../store/transact';
import { userPartition } from '../user-partition';
import { scryptHasher, type SecretHasher } from './secret-hash';
import type { IssuedToken, TokenService } from '../../http/access-tokens';

/** Stored account record (the secret only as a hash). */
interface AccountDoc {
  [field: string]: unknown;
  secretHash: string;
  createdAt: number;
}

/** A new anonymous account: the secret is shown once and never stored in clear. */
export interface CreatedAccount {
  userId: string;
  secret: string;
  createdAt: number;
}

/** Wrong user id or secret (deliberately the same error for both). */
export class InvalidCredentials extends KumoError {
  constructor() {
    super('unauthorized', 'invalid_credentials', 'unknown user id or wrong secret');
  }
}

const PROFILE = 'account:profile';

/** How long this instance trusts that an account it has seen still exists. */
export const LIVE_ACCOUNT_TTL_MS = 30_000;

/** Most accounts remembered as live at once (the oldest is forgotten first). */
const MAX_LIVE_ACCOUNTS = 10_000;

/** Anonymous accounts: create one, log in with its secret, check that a user exists. */
export class AccountService {
  constructor(
    private readonly store: Store,
    private readonly ids: Ids,
    private readonly clock: Clock,
    private readonly tokens: TokenService,
    private readonly hasher: SecretHasher = scryptHasher,
  ) {}

  /** Accounts seen to exist, with when they were seen. */
  private readonly live = new Map<string, number>();

  /** A hash no secret matches, checked for unknown user ids so they cost as much as known ones. */
  private decoy?: Promise<string>;

  /** Creates an account with a random 256-bit secret. */
  async create(): Promise<CreatedAccount> {
    const userId = this.ids.next();
    const secret = randomBytes(32).toString('base64url');
    const createdAt = this.clock.now();
    const doc: AccountDoc = { secretHash: await this.hasher.hash(secret), createdAt };
    await transact(this.store, async (tx) => tx.put(userPartition(userId), PROFILE, doc));
    return { userId, secret, createdAt };
  }

  /**
   * Checks the secret and issues a player token. An unknown user id costs the same hash as a
   * known one, so the time taken does not tell whether an account exists.
   */
  async login(userId: string, secret: string): Promise<IssuedToken> {
    const doc = await this.store.get<AccountDoc>(userPartition(userId), PROFILE);
    this.decoy ??= this.hasher.hash(randomBytes(32).toString('base64url'));
    const matches = await this.hasher.verify(secret, doc?.value.secretHash ?? (await this.decoy));
    if (!doc || !matches) throw new InvalidCredentials();
    return this.tokens.issue({ userId, role: 'player' });
  }

  /**
   * Whether the account exists: read from the store, and remembered for `LIVE_ACCOUNT_TTL_MS`
   * (so a removed account's tokens stop working within that time on every instance). While
   * remembered, `true` at once rather than a promise, so a request's auth need not wait a turn.
   */
  isLive(userId: string): true | Promise<boolean> {
    const seen = this.live.get(userId);
    if (seen !== undefined && this.clock.now() - seen < LIVE_ACCOUNT_TTL_MS) return true;
    return this.readLive(userId);
  }

  /** Reads whether the account exists, and remembers it if it does. */
  private async readLive(userId: string): Promise<boolean> {
    const now = this.clock.now();
    this.live.delete(userId);
    if (!(await this.store.get(userPartition(userId), PROFILE))) return false;
    if (this.live.size >= MAX_LIVE_ACCOUNTS) this.live.delete(this.live.keys().next().value!);
    this.live.set(userId, now);
    return true;
  }

  /**
   * The same check inside a unit of work: the account's presence becomes a condition of its
   * commit (its version does not matter), and the read goes in one batch with the reads started
   * alongside it.
   */
  async assertExistsIn(tx: Transaction, userId: string): Promise<void> {
    if (!(await tx.get(userPartition(userId), PROFILE, { presence: true }))) throw new UserNotFound(userId);
  }

  /** Throws `NotFound` (code `user_not_found`) unless the user exists. */
  async assertExists(userId: string): Promise<void> {
    const doc = await this.store.get(userPartition(userId), PROFILE);
    if (!doc) throw new UserNotFound(userId);
  }
}

/** The user id names no account. */
export class UserNotFound extends NotFound {
  constructor(userId: string) {
    super(`no user ${userId}`, { userId }, 'user_not_found');
  }
}
