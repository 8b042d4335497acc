import { randomBytes } from 'node:crypto';
import { KumoError, NotFound } from '../../ports/errors';
import type { Clock } from '../../ports/clock';
import type { Ids } from '../../ports/ids';
import type { Store } from '../../ports/store';
import { transact } from '../../store/transact';
import { userPartition } from '../user-partition';
import { hashSecret, verifySecret } from './secret-hash';
import type { IssuedToken, TokenService } from './tokens';

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

/** Anonymous accounts: create one, log in with its secret, check that a user exists. */
export class AccountService {
  constructor(
    private readonly store: Store,
    private readonly ids: Ids,
    private readonly clock: Clock,
    private readonly tokens: TokenService,
  ) {}

  /** Creates an account with a random 256-bit secret. */
  async create(): Promise<CreatedAccount> {
    const userId = this.ids.next();
    const secret = randomBytes(32).toString('base64url');
    const createdAt = this.clock.now();
    const doc: AccountDoc = { secretHash: await hashSecret(secret), createdAt };
    await transact(this.store, async (tx) => tx.put(userPartition(userId), PROFILE, doc));
    return { userId, secret, createdAt };
  }

  /** Checks the secret and issues a player token. */
  async login(userId: string, secret: string): Promise<IssuedToken> {
    const doc = await this.store.get<AccountDoc>(userPartition(userId), PROFILE);
    if (!doc || !(await verifySecret(secret, doc.value.secretHash))) throw new InvalidCredentials();
    return this.tokens.issue({ userId, role: 'player' });
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
